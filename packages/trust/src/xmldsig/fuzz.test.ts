/**
 * Robustness (fast-check): a signed document with one character changed either fails to parse
 * with MalformedInputError or verifies to a typed result — never another exception. A change
 * inside signed content never yields `valid`.
 */
import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { C14N_11 } from "../c14n/algorithms.ts";
import { MalformedInputError } from "../errors.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { XmlDsigError } from "./errors.ts";
import { signXml } from "./sign.ts";
import * as U from "./uris.ts";
import { verifyXmlSignature } from "./verify.ts";

const keys = generateKeyPairSync("ec", { namedCurve: "P-256" });

describe("mutated signed documents", () => {
  it("never throw anything but MalformedInputError / XmlDsigError", async () => {
    const { document } = parseXml('<doc a="1"><p Id="x">text &amp; more</p><q>tail</q></doc>');
    const { xml } = await signXml({
      document,
      references: [
        {
          uri: "",
          digestAlgorithm: U.DIGEST_SHA256,
          transforms: [{ algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: C14N_11 }],
        },
        { uri: "#x", digestAlgorithm: U.DIGEST_SHA384 },
      ],
      canonicalizationAlgorithm: C14N_11,
      signatureAlgorithm: U.SIG_ECDSA_SHA256,
      key: keys.privateKey,
    });
    const signedText = xml.indexOf("text &amp; more");
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: xml.length - 1 }),
        fc.constantFrom("<", ">", "&", '"', "a", "Z", "0", " ", "=", "/", "#", ":"),
        async (at, ch) => {
          if (xml[at] === ch) return;
          const mutated = xml.slice(0, at) + ch + xml.slice(at + 1);
          let parsed: ReturnType<typeof parseXml>;
          try {
            parsed = parseXml(mutated);
          } catch (e) {
            expect(e).toBeInstanceOf(MalformedInputError);
            return;
          }
          try {
            const r = await verifyXmlSignature(parsed, { key: keys.publicKey });
            if (at >= signedText && at < signedText + "text &amp; more".length) expect(r.valid).toBe(false);
            if (!r.valid) expect(r.errors.length).toBeGreaterThan(0);
          } catch (e) {
            expect(e).toBeInstanceOf(XmlDsigError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
