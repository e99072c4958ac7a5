/**
 * Every migration of the platform, in the order they run. Each module owns its migrations and
 * names them `<date>-<nn>-<module>-<what>`, so the names sort in the order they were written.
 * A migration, once released, is never edited: a change is a new migration.
 */
// biome-ignore-all lint/suspicious/noExplicitAny: migrations run on any schema version, so they take an untyped handle.
import { type Kysely, type Migration, type MigrationResultSet, Migrator } from "kysely";
import { auditMigrations } from "../audit/migrations.ts";
import { deliveryMigrations } from "../delivery/migrations.ts";
import { ehealthDocumentMigrations } from "../ehealth/documents/migrations.ts";
import { ehealthMigrations } from "../ehealth/migrations.ts";
import { ehealthSystemAccessMigrations } from "../ehealth/system-access/migrations.ts";
import { ehealthWebSessionMigrations } from "../ehealth/web-session/migrations.ts";
import { identityMigrations } from "../identity/migrations.ts";

export const migrations: Record<string, Migration> = {
  ...auditMigrations,
  ...identityMigrations,
  ...ehealthMigrations,
  ...ehealthWebSessionMigrations,
  ...ehealthDocumentMigrations,
  ...ehealthSystemAccessMigrations,
  ...deliveryMigrations,
};

export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: "schema_migration",
    migrationLockTableName: "schema_migration_lock",
    // Modules add migrations side by side (each sorts within its own module); a database that
    // already ran a later-named migration of another module still takes a new earlier-named one.
    allowUnorderedMigrations: true,
  });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Brings the schema up to date; returns the names of migrations that ran. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const outcome: MigrationResultSet = await migrator(db).migrateToLatest();
  if (outcome.error) {
    const failed = outcome.results?.find((r) => r.status === "Error")?.migrationName ?? "(unknown)";
    const why = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    throw new MigrationError(`migration ${failed} failed: ${why}`);
  }
  return (outcome.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
