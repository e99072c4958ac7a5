/**
 * The database's tables, as Kysely sees them: each module owns its tables and exports their
 * types; this file only joins them. A module reads and writes only its own tables.
 */
import type { AuditTables } from "../audit/tables.ts";
import type { DeliveryTables } from "../delivery/tables.ts";
import type { EhealthCalendarTables } from "../ehealth/calendar/tables.ts";
import type { EhealthDocumentTables } from "../ehealth/documents/tables.ts";
import type { EhealthSystemAccessTables } from "../ehealth/system-access/tables.ts";
import type { EhealthTables } from "../ehealth/tables.ts";
import type { EhealthWebSessionTables } from "../ehealth/web-session/tables.ts";
import type { IdentityTables } from "../identity/tables.ts";

export type Database = AuditTables &
  IdentityTables &
  EhealthTables &
  EhealthWebSessionTables &
  EhealthDocumentTables &
  EhealthCalendarTables &
  EhealthSystemAccessTables &
  DeliveryTables;
