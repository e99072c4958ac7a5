/**
 * Complete sign-ins per second through the broker: authorize → sign-in page → eParaksts (the
 * testbed stand-in, over loopback HTTP) → phone approval → back to the RP → token → user info.
 * On the embedded database (PGlite) and, when TEST_DATABASE_URL is set, on PostgreSQL.
 * Baseline in the same run: raw RSA-2048 RS256 signatures per second (node:crypto), the one
 * asymmetric operation each sign-in must do.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { defaultStandInPersons } from "@tilts/testbed";
import { testDatabaseKinds } from "../packages/platform/src/db/testing.ts";
import {
  exchangeCode,
  loopbackFetch,
  registerTestRelyingParty,
  signInWithEparaksts,
  startTestPlatform,
} from "../packages/platform/src/identity/testing/test-platform.ts";
import { formatRate, measure } from "./measure.ts";

export default async function signinBench(): Promise<void> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const data = Buffer.alloc(300, 1);
  const baseline = await measure(() => sign("sha256", data, privateKey), 5, 300);
  console.log(formatRate("baseline: RSA-2048 RS256 sign (node:crypto)", baseline));

  const person = defaultStandInPersons()[0]!;
  for (const kind of testDatabaseKinds()) {
    const platform = await startTestPlatform(kind);
    try {
      const rp = await registerTestRelyingParty(platform);
      const once = async () => {
        const run = await signInWithEparaksts(platform, rp, {
          personalCode: person.personalCode,
          pin1: "1234",
        });
        const code = new URL(run.finalUrl).searchParams.get("code");
        if (!code) throw new Error(`sign-in did not reach the relying party: ${run.finalUrl}`);
        const tokens = (await (await exchangeCode(platform, rp, code, run.pkce.verifier)).json()) as {
          access_token: string;
        };
        const info = await loopbackFetch(`${platform.base}/oidc/me`, {
          headers: { authorization: `Bearer ${tokens.access_token}` },
        });
        if (info.status !== 200) throw new Error(`userinfo answered ${info.status}`);
        await info.arrayBuffer();
      };
      const rate = await measure(once, 5, 2000);
      console.log(formatRate(`complete sign-ins (${kind.name})`, rate));
      console.log(
        `  ratio: one sign-in costs ${(baseline.opsPerSecond / rate.opsPerSecond).toFixed(1)} RSA signatures`,
      );
    } finally {
      await platform.stop();
    }
  }
}
