/**
 * The configurable ECDSA encoding of the eParaksts raw signing endpoint (latvian-identity.md §3.2
 * leaves it open): DER ECDSA-Sig-Value from r‖s (RFC 3279 §2.2.3), checked by node:crypto.
 */
import { createHash, generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signDigestP384 } from "../eid-card/ecdsa-digest-signer.ts";
import { ecdsaRawToDer } from "./signing-identities.ts";

describe("ecdsaRawToDer", () => {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-384" });

  it("gives a DER signature node:crypto verifies, for many random signatures (leading zero and high-bit cases)", () => {
    for (let i = 0; i < 40; i++) {
      const data = Buffer.from(`document ${i}`);
      const raw = signDigestP384(privateKey, createHash("sha384").update(data).digest());
      const der = ecdsaRawToDer(raw);
      expect(der[0]).toBe(0x30);
      expect(verify("sha384", data, { key: publicKey, dsaEncoding: "der" }, der)).toBe(true);
      expect(verify("sha384", Buffer.from("other"), { key: publicKey, dsaEncoding: "der" }, der)).toBe(false);
    }
  });

  it("re-encodes a signature node:crypto made itself as r‖s", () => {
    const data = Buffer.from("round trip");
    const raw = sign("sha384", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
    const der = ecdsaRawToDer(new Uint8Array(raw));
    expect(verify("sha384", data, { key: publicKey, dsaEncoding: "der" }, der)).toBe(true);
    expect(Buffer.from(der).length).toBeLessThanOrEqual(104);
  });
});
