/**
 * The AS4 access point's manifest (its light front door): configuration keys, migrations,
 * tables, CLI commands and the endpoint, which is on only when a P-Mode is configured (OOTS-10).
 */
import { defineModule, type ModuleManifest, type ModuleServerPart, tableSet } from "../core/module/index.ts";
import { checkDeliveryConfig, type DeliveryConfig, deliveryConfigKeys } from "./config-keys.ts";
import type { DeliveryDatabase } from "./database.ts";

export const deliveryManifest: ModuleManifest<DeliveryConfig, DeliveryDatabase> = defineModule({
  name: "delivery",
  config: deliveryConfigKeys,
  checkConfig: checkDeliveryConfig,
  migrations: async () => (await import("./migrations.ts")).deliveryMigrations,
  tables: tableSet<DeliveryDatabase>({ as4_message: true }),
  commands: [
    {
      path: ["as4", "send"],
      summary: "send files as one AS4 user message on a P-Mode leg and print the receipt status",
      load: async () => (await import("./cli/as4-send.ts")).as4SendCommand,
    },
    {
      path: ["as4", "pmode", "import"],
      summary: "check a Domibus P-Mode file and print its parties, legs and services",
      load: async () => (await import("./cli/as4-pmode-import.ts")).as4PmodeImportCommand,
    },
  ],
  routes: {
    // The endpoint declares its own access (partners authenticate by signed messages, not sign-in).
    access: "per-route",
    async load(config): Promise<ModuleServerPart | undefined> {
      if (!config.as4PmodeFile) return undefined;
      const { configuredAccessPoint, deliveryModule } = await import("./index.ts");
      return deliveryModule({
        accessPoint: configuredAccessPoint(config),
        path: config.as4Path,
        maxMessageBytes: config.as4MaxMessageBytes,
      }).module;
    },
  },
});
