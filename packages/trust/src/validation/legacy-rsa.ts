/**
 * Legacy RSA PKCS#1 v1.5 signatures whose DigestInfo omits the NULL parameters of the hash
 * AlgorithmIdentifier (pre-Java-8 tools; edoc-and-validation.md §1.4.9). RFC 8017 §9.2 note 2
 * allows verifiers to accept both encodings. node:crypto (OpenSSL 3) refuses the form without
 * NULL (checked: `verify` returns false), so the fallback recovers the encoded message with
 * the public key (RSA public operation with PKCS#1 type-1 padding removed) and compares it
 * with both DigestInfo encodings of the expected hash, in constant time.
 */
import { constants, createHash, type KeyObject, publicDecrypt, timingSafeEqual } from "node:crypto";

/** DER AlgorithmIdentifier bodies (OID only) of the hashes RSA XMLDSig methods use. */
const HASH_OID_DER: Record<string, string> = {
  sha1: "06052b0e03021a",
  sha224: "0609608648016503040204",
  sha256: "0609608648016503040201",
  sha384: "0609608648016503040202",
  sha512: "0609608648016503040203",
};

function tlv(tag: number, body: Buffer): Buffer {
  if (body.length >= 0x80) throw new Error("DigestInfo component too long");
  return Buffer.concat([Buffer.from([tag, body.length]), body]);
}

export function digestInfoEncodings(hash: string, digest: Buffer): Buffer[] {
  const oid = HASH_OID_DER[hash];
  if (!oid) return [];
  const withNull = tlv(0x30, Buffer.concat([Buffer.from(oid, "hex"), Buffer.from("0500", "hex")]));
  const withoutNull = tlv(0x30, Buffer.from(oid, "hex"));
  const octets = tlv(0x04, digest);
  return [tlv(0x30, Buffer.concat([withNull, octets])), tlv(0x30, Buffer.concat([withoutNull, octets]))];
}

/** True when `signature` is a PKCS#1 v1.5 signature of `data` with either DigestInfo form. */
export function verifyRsaLegacyDigestInfo(
  hash: string,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (key.asymmetricKeyType !== "rsa") return false;
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  const digest = createHash(hash).update(data).digest();
  return digestInfoEncodings(hash, digest).some(
    (e) => e.length === recovered.length && timingSafeEqual(e, recovered),
  );
}
