/**
 * Start-up composition: which modules the server carries. The only place where the platform
 * may wire the testbed in (DESIGN.md), and only when the configuration asks for it.
 */
import { join } from "node:path";
import type { PlatformConfig } from "./config/config.ts";
import type { EhealthOptions } from "./ehealth/index.ts";
import type { ServerModule } from "./http/server.ts";
import type { IdentityOptions } from "./identity/index.ts";

/** Test hooks: e.g. a fixed clock for the identity module's dated policy. */
export interface CompositionOverrides {
  identity?: Partial<IdentityOptions>;
  ehealth?: EhealthOptions;
}

export async function composeModules(
  config: PlatformConfig,
  overrides: CompositionOverrides = {},
): Promise<ServerModule[]> {
  const modules: ServerModule[] = [];
  // Modules load when a server is composed, not whenever a CLI command starts.
  const identity = await import("./identity/index.ts");
  modules.push(identity.identityModule(identity.identityOptionsFrom(config, overrides.identity)));
  if (config.testbed) {
    modules.push(testbedPki(config), testbedEparaksts(config, identity.EPARAKSTS_CALLBACK_PATH));
  }
  // After identity: the e-health portal registers itself as the broker's relying party.
  const ehealth = await import("./ehealth/index.ts");
  modules.push(ehealth.ehealthModule(config, overrides.ehealth));
  return modules;
}

/**
 * The test PKI (CAs, CRLs, OCSP, TSA, trusted lists) at /testbed, created in the data folder on
 * first start with the public URL written into its certificates' CRL and OCSP addresses.
 */
function testbedPki(config: PlatformConfig): ServerModule {
  return {
    name: "testbed-pki",
    async register(app, { services }) {
      const { testbedPkiPlugin } = await import("@tilts/testbed");
      await app.register(testbedPkiPlugin, {
        prefix: "/testbed",
        stateDir: join(config.dataDir, "testbed", "pki"),
        createWithBaseUrl: `${config.publicUrl}/testbed`,
      });
      services.add({
        id: "testbed",
        href: "/testbed/",
        title: { lv: "Testa vide", en: "Test environment" },
        description: {
          lv: "Aizstājēji ārējiem pakalpojumiem: testa PKI (CRL, OCSP, laika zīmogi), uzticamo pakalpojumu saraksts, eParaksts.",
          en: "Stand-ins for outside services: test PKI (CRL, OCSP, time-stamps), trusted list, eParaksts.",
        },
      });
    },
  };
}

/** LVRTC's eParaksts identity service, stood in for at /testbed/eparaksts, knowing the platform as its client. */
function testbedEparaksts(config: PlatformConfig, callbackPath: string): ServerModule {
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
            redirectUris: [config.publicUrl + callbackPath],
          },
        ],
      });
    },
  };
}
