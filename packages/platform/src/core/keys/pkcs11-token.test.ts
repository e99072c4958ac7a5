/**
 * Keys held in a PKCS#11 token (CON-13), against SoftHSM2: generated in the token, signatures made
 * by it and verified by node:crypto, the same key found again after reopening.
 */
import { verify } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPkcs11Token, Pkcs11Error, rawEcdsaToDer } from "./pkcs11-token.ts";
import { hasSoftHsm, initSoftHsmToken } from "./testing/softhsm.ts";

describe.skipIf(!hasSoftHsm)("a PKCS#11 token (SoftHSM2; skipped: softhsm2-util is not installed)", () => {
  let dir: string;
  let settings: ReturnType<typeof initSoftHsmToken>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tilts-pkcs11-"));
    settings = initSoftHsmToken(dir, "tilts-test", "123456");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("generates a P-256 key in the token that signs what node:crypto verifies, and finds it again", () => {
    const token = openPkcs11Token(settings);
    const data = Buffer.from("checkpoint bytes");
    let publicPem: string;
    try {
      const signer = token.signer("tilts-audit");
      expect(signer.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
      const signature = signer.sign(data);
      expect(verify("sha256", data, signer.publicKey, signature)).toBe(true);
      expect(verify("sha256", Buffer.from("other bytes"), signer.publicKey, signature)).toBe(false);
      publicPem = signer.publicKey.export({ type: "spki", format: "pem" }) as string;
    } finally {
      token.close();
    }
    const reopened = openPkcs11Token(settings);
    try {
      expect(reopened.signer("tilts-audit").publicKey.export({ type: "spki", format: "pem" })).toBe(
        publicPem,
      );
      expect(reopened.signer("another").publicKey.export({ type: "spki", format: "pem" })).not.toBe(
        publicPem,
      );
    } finally {
      reopened.close();
    }
  });

  it("refuses a wrong PIN and an unknown token label with a reason", () => {
    expect(() => openPkcs11Token({ ...settings, pin: "000000" })).toThrow(/refused the PIN/);
    expect(() => openPkcs11Token({ ...settings, tokenLabel: "nope" })).toThrow(Pkcs11Error);
  });
});

describe("rawEcdsaToDer", () => {
  it("encodes r‖s as DER integers: leading zeros dropped, a high bit padded", () => {
    const r = Buffer.alloc(32, 0);
    r[31] = 1;
    const s = Buffer.alloc(32, 0xff);
    expect(rawEcdsaToDer(Buffer.concat([r, s])).toString("hex")).toBe(`3026020101022100${"ff".repeat(32)}`);
  });
});
