/** The AS4 access point's view of the database: its message store only. */
import type { DeliveryTables } from "./tables.ts";

export type DeliveryDatabase = DeliveryTables;
