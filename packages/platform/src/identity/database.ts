/** The identity module's view of the database: its own tables only (the audit log through the audit module's front door). */
import type { IdentityTables } from "./tables.ts";

export type IdentityDatabase = IdentityTables;
