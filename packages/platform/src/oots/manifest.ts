/**
 * The OOTS module's manifest (its light front door): where the EU common services are, and the
 * message check on the command line. No tables yet; no routes of its own yet.
 */
import { defineModule, type ModuleManifest } from "../core/module/index.ts";
import { type OotsConfig, ootsConfigKeys } from "./config-keys.ts";

export const ootsManifest: ModuleManifest<OotsConfig> = defineModule({
  name: "oots",
  config: ootsConfigKeys,
  migrations: async () => ({}),
  commands: [
    {
      path: ["oots", "validate"],
      summary: "check OOTS EDM messages (1.0/1.2/2.0) against the XSDs and the EC business rules",
      load: async () => (await import("./cli/oots-validate.ts")).ootsValidateCommand,
    },
  ],
});
