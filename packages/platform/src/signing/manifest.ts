/**
 * The signing module's manifest (its light front door): configuration keys and the public
 * verification page's routes (issue "Signing": verification without sign-in).
 */
import { defineModule, type ModuleManifest } from "../core/module/index.ts";
import { type SigningConfig, signingConfigKeys } from "./config-keys.ts";
import type { SigningHooks } from "./hooks.ts";

// No tables: a verified document's files live in memory for minutes only, never in the database.
export const signingManifest: ModuleManifest<
  SigningConfig,
  Record<never, never>,
  SigningHooks
> = defineModule({
  name: "signing",
  config: signingConfigKeys,
  migrations: async () => ({}),
  commands: [],
  routes: {
    // The verification page is public; each route declares PUBLIC itself (route-access.int.test.ts).
    access: "per-route",
    async load(config, hooks) {
      const { signingModule } = await import("./module.ts");
      return signingModule(config, hooks);
    },
  },
});
