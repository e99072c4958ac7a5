/**
 * A method not built in this release (eID card via Web eID, Latvija.lv via WS-Federation/SAML,
 * eIDAS): the pages say so honestly instead of faking a sign-in.
 */
import { IdentityError } from "../errors.ts";
import type { MethodButton, SignInMethod } from "./method.ts";

export function unavailableMethod(button: MethodButton): SignInMethod {
  const refuse = async (): Promise<never> => {
    throw new IdentityError("method-unavailable", `${button} is not available in this release`);
  };
  return { button, available: false, origins: [], begin: refuse, stateOf: () => undefined, complete: refuse };
}
