/** ANX2-7 (≥ 2048-bit keys, SHA-2) and ANX2-14 (the operator may raise the bar). */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { ParsedCertificate } from "@tilts/trust";
import { describe, expect, it } from "vitest";
import { DEFAULT_KEY_POLICY, keyPolicyFailure, signaturePolicyFailure } from "./key-policy.ts";

// Only the fields the policy reads; the key is given as the parsed certificate would hold it.
const withKey = (publicKey: KeyObject) => ({ publicKey }) as unknown as ParsedCertificate;
const rsa = (modulusLength: number) => withKey(generateKeyPairSync("rsa", { modulusLength }).publicKey);
const ec = (namedCurve: string) => withKey(generateKeyPairSync("ec", { namedCurve }).publicKey);
const signedWith = (oid: string, serial = "01") =>
  ({ serial, signatureAlgorithm: { oid } }) as unknown as ParsedCertificate;

describe("key policy", () => {
  it("accepts RSA-2048 and P-256 by default and refuses RSA-1024", () => {
    expect(keyPolicyFailure(rsa(2048), DEFAULT_KEY_POLICY)).toBeUndefined();
    expect(keyPolicyFailure(ec("prime256v1"), DEFAULT_KEY_POLICY)).toBeUndefined();
    expect(keyPolicyFailure(rsa(1024), DEFAULT_KEY_POLICY)).toMatchObject({
      code: "weak-key",
      message: "RSA key of 1024 bits; at least 2048 required",
    });
  });

  it("follows a raised minimum (ANX2-14)", () => {
    const raised = { minRsaBits: 3072, minEcBits: 384 };
    expect(keyPolicyFailure(rsa(2048), raised)?.code).toBe("weak-key");
    expect(keyPolicyFailure(rsa(3072), raised)).toBeUndefined();
    expect(keyPolicyFailure(ec("prime256v1"), raised)?.message).toBe(
      "EC key of 256 bits; at least 384 required",
    );
    expect(keyPolicyFailure(ec("secp384r1"), raised)).toBeUndefined();
  });

  it("refuses curves and key types outside the policy", () => {
    expect(keyPolicyFailure(ec("secp256k1"), DEFAULT_KEY_POLICY)?.message).toBe(
      "elliptic curve secp256k1 is not allowed",
    );
    expect(
      keyPolicyFailure(withKey(generateKeyPairSync("ed25519").publicKey), DEFAULT_KEY_POLICY)?.message,
    ).toBe("key type ed25519 is not allowed");
  });

  it("accepts SHA-2 signatures on the path and names the first certificate signed otherwise", () => {
    expect(
      signaturePolicyFailure([signedWith("1.2.840.113549.1.1.11"), signedWith("1.2.840.10045.4.3.3")]),
    ).toBeUndefined();
    expect(
      signaturePolicyFailure([signedWith("1.2.840.113549.1.1.11"), signedWith("1.2.840.113549.1.1.5", "0a")]),
    ).toEqual({
      code: "weak-signature",
      message: "certificate 0a is signed with 1.2.840.113549.1.1.5, not SHA-2",
    });
  });
});
