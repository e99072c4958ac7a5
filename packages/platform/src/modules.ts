/**
 * Start-up composition: which modules the server carries. The only place where the platform
 * may wire the testbed in (DESIGN.md), and only when the configuration asks for it.
 */
import type { PlatformConfig } from "./config/config.ts";
import type { ServerModule } from "./http/server.ts";
import {
  EPARAKSTS_CALLBACK_PATH,
  type IdentityOptions,
  identityModule,
  identityOptionsFrom,
} from "./identity/index.ts";

/** Test hooks: e.g. a fixed clock for the identity module's dated policy. */
export interface CompositionOverrides {
  identity?: Partial<IdentityOptions>;
}

export async function composeModules(
  config: PlatformConfig,
  overrides: CompositionOverrides = {},
): Promise<ServerModule[]> {
  const modules: ServerModule[] = [];
  modules.push(identityModule(identityOptionsFrom(config, overrides.identity)));
  if (config.testbed) modules.push(testbedEparaksts(config));
  return modules;
}

/** LVRTC's eParaksts identity service, stood in for at /testbed/eparaksts, knowing the platform as its client. */
function testbedEparaksts(config: PlatformConfig): ServerModule {
  return {
    name: "testbed-eparaksts",
    async register(app) {
      if (!config.eparakstsClientId || !config.eparakstsClientSecret) return;
      // Loaded only when the testbed is on: production never loads the stand-ins.
      const { eparakstsStandIn } = await import("@tilts/testbed");
      await app.register(eparakstsStandIn, {
        prefix: "/testbed/eparaksts",
        clients: [
          {
            clientId: config.eparakstsClientId,
            clientSecret: config.eparakstsClientSecret,
            redirectUris: [config.publicUrl + EPARAKSTS_CALLBACK_PATH],
          },
        ],
      });
    },
  };
}
