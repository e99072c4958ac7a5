/**
 * @tilts/platform — the server and the `tilts` CLI. This front door exports what other packages
 * and tools may use; domain modules export their own interfaces from their folders' index.ts.
 */
export * from "./audit/index.ts";
export { main as runCli } from "./cli/main.ts";
export { ConfigError, loadConfig, type PlatformConfig } from "./config/config.ts";
export * from "./core/personal-code/index.ts";
export {
  type DatabaseKind,
  DatabaseUnavailableError,
  type OpenDatabase,
  openDatabase,
} from "./db/database.ts";
export { migrateToLatest } from "./db/migrations.ts";
export { buildServer, type ServerContext, type ServerModule } from "./http/server.ts";
