import { type Kysely, type Migration, sql } from "kysely";
import { createConnectionApplicationTables } from "./applications/migration.ts";
import { BINDING_STATUSES } from "./tables.ts";

/** The certificate bindings of institutions' own systems (tables.ts). */
export const ehealthSystemAccessMigrations: Record<string, Migration> = {
  "2026-12-07-10-ehealth-system-binding": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("ehealth_system_binding")
        .addColumn("seq", "serial", (c) => c.notNull().unique())
        .addColumn("fingerprint", "text", (c) => c.primaryKey().check(sql`fingerprint ~ '^[0-9a-f]{64}$'`))
        .addColumn("serial", "text", (c) => c.notNull().check(sql`serial ~ '^[0-9a-f]+$'`))
        .addColumn("issuer", "text", (c) => c.notNull())
        .addColumn("registration_number", "text", (c) =>
          c.notNull().references("ehealth_institution.registration_number"),
        )
        .addColumn("system_name", "text", (c) =>
          c.notNull().check(sql`length(system_name) between 1 and 200`),
        )
        .addColumn("status", "text", (c) =>
          c.notNull().check(sql.raw(`status in (${BINDING_STATUSES.map((s) => `'${s}'`).join(", ")})`)),
        )
        .addColumn("bound_by", "text", (c) => c.notNull())
        .addColumn("bound_at", "timestamptz", (c) => c.notNull())
        .addColumn("not_after", "timestamptz", (c) => c.notNull())
        .execute();
      // One live binding per institution and system name: a renewed certificate replaces the old
      // one's binding (withdrawn), it does not add a second system of the same name.
      await sql`create unique index ehealth_system_binding_active on ehealth_system_binding (registration_number, system_name) where status = 'active'`.execute(
        db,
      );
    },
  },
  // Connection applications and approved system versions (applications/, ANX2-3, ANX2-4).
  "2026-12-07-46-ehealth-connection-applications": {
    async up(db: Kysely<unknown>) {
      await createConnectionApplicationTables(db);
    },
  },
};
