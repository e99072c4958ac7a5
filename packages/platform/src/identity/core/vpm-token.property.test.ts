/**
 * Property test of the VPM token pipeline (DESIGN: fast-check for parsers of outside input): any
 * edit of a signed token — a character changed, inserted or removed anywhere — either leaves the
 * evidence exactly as signed (the edit fell outside the signed assertion, e.g. in the RSTR's
 * Lifetime) or is refused with a coded error; nothing else escapes, and no edit yields other
 * claims than the signed ones.
 */
import { X509Certificate } from "node:crypto";
import { buildVpmToken, createVpmSigningCredential } from "@tilts/testbed";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkVpmAssertion } from "./vpm-assertion.ts";
import { evidenceFromVpm } from "./vpm-evidence.ts";
import { verifyVpmToken } from "./vpm-token.ts";

const credential = createVpmSigningCredential();
const keys = [new X509Certificate(credential.certificate).publicKey];
const T0 = new Date("2024-03-01T10:00:00.000Z");
const policy = {
  issuers: ["http://www.latvija.lv/sts"],
  realm: "https://tilts.example/",
  replyUrl: "https://tilts.example/signin/callback/latvija-lv",
  clockSkewMs: 60_000,
  now: new Date(T0.getTime() + 1000),
};

async function outcome(wresult: string): Promise<unknown> {
  try {
    const result = evidenceFromVpm(checkVpmAssertion(await verifyVpmToken(wresult, keys), policy));
    return result.ok ? result.evidence : result.code;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string") throw error;
    return code;
  }
}

describe.each(["1.1", "2.0"] as const)("VPM token edits, SAML %s", (version) => {
  it("an edited token gives the signed evidence or a coded refusal, nothing else", async () => {
    const token = await buildVpmToken({
      version,
      issuer: policy.issuers[0]!,
      realm: policy.realm,
      replyUrl: policy.replyUrl,
      person: {
        personalCode: "320731-20115",
        previousCodes: ["290156-11605"],
        givenName: "Anna",
        familyName: "Bērziņa",
      },
      authenticationMethod: "urn:ivis:100001:am-bank-SEB",
      qaaLevel: "3",
      now: T0,
      lifetimeMs: 300_000,
      key: credential.key,
      certificate: credential.certificate,
    });
    const signed = await outcome(token);
    expect(signed).toMatchObject({ method: "bank", level: "substantial" });
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom("delete", "replace", "insert"),
        fc.constantFrom("<", ">", '"', "a", "0", "=", " ", "/", "&", "Z", "4"),
        async (at, kind, ch) => {
          const edited =
            kind === "delete"
              ? token.slice(0, at) + token.slice(at + 1)
              : kind === "replace"
                ? token.slice(0, at) + ch + token.slice(at + 1)
                : token.slice(0, at) + ch + token.slice(at);
          const result = await outcome(edited);
          if (typeof result === "string") expect(result).not.toMatch(/^xmldsig-/);
          else expect(result).toEqual(signed);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
