/**
 * Hostile input (issue 3 acceptance): random mutations of real PKITS certificates and CRLs —
 * bit flips, truncations, length-octet changes, insertions — fed to the parsers, the validator
 * and the CLI never throw anything but MalformedInputError and never hang; explicit truncated,
 * mis-tagged, huge-length and 10 MB garbage inputs fail as `malformed` at once.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { parseCertificate } from "./cert/certificate.ts";
import { parseCrl } from "./crl/parse-crl.ts";
import { PKITS_DIR, PKITS_TIME, pkitsAvailable } from "./testing/pkits-cases.ts";
import { validateCertificatePath } from "./validate-certificate-path.ts";

const read = (p: string) => new Uint8Array(readFileSync(p));
const certFiles = pkitsAvailable ? readdirSync(`${PKITS_DIR}certs`).sort() : [];
const crlFiles = pkitsAvailable ? readdirSync(`${PKITS_DIR}crls`).sort() : [];
const certs = certFiles.slice(0, 400).map((f) => read(`${PKITS_DIR}certs/${f}`));
const crls = crlFiles.map((f) => read(`${PKITS_DIR}crls/${f}`));

type Mutation = { kind: "flip" | "truncate" | "length" | "insert" | "delete"; at: number; value: number };

const mutation = fc.record({
  kind: fc.constantFrom<Mutation["kind"]>("flip", "truncate", "length", "insert", "delete"),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
});

function mutate(der: Uint8Array, ms: Mutation[]): Uint8Array {
  let out = Uint8Array.from(der);
  for (const m of ms) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    switch (m.kind) {
      case "flip":
        out[at]! ^= 1 << (m.value & 7);
        break;
      case "truncate":
        out = out.subarray(0, at);
        break;
      case "length": {
        // Rewrite the first length octet at or after `at` (an octet following a tag-like byte).
        const p = Math.min(at + 1, out.length - 1);
        out[p] = m.value;
        break;
      }
      case "insert":
        out = Uint8Array.from([...out.subarray(0, at), m.value, ...out.subarray(at)]);
        break;
      case "delete":
        out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1)]);
        break;
    }
  }
  return out;
}

function onlyMalformed(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof MalformedInputError)) throw error;
  }
}

const anchor = pkitsAvailable ? read(`${PKITS_DIR}certs/TrustAnchorRootCertificate.crt`) : new Uint8Array();
const goodCa = pkitsAvailable ? read(`${PKITS_DIR}certs/GoodCACert.crt`) : new Uint8Array();
const rootCrl = pkitsAvailable ? read(`${PKITS_DIR}crls/TrustAnchorRootCRL.crl`) : new Uint8Array();
const goodCaCrl = pkitsAvailable ? read(`${PKITS_DIR}crls/GoodCACRL.crl`) : new Uint8Array();
const goodLeaf = pkitsAvailable
  ? read(`${PKITS_DIR}certs/ValidCertificatePathTest1EE.crt`)
  : new Uint8Array();

describe.skipIf(!pkitsAvailable)("mutated PKITS input", () => {
  it("parseCertificate throws only MalformedInputError", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: certs.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (i, ms) => {
          onlyMalformed(() => parseCertificate(mutate(certs[i]!, ms)));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("parseCrl throws only MalformedInputError, and found entries decode", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: crls.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (i, ms) => {
          onlyMalformed(() => {
            const crl = parseCrl(mutate(crls[i]!, ms));
            for (const s of ["01", "02", "0f", "ff"]) crl.find(s);
          });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("validateCertificatePath resolves to a result for mutated leaves, CAs and CRLs", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("leaf", "ca", "crl", "anchor"),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (target, ms) => {
          const r = await validateCertificatePath({
            leaf: target === "leaf" ? mutate(goodLeaf, ms) : goodLeaf,
            untrusted: [target === "ca" ? mutate(goodCa, ms) : goodCa],
            anchors: [target === "anchor" ? mutate(anchor, ms) : anchor],
            crls: [rootCrl, target === "crl" ? mutate(goodCaCrl, ms) : goodCaCrl],
            at: PKITS_TIME,
            revocation: "require",
          });
          expect(typeof r.valid).toBe("boolean");
          if (!r.valid) expect(r.failure?.code).toBeTypeOf("string");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("every truncation of a certificate and a CRL is malformed", () => {
    for (const der of [goodLeaf, goodCaCrl]) {
      for (let n = 0; n < der.length; n++) {
        const cut = der.subarray(0, n);
        expect(() => (der === goodLeaf ? parseCertificate(cut) : parseCrl(cut))).toThrow(MalformedInputError);
      }
    }
  });
});

describe("explicit hostile inputs", () => {
  const cases: [string, Uint8Array][] = [
    ["empty", new Uint8Array(0)],
    ["wrong outer tag", Uint8Array.of(0x31, 0x03, 0x02, 0x01, 0x01)],
    ["huge length", Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x00)],
    ["5-octet length", Uint8Array.of(0x30, 0x85, 1, 0, 0, 0, 0, 0)],
    ["indefinite length", Uint8Array.of(0x30, 0x80, 0x00, 0x00)],
    ["high tag number", Uint8Array.of(0x1f, 0x81, 0x01, 0x00)],
    ["nested empty sequences", Uint8Array.of(0x30, 0x06, 0x30, 0x04, 0x30, 0x02, 0x30, 0x00)],
    [
      "deeply nested",
      (() => {
        const depth = 5000;
        const out = new Uint8Array(depth * 2);
        for (let i = 0; i < depth; i++) {
          out[i * 2] = 0x30;
          out[i * 2 + 1] = 0x80; // invalid indefinite lengths all the way down
        }
        return out;
      })(),
    ],
  ];
  for (const [name, der] of cases) {
    it(`${name}: certificate and CRL parsers throw MalformedInputError`, async () => {
      expect(() => parseCertificate(der)).toThrow(MalformedInputError);
      expect(() => parseCrl(der)).toThrow(MalformedInputError);
      const r = await validateCertificatePath({ leaf: der, anchors: [anchor.length ? anchor : der] });
      expect(r.failure?.code).toBe("malformed");
    });
  }

  it("10 MB of random garbage is refused as malformed", async () => {
    const garbage = new Uint8Array(randomBytes(10 * 1024 * 1024));
    garbage[0] = 0x30; // make it look like a SEQUENCE to get past the first byte
    garbage[1] = 0x84;
    expect(() => parseCertificate(garbage)).toThrow(MalformedInputError);
    expect(() => parseCrl(garbage)).toThrow(MalformedInputError);
    const r = await validateCertificatePath({ leaf: garbage, anchors: [garbage] });
    expect(r.failure?.code).toBe("malformed");
  });
});
