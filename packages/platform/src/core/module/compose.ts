/**
 * The composition root's assembly, the same for every module (the platform's own and a test's
 * fixture): one configuration schema, one set of migrations, one command list and the server's
 * parts, background jobs and message catalogues, each from the manifests in the order given. Two
 * modules claiming the same key, environment variable, migration, table, command, job or message
 * stop the assembly.
 */
import type { Migration } from "kysely";
import type { ServerModule } from "../../http/server.ts";
import type { KeySpec } from "./config-keys.ts";
import type {
  AnyModuleManifest,
  CommandEntry,
  JobEntry,
  MessageCatalogue,
  RunningJob,
} from "./define-module.ts";

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

/**
 * The server part that runs the core's jobs and each module's: started in manifest order when
 * the server is ready (a job that does not start says why in the log), stopped together when it
 * closes. A module's job gets the module's composition hooks (and their `now`, when set).
 */
export function composeJobs(
  core: readonly JobEntry[],
  manifests: readonly AnyModuleManifest[],
  config: object,
  hooks: Readonly<Record<string, unknown>> = {},
): ServerModule {
  const entries = [
    ...core.map((job) => ({ owner: "core", job })),
    ...manifests.flatMap((m) => ((m.jobs ?? []) as JobEntry[]).map((job) => ({ owner: m.name, job }))),
  ];
  const seen = new Set<string>();
  for (const { owner, job } of entries) {
    const name = `${owner}.${job.name}`;
    if (seen.has(name)) throw new Error(`job ${name} is declared twice`);
    seen.add(name);
  }
  return {
    name: "jobs",
    register(app, { database }) {
      const running: RunningJob[] = [];
      app.addHook("onReady", async () => {
        for (const { owner, job } of entries) {
          const ownHooks = owner === "core" ? undefined : hooks[owner];
          const clock = (ownHooks as { now?: unknown } | undefined)?.now;
          const started = await job.start({
            config: config as never,
            hooks: ownHooks,
            db: database.db,
            log: app.log.child({ job: `${owner}.${job.name}` }),
            now: typeof clock === "function" ? (clock as () => Date) : () => new Date(),
          });
          if (started) running.push(started);
        }
      });
      app.addHook("onClose", async () => {
        await Promise.all(running.map((job) => job.stop()));
      });
    },
  };
}

/**
 * Every module's message catalogue, loaded now, keyed by module. A catalogue whose languages do
 * not hold the same keys, or whose key is not prefixed with its module's name, stops the
 * assembly: a page would otherwise show a key instead of a text in one language.
 */
export async function composeMessages(
  manifests: readonly AnyModuleManifest[],
): Promise<Record<string, MessageCatalogue>> {
  const all: Record<string, MessageCatalogue> = {};
  for (const manifest of manifests) {
    if (!manifest.messages) continue;
    const catalogue = await manifest.messages();
    const lv = Object.keys(catalogue.lv);
    const en = new Set(Object.keys(catalogue.en));
    const onlyOne = [...lv.filter((k) => !en.has(k)), ...[...en].filter((k) => !(k in catalogue.lv))];
    if (onlyOne.length > 0)
      throw new Error(
        `module ${manifest.name}: messages in one language only: ${onlyOne.slice(0, 5).join(", ")}`,
      );
    const foreign = lv.filter((k) => !k.startsWith(`${manifest.name}.`));
    if (foreign.length > 0)
      throw new Error(
        `module ${manifest.name}: message keys outside "${manifest.name}.": ${foreign.slice(0, 5).join(", ")}`,
      );
    all[manifest.name] = catalogue;
  }
  return all;
}
