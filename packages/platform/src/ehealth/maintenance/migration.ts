/** The maintenance windows' table (tables.ts). */
import { type Kysely, sql } from "kysely";

export async function createMaintenanceTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ehealth_maintenance_window")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("description_lv", "text", (c) => c.notNull())
    .addColumn("description_en", "text", (c) => c.notNull())
    .addColumn("scheduled_by", "text", (c) => c.notNull())
    .addColumn("scheduled_at", "timestamptz", (c) => c.notNull())
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("cancelled_by", "text")
    .addCheckConstraint("ehealth_maintenance_window_order", sql`ends_at > starts_at`)
    .execute();
  await sql`create index ehealth_maintenance_window_ends on ehealth_maintenance_window (ends_at)`.execute(db);
}
