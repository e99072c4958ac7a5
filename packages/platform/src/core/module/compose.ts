/**
 * The composition root's assembly, the same for every module (the platform's own and a test's
 * fixture): one configuration schema, one set of migrations, one command list and the server's
 * parts, each from the manifests in the order given. Two modules claiming the same key,
 * environment variable, migration, table or command stop the assembly.
 */
import type { Migration } from "kysely";
import type { ServerModule } from "../../http/server.ts";
import type { KeySpec } from "./config-keys.ts";
import type { AnyModuleManifest, CommandEntry } from "./define-module.ts";

/** The core's keys, then each module's, in manifest order (defaults read keys declared before them). */
export function composeConfigSchema(
  core: Record<string, KeySpec<unknown>>,
  manifests: readonly AnyModuleManifest[],
): Record<string, KeySpec<unknown>> {
  const schema: Record<string, KeySpec<unknown>> = { ...core };
  const envs = new Map(Object.entries(core).map(([key, spec]) => [spec.env, key]));
  for (const manifest of manifests) {
    for (const [key, spec] of Object.entries(manifest.config as Record<string, KeySpec<unknown>>)) {
      if (key in schema)
        throw new Error(`module ${manifest.name}: configuration key ${key} is declared twice`);
      if (envs.has(spec.env))
        throw new Error(`module ${manifest.name}: environment variable ${spec.env} is declared twice`);
      schema[key] = spec;
      envs.set(spec.env, key);
    }
  }
  return schema;
}

/** Every module's migrations with the core's, loaded now (a name taken twice is a mistake). */
export async function composeMigrations(
  core: Record<string, Migration>,
  manifests: readonly AnyModuleManifest[],
): Promise<Record<string, Migration>> {
  const all: Record<string, Migration> = { ...core };
  for (const manifest of manifests) {
    for (const [name, migration] of Object.entries(await manifest.migrations())) {
      if (name in all) throw new Error(`module ${manifest.name}: migration ${name} is declared twice`);
      all[name] = migration;
    }
  }
  const tables = new Map<string, string>();
  for (const manifest of manifests)
    for (const table of manifest.tables?.names ?? []) {
      const owner = tables.get(table);
      if (owner) throw new Error(`table ${table} is claimed by modules ${owner} and ${manifest.name}`);
      tables.set(table, manifest.name);
    }
  return all;
}

/** The command list: the core's first, then each module's. */
export function composeCommands(
  core: readonly CommandEntry[],
  manifests: readonly AnyModuleManifest[],
  after: readonly CommandEntry[] = [],
): CommandEntry[] {
  const all = [...core, ...manifests.flatMap((m) => m.commands), ...after];
  const seen = new Set<string>();
  for (const entry of all) {
    const words = entry.path.join(" ");
    if (seen.has(words)) throw new Error(`command "${words}" is declared twice`);
    seen.add(words);
  }
  return all;
}

/**
 * Each module's server part, loaded now, named after its manifest and carrying the access its
 * manifest declares (`public` puts every route in the public scope; `per-route` leaves each
 * route to declare its own, which the server enforces).
 */
export async function composeServerModules(
  manifests: readonly AnyModuleManifest[],
  config: object,
  hooks: Readonly<Record<string, unknown>> = {},
): Promise<ServerModule[]> {
  const parts: ServerModule[] = [];
  for (const manifest of manifests) {
    if (!manifest.routes) continue;
    // The composition passes the whole configuration; each module reads its own keys and the core's.
    const part = await manifest.routes.load(config as never, hooks[manifest.name]);
    if (!part) continue;
    parts.push({
      name: manifest.name,
      ...(manifest.routes.access === "public" ? { access: "public" as const } : {}),
      register: part.register,
    });
  }
  return parts;
}
