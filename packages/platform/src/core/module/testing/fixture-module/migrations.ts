/** The fixture module's migration: its one table, with one note in it. */
import { type Kysely, type Migration, sql } from "kysely";

export const fixtureMigrations: Record<string, Migration> = {
  "2026-12-07-01-fixture-note": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("fixture_note")
        .addColumn("id", "serial", (c) => c.primaryKey())
        .addColumn("body", "text", (c) => c.notNull())
        .execute();
      await sql`insert into fixture_note (body) values ('first note')`.execute(db);
    },
  },
};
