/**
 * Every migration of the platform: the core's (the audit log's, the web session's, the mail outbox's) and each module's, gathered from
 * the manifests. Each module owns its migrations and names them `<date>-<nn>-<module>-<what>`,
 * so the names sort in the order they were written. A migration, once released, is never
 * edited: a change is a new migration.
 */
// biome-ignore-all lint/suspicious/noExplicitAny: migrations run on any schema version, so they take an untyped handle.
import { type Kysely, type Migration, type MigrationResultSet, Migrator } from "kysely";
import { auditMigrations } from "../audit/migrations.ts";
import { type AnyModuleManifest, composeMigrations } from "../core/module/index.ts";
import { outboxMigrations } from "../core/outbox/migrations.ts";
import { webSessionMigrations } from "../core/web-session/migrations.ts";
import { MODULE_MANIFESTS } from "../manifests.ts";

/** The core's migrations and those of the given modules (the platform's by default). */
export function allMigrations(
  manifests: readonly AnyModuleManifest[] = MODULE_MANIFESTS,
): Promise<Record<string, Migration>> {
  return composeMigrations({ ...auditMigrations, ...webSessionMigrations, ...outboxMigrations }, manifests);
}

export function migrator(
  db: Kysely<any>,
  manifests: readonly AnyModuleManifest[] = MODULE_MANIFESTS,
): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => allMigrations(manifests) },
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
export async function migrateToLatest(
  db: Kysely<any>,
  manifests: readonly AnyModuleManifest[] = MODULE_MANIFESTS,
): Promise<string[]> {
  const outcome: MigrationResultSet = await migrator(db, manifests).migrateToLatest();
  if (outcome.error) {
    const failed = outcome.results?.find((r) => r.status === "Error")?.migrationName ?? "(unknown)";
    const why = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    throw new MigrationError(`migration ${failed} failed: ${why}`);
  }
  return (outcome.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(
  db: Kysely<any>,
  manifests: readonly AnyModuleManifest[] = MODULE_MANIFESTS,
): Promise<string[]> {
  const all = await migrator(db, manifests).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
