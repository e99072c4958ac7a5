/**
 * The module kit of the shared core: `defineModule` and what a manifest is made of (config key
 * specs and their parsers, command entries, table sets), and the composition root's assembly of
 * manifests. Light on purpose: a module's manifest imports this, and the CLI imports every
 * manifest to print its command list.
 */
export {
  composeCommands,
  composeConfigSchema,
  composeJobs,
  composeMessages,
  composeMigrations,
  composeServerModules,
} from "./compose.ts";
export {
  boolean,
  type ConfigFragment,
  integer,
  type KeySpec,
  oneOf,
  path,
  type RawValue,
  text,
  url,
} from "./config-keys.ts";
export {
  type AnyModuleManifest,
  type CommandEntry,
  type ConfigOf,
  type ConfigOfModules,
  defineModule,
  type JobContext,
  type JobEntry,
  type MessageCatalogue,
  type ModuleAccess,
  type ModuleManifest,
  type ModuleRoutes,
  type ModuleServerPart,
  type RunningJob,
  type TableSet,
  type TablesOf,
  type TablesOfModules,
  tableSet,
} from "./define-module.ts";
export { sharedHandle } from "./shared-handle.ts";
