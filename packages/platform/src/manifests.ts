/**
 * The platform's modules, in the order they are composed: configuration keys are read, migrations
 * gathered, commands listed and routes registered in this order (identity first: e-health's portal
 * registers itself as the sign-in broker's relying party). Adding a module is one line here.
 */
import { deliveryManifest } from "./delivery/manifest.ts";
import { ehealthManifest } from "./ehealth/manifest.ts";
import { eservicesManifest } from "./eservices/manifest.ts";
import { identityManifest } from "./identity/manifest.ts";
import { ootsManifest } from "./oots/manifest.ts";
import { signingManifest } from "./signing/manifest.ts";

export const MODULE_MANIFESTS = [
  identityManifest,
  ehealthManifest,
  ootsManifest,
  deliveryManifest,
  eservicesManifest,
  signingManifest,
] as const;
