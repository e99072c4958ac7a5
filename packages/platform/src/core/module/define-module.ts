/**
 * A module is a manifest: its name, its configuration keys, its migrations and tables, its CLI
 * commands and its routes with their declared access. The composition root assembles the
 * platform from the manifests and knows nothing else of a module; a module's code is loaded
 * only when one of its commands runs or a server is composed (a manifest imports only the
 * core's light helpers, so `tilts --version` and `--help` load no module code).
 */
import type { FastifyBaseLogger } from "fastify";
import type { Kysely, Migration } from "kysely";
import type { Command } from "../../cli/command.ts";
import type { CoreConfig } from "../../config/config.ts";
import type { ServerModule } from "../../http/server.ts";
import type { ConfigFragment } from "./config-keys.ts";

/** One CLI command as `tilts --help` lists it; the command's code loads only when it runs. */
export interface CommandEntry {
  /** Words that select the command, as in its Command. */
  path: string[];
  /** One line for the command list, as in its Command. */
  summary: string;
  /** Imports the command's module. */
  load: () => Promise<Command>;
}

/**
 * How a module's routes are reached: `public` when every route is reachable without sign-in
 * (declared so in one encapsulated scope), `per-route` when each route declares its own
 * `config.access` (http/route-access.ts refuses a route that declares none).
 */
export type ModuleAccess = "public" | "per-route";

/** What the server registers for a module. */
export type ModuleServerPart = Pick<ServerModule, "register">;

export interface ModuleRoutes<Config, Hooks> {
  access: ModuleAccess;
  /**
   * Loads the module's code and returns what the server registers, or undefined when the
   * configuration leaves the module's routes off. `hooks` are the composition's settings for
   * this module (tests fix its clock; the testbed wiring points it at stand-ins).
   */
  load(config: CoreConfig & Config, hooks: Hooks | undefined): Promise<ModuleServerPart | undefined>;
}

/** A started background job; the composition stops it when the server closes. */
export interface RunningJob {
  /** Stops scheduling and waits for the pass in flight. */
  stop(): Promise<void>;
}

/** What a job is started with. */
export interface JobContext<Config = Record<string, unknown>, Hooks = unknown> {
  config: CoreConfig & Config;
  /** The composition's settings for the module (tests fix its clock, hand in trust anchors). */
  hooks: Hooks | undefined;
  /** The server's database; the job types it to its module's own tables. */
  // biome-ignore lint/suspicious/noExplicitAny: each job sees the handle as its own module's tables.
  db: Kysely<any>;
  /** The server's log, bound to the job's name. */
  log: FastifyBaseLogger;
  /** The clock: the module's hooks' `now` when they carry one, else the system's. */
  now: () => Date;
}

/**
 * A background job of a module (a loop of passes: an outbox sender, a renewal, a pruner): started
 * by the composition root when the server is ready, stopped when it closes. Its code loads only
 * then (`start` imports it).
 */
export interface JobEntry<Config = Record<string, unknown>, Hooks = unknown> {
  /** Lower-case words with hyphens; logged as `<module>.<name>`. */
  name: string;
  /** Starts the job, or resolves to undefined (after logging why) when the configuration leaves it off. */
  start(context: JobContext<Config, Hooks>): Promise<RunningJob | undefined>;
}

/**
 * The module's texts shown to people, per language (Latvian first: it is the language of the
 * pages; English beside it), each key prefixed `<module>.`.
 */
export type MessageCatalogue = Readonly<Record<"lv" | "en", Readonly<Record<string, string>>>>;

/** The module's tables, each named once: a table of `Tables` left out does not compile. */
export interface TableSet<Tables> {
  readonly names: readonly (keyof Tables & string)[];
  /** Carries the type only (Kysely<Tables> for the module's code); never set. */
  readonly type?: Tables;
}

export function tableSet<Tables>(names: { [K in keyof Tables]-?: true }): TableSet<Tables> {
  return { names: Object.keys(names) as (keyof Tables & string)[] };
}

export interface ModuleManifest<
  Config = Record<string, unknown>,
  Tables = Record<never, never>,
  Hooks = unknown,
> {
  /** Lower-case words with hyphens; the module's folder and its settings' key in the composition. */
  name: string;
  /** The module's configuration keys, read after the core's (their defaults may use core keys). */
  config: ConfigFragment<Config, CoreConfig>;
  /**
   * Checks across the module's keys after all are read (e.g. one of three onboarding values
   * without the others is a mistake, not "off"); throws ConfigError naming the key.
   */
  checkConfig?: (config: CoreConfig & Config) => void;
  /** The module's migrations, named `<date>-<nn>-<module>-<what>`; loaded when the database is migrated. */
  migrations: () => Promise<Record<string, Migration>>;
  tables?: TableSet<Tables>;
  commands: CommandEntry[];
  routes?: ModuleRoutes<Config, Hooks>;
  /** Background jobs the composition starts with the server and stops when it closes. */
  jobs?: JobEntry<Config, Hooks>[];
  /** Loads the module's message catalogue (lazily: a manifest stays light); collected by `composeMessages`. */
  messages?: () => Promise<MessageCatalogue>;
}

/** Any module's manifest, as the composition root holds them. */
// biome-ignore lint/suspicious/noExplicitAny: the composition holds manifests of every module's own config, tables and hooks.
export type AnyModuleManifest = ModuleManifest<any, any, any>;

/** Declares a module; the identity function that types the manifest and checks its shape. */
export function defineModule<Config, Tables = Record<never, never>, Hooks = never>(
  manifest: ModuleManifest<Config, Tables, Hooks>,
): ModuleManifest<Config, Tables, Hooks> {
  if (!/^[a-z][a-z0-9-]*$/.test(manifest.name))
    throw new Error(`module name ${JSON.stringify(manifest.name)}: expected lower-case words with hyphens`);
  return manifest;
}

/** The configuration of a list of modules, joined. */
export type ConfigOfModules<M extends readonly AnyModuleManifest[]> = UnionToIntersection<
  ConfigOf<M[number]>
>;

/** The tables of a list of modules, joined. */
export type TablesOfModules<M extends readonly AnyModuleManifest[]> = UnionToIntersection<
  TablesOf<M[number]>
>;

/** One module's configuration (distributes over a union of manifests). */
export type ConfigOf<M> = M extends ModuleManifest<infer C, infer _T, infer _H> ? C : never;
/** One module's tables: what its Kysely handle is typed to. */
export type TablesOf<M> = M extends ModuleManifest<infer _C, infer T, infer _H> ? T : never;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;
