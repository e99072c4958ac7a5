/**
 * The e-health module's view of the database: its own tables only. What it records goes to the
 * audit log through the audit module's front door, and its reports read the log through the
 * audit module's query port.
 */
import type { Transaction } from "kysely";
import type { EhealthAttestationTables } from "./attestation/tables.ts";
import type { EhealthCalendarTables } from "./calendar/tables.ts";
import type { EhealthClassifierTables } from "./classifiers/tables.ts";
import type { EhealthCopyingTables } from "./copying/tables.ts";
import type { EhealthDocumentTables } from "./documents/tables.ts";
import type { EhealthMaintenanceTables } from "./maintenance/tables.ts";
import type { EhealthSupportTables } from "./support/tables.ts";
import type { EhealthSystemAccessTables } from "./system-access/tables.ts";
import type { EhealthTables } from "./tables.ts";

export type EhealthDatabase = EhealthTables &
  EhealthDocumentTables &
  EhealthCalendarTables &
  EhealthSystemAccessTables &
  EhealthMaintenanceTables &
  EhealthSupportTables &
  EhealthCopyingTables &
  EhealthClassifierTables &
  EhealthAttestationTables;

/** A transaction on the module's tables (tests open one on the whole database and hand it in). */
export type EhealthTransaction = Transaction<EhealthDatabase>;
