/** The sign-in methods of this release, by button. Later methods replace their `unavailableMethod`. */
import type { TrustedXSettings } from "../adapters/trustedx-client.ts";
import { eparakstsMethod } from "./eparaksts-method.ts";
import type { MethodButton, SignInMethod } from "./method.ts";
import { unavailableMethod } from "./unavailable-method.ts";

export function methodRegistry(settings: { eparaksts?: TrustedXSettings }): Map<MethodButton, SignInMethod> {
  return new Map<MethodButton, SignInMethod>([
    ["eparaksts", eparakstsMethod(settings.eparaksts)],
    ["latvija-lv", unavailableMethod("latvija-lv")],
    ["eid-card", unavailableMethod("eid-card")],
    ["eidas", unavailableMethod("eidas")],
  ]);
}
