/** The e-service registry's view of the database: its own tables only. */
import type { Kysely, Transaction } from "kysely";
import type { EservicesTables } from "./tables.ts";

export type EservicesDatabase = EservicesTables;
export type EservicesDb = Kysely<EservicesDatabase>;
export type EservicesTransaction = Transaction<EservicesDatabase>;
