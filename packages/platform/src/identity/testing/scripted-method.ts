/**
 * For tests only: a sign-in method that asserts whatever evidence the test scripts, standing in
 * for a method whose adapter is not built yet (Latvija.lv's bank links). It goes through the same
 * routes as a real method — state consumed once, evidence kept for the browser holding the
 * interaction — so the policy, refusal page, audit and ID token are exercised for real.
 */
import type { SignInEvidence } from "../core/evidence.ts";
import type { MethodButton, SignInMethod } from "../methods/method.ts";

export function scriptedMethod(
  button: MethodButton,
  evidence: () => SignInEvidence,
  base: string,
): SignInMethod {
  return {
    button,
    available: true,
    origins: [base],
    async begin({ attempt }) {
      // The "outside service" answers at once, straight to our callback.
      return {
        kind: "redirect",
        url: `${base}/signin/callback/${button}?state=${encodeURIComponent(attempt.state)}`,
      };
    },
    stateOf: (params) => params.state,
    async complete() {
      return evidence();
    },
  };
}
