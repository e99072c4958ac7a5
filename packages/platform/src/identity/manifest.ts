/**
 * The identity module's manifest (its light front door): configuration keys, migrations, tables,
 * CLI commands and routes. Imports only the core's module kit and the module's key specs; the
 * module's code loads when a command runs or a server is composed.
 */
import { defineModule, type ModuleManifest, type ModuleServerPart, tableSet } from "../core/module/index.ts";
import type { IdentityOptions } from "./config.ts";
import { checkIdentityConfig, type IdentityConfig, identityConfigKeys } from "./config-keys.ts";
import type { IdentityTables } from "./tables.ts";

export const identityManifest: ModuleManifest<
  IdentityConfig,
  IdentityTables,
  Partial<IdentityOptions>
> = defineModule({
  name: "identity",
  config: identityConfigKeys,
  checkConfig: checkIdentityConfig,
  migrations: async () => (await import("./migrations.ts")).identityMigrations,
  tables: tableSet<IdentityTables>({
    identity_client: true,
    identity_oidc_record: true,
    identity_signing_key: true,
    identity_secret: true,
    identity_account: true,
    identity_method_attempt: true,
  }),
  commands: [
    {
      path: ["identity", "client", "add"],
      summary: "register a relying party of the sign-in broker; prints its client_id and secret once",
      load: async () => (await import("./cli/identity-client.ts")).identityClientAddCommand,
    },
    {
      path: ["identity", "client", "list"],
      summary: "list the sign-in broker's relying parties (never their secrets)",
      load: async () => (await import("./cli/identity-client.ts")).identityClientListCommand,
    },
    {
      path: ["identity", "keys", "rotate"],
      summary: "add a new ID-token signing key; the old one stays published until its tokens expire",
      load: async () => (await import("./cli/identity-keys.ts")).identityKeysRotateCommand,
    },
    {
      path: ["identity", "keys", "list"],
      summary: "list ID-token signing keys and whether each is active, published or expired",
      load: async () => (await import("./cli/identity-keys.ts")).identityKeysListCommand,
    },
  ],
  routes: {
    // The broker's own endpoints: OIDC protects them by protocol, the sign-in pages by the interaction.
    access: "public",
    async load(config, hooks): Promise<ModuleServerPart | undefined> {
      const [{ identityModule }, { identityOptionsFrom }] = await Promise.all([
        import("./module.ts"),
        import("./config.ts"),
      ]);
      return identityModule(identityOptionsFrom(config, hooks));
    },
  },
});
