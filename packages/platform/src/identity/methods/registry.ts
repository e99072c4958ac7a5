/** The sign-in methods of this release, by button. Later methods replace their `unavailableMethod`. */
import type { TrustedXSettings } from "../adapters/trustedx-client.ts";
import { eidCardMethod } from "./eid-card-method.ts";
import type { EidCardSettings } from "./eid-card-settings.ts";
import { eidasMethod } from "./eidas-method.ts";
import type { EidasSettings } from "./eidas-settings.ts";
import { eparakstsMethod } from "./eparaksts-method.ts";
import type { MethodButton, SignInMethod } from "./method.ts";
import { unavailableMethod } from "./unavailable-method.ts";
import { type VpmSettings, vpmMethod } from "./vpm-method.ts";

export function methodRegistry(settings: {
  eparaksts?: TrustedXSettings;
  /** Latvija.lv's login module (absent: the button leads to the "not available" page). */
  vpm?: VpmSettings;
  /** eIDAS nodes and our SAML keys (absent: listed as not available). */
  eidas?: EidasSettings;
  /** eID card via Web eID (absent: listed as not available). */
  eidCard?: EidCardSettings;
  now?: () => Date;
  methodOverrides?: Partial<Record<MethodButton, SignInMethod>>;
}): Map<MethodButton, SignInMethod> {
  const methods = new Map<MethodButton, SignInMethod>([
    ["eparaksts", eparakstsMethod(settings.eparaksts)],
    ["latvija-lv", vpmMethod(settings.vpm)],
    ["eid-card", eidCardMethod(settings.eidCard)],
    ["eidas", settings.eidas ? eidasMethod(settings.eidas, settings.now) : unavailableMethod("eidas")],
  ]);
  for (const [button, method] of Object.entries(settings.methodOverrides ?? {})) {
    if (method) methods.set(button as MethodButton, method);
  }
  return methods;
}
