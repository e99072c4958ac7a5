/**
 * The database's tables, as Kysely sees them: the core's (audit log, web session, mail outbox) and each module's tables,
 * joined from the manifests. A module's own code is typed to its own tables only (its
 * `database.ts`); this whole view is for the composition root and the test helpers.
 */
import type { AuditTables } from "../audit/tables.ts";
import type { TablesOfModules } from "../core/module/index.ts";
import type { OutboxTables } from "../core/outbox/tables.ts";
import type { WebSessionTables } from "../core/web-session/tables.ts";
import type { MODULE_MANIFESTS } from "../manifests.ts";

export type Database = AuditTables &
  WebSessionTables &
  OutboxTables &
  TablesOfModules<typeof MODULE_MANIFESTS>;
