/**
 * The classifier store's tables (tables.ts), seeded with version 1 of the built-in classifiers
 * (built-in.ts), and the institutions' classifier contracts (DEV-5).
 */
import { type Kysely, type Migration, sql } from "kysely";
import { BUILT_IN_CODE_SYSTEMS, BUILT_IN_VALID_FROM } from "./built-in.ts";

/** A fixed instant, so every database seeded by this migration holds the same rows. */
const SEEDED_AT = new Date("2026-12-07T00:00:00Z");
const DATE_SHAPE = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'";

async function createTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ehealth_code_system")
    .addColumn("name", "text", (c) => c.primaryKey().check(sql`name ~ '^[a-z][a-z0-9-]{0,62}$'`))
    .addColumn("url", "text", (c) => c.notNull().unique())
    .addColumn("oid", "text")
    .addColumn("title_lv", "text", (c) => c.notNull())
    .addColumn("title_en", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("ehealth_code_system_version")
    .addColumn("name", "text", (c) => c.notNull().references("ehealth_code_system.name"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("loaded_at", "timestamptz", (c) => c.notNull())
    .addColumn("loaded_by", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("added", "integer", (c) => c.notNull())
    .addColumn("changed", "integer", (c) => c.notNull())
    .addColumn("retired", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("ehealth_code_system_version_pk", ["name", "version"])
    .execute();
  await db.schema
    .createTable("ehealth_code")
    .addColumn("system_name", "text", (c) => c.notNull().references("ehealth_code_system.name"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("display_lv", "text", (c) => c.notNull())
    .addColumn("display_en", "text", (c) => c.notNull())
    .addColumn("valid_from", "text", (c) => c.notNull().check(sql.raw(`valid_from ~ ${DATE_SHAPE}`)))
    .addColumn("valid_to", "text", (c) => c.check(sql.raw(`valid_to ~ ${DATE_SHAPE}`)))
    .addColumn("added_in", "integer", (c) => c.notNull())
    .addColumn("changed_in", "integer", (c) => c.notNull())
    .addColumn("retired_in", "integer")
    .addPrimaryKeyConstraint("ehealth_code_pk", ["system_name", "code"])
    .addCheckConstraint("ehealth_code_validity", sql`valid_to is null or valid_to >= valid_from`)
    .execute();
  // "Changes since version N" reads the codes a later version touched.
  await sql`create index ehealth_code_changed on ehealth_code (system_name, changed_in)`.execute(db);
  await db.schema
    .createTable("ehealth_classifier_contract")
    .addColumn("registration_number", "text", (c) =>
      c.primaryKey().references("ehealth_institution.registration_number"),
    )
    .addColumn("number", "text", (c) => c.notNull().check(sql`length(number) between 1 and 100`))
    .addColumn("concluded_on", "text", (c) => c.notNull().check(sql.raw(`concluded_on ~ ${DATE_SHAPE}`)))
    .addColumn("recorded_by", "text", (c) => c.notNull())
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull())
    .execute();
}

async function seedBuiltIns(db: Kysely<unknown>): Promise<void> {
  const now = SEEDED_AT;
  for (const system of BUILT_IN_CODE_SYSTEMS) {
    await sql`insert into ehealth_code_system (name, url, oid, title_lv, title_en, version, updated_at)
      values (${system.name}, ${system.url}, ${system.oid}, ${system.titleLv}, ${system.titleEn}, 1, ${now})`.execute(
      db,
    );
    await sql`insert into ehealth_code_system_version (name, version, loaded_at, loaded_by, source, added, changed, retired)
      values (${system.name}, 1, ${now}, 'built-in', 'built-in', ${system.codes.length}, 0, 0)`.execute(db);
    for (const c of system.codes)
      await sql`insert into ehealth_code (system_name, code, display_lv, display_en, valid_from, valid_to, added_in, changed_in, retired_in)
        values (${system.name}, ${c.code}, ${c.lv}, ${c.en}, ${BUILT_IN_VALID_FROM}, null, 1, 1, null)`.execute(
        db,
      );
  }
}

export const ehealthClassifierMigrations: Record<string, Migration> = {
  "2026-12-07-47-ehealth-classifiers": {
    async up(db: Kysely<unknown>) {
      await createTables(db);
      await seedBuiltIns(db);
    },
  },
};
