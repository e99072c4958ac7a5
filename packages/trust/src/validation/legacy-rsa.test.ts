import { constants, createHash, generateKeyPairSync, privateEncrypt, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { digestInfoEncodings, verifyRsaLegacyDigestInfo } from "./legacy-rsa.ts";

describe("legacy RSA DigestInfo", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const data = Buffer.from("SignedInfo octets");
  const digest = createHash("sha256").update(data).digest();
  const [withNull, withoutNull] = digestInfoEncodings("sha256", digest);

  it("node:crypto refuses the encoding without NULL (why the fallback exists)", () => {
    const legacy = privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, withoutNull!);
    expect(verify("sha256", data, publicKey, legacy)).toBe(false);
    expect(verifyRsaLegacyDigestInfo("sha256", publicKey, data, legacy)).toBe(true);
  });

  it("accepts the standard encoding and rejects other data", () => {
    const standard = sign("sha256", data, privateKey);
    expect(
      Buffer.compare(
        privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, withNull!),
        standard,
      ),
    ).toBe(0);
    expect(verifyRsaLegacyDigestInfo("sha256", publicKey, data, standard)).toBe(true);
    expect(verifyRsaLegacyDigestInfo("sha256", publicKey, Buffer.from("other"), standard)).toBe(false);
    expect(verifyRsaLegacyDigestInfo("sha1", publicKey, data, standard)).toBe(false);
  });
});
