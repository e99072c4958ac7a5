/**
 * eParaksts (LVRTC TrustedX): the person approves in eParaksts Mobile with PIN1 (AUTH-4), or uses a
 * smart card. We send them to LVRTC's authorize endpoint with state, nonce and a PKCE challenge;
 * on return we check the state (done by the route, single use), exchange the code with Basic
 * client authentication and read user info; the evidence comes from LVRTC's acr and amr only.
 */
import { codeChallengeOf } from "../adapters/method-attempts.ts";
import { TrustedXClient, type TrustedXSettings } from "../adapters/trustedx-client.ts";
import type { SignInEvidence } from "../core/evidence.ts";
import {
  evidenceFromTrustedX,
  TRUSTEDX_FLOW_MOBILE,
  TRUSTEDX_SCOPE_IDENTIFICATION,
} from "../core/trustedx-evidence.ts";
import { IdentityError } from "../errors.ts";
import type { SignInMethod } from "./method.ts";

const MAX_PARAM = 2048;

export function eparakstsMethod(
  settings: TrustedXSettings | undefined,
  flow = TRUSTEDX_FLOW_MOBILE,
): SignInMethod {
  const client = settings ? new TrustedXClient(settings) : undefined;
  return {
    button: "eparaksts",
    available: client !== undefined,
    origins: client ? [client.origin] : [],
    async begin({ attempt, language }) {
      if (!client) throw new IdentityError("method-unavailable", "eParaksts is not configured");
      return {
        kind: "redirect",
        url: client.authorizeUrl({
          state: attempt.state,
          nonce: attempt.nonce,
          codeChallenge: codeChallengeOf(attempt.codeVerifier),
          flow,
          scope: TRUSTEDX_SCOPE_IDENTIFICATION,
          locale: language,
        }),
      };
    },
    stateOf(params) {
      const state = params.state;
      return typeof state === "string" && state.length <= MAX_PARAM ? state : undefined;
    },
    async complete(params, attempt, today): Promise<SignInEvidence> {
      if (!client) throw new IdentityError("method-unavailable", "eParaksts is not configured");
      if (params.error) {
        // RFC 6749 §4.1.2.1: the person cancelled or LVRTC refused them.
        throw new IdentityError(
          "method-cancelled",
          "eParaksts returned an error",
          String(params.error).slice(0, 100),
        );
      }
      const code = params.code;
      if (typeof code !== "string" || !code || code.length > MAX_PARAM) {
        throw new IdentityError("method-protocol-error", "eParaksts answer without a code");
      }
      const accessToken = await client.exchangeCode(code, attempt.codeVerifier);
      const info = await client.userInfo(accessToken);
      const result = evidenceFromTrustedX(info, today);
      if (!result.ok)
        throw new IdentityError("evidence-rejected", "eParaksts evidence not accepted", result.code);
      return result.evidence;
    },
  };
}
