/**
 * The ECDSA SignatureValue is r‖s, each an integer written in exactly the curve's field size
 * (XMLDSig 1.1 §6.4.3, RFC 4050 §3.3). Some Java signers write each half as
 * BigInteger.toByteArray does — one byte longer with a 0x00 sign octet, or shorter when the
 * integer has leading zero octets — padding both halves to the same length. The signature is
 * the pair of numbers, so such a value is normalised to the field size before node:crypto's
 * `dsaEncoding: "ieee-p1363"`, instead of being refused as forged. A value that is not two
 * equal halves, or whose halves do not fit the field, keeps being refused.
 */
import type { KeyObject } from "node:crypto";
import { XmlDsigError } from "./errors.ts";

/** Field size in octets of the named curves node:crypto reports (OpenSSL names). */
const FIELD_BYTES: Record<string, number> = {
  prime256v1: 32,
  secp256k1: 32,
  secp384r1: 48,
  secp521r1: 66,
  secp224r1: 28,
  prime192v1: 24,
  brainpoolP256r1: 32,
  brainpoolP384r1: 48,
  brainpoolP512r1: 64,
};

/** Octets of one half of the curve's r‖s, or undefined for a curve we do not know. */
export function ecdsaFieldBytes(key: KeyObject): number | undefined {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve ? FIELD_BYTES[curve] : undefined;
}

/** One half without its leading zero octets, left-padded to `size`; undefined if it does not fit. */
function toFieldSize(half: Uint8Array, size: number): Uint8Array | undefined {
  let start = 0;
  while (start < half.length && half[start] === 0) start++;
  const digits = half.subarray(start);
  if (digits.length > size) return undefined;
  const out = new Uint8Array(size);
  out.set(digits, size - digits.length);
  return out;
}

/**
 * r‖s in the curve's field size. A value of the right length is returned as is; two equal halves
 * of up to one octet more than the field (a sign octet) are normalised; anything else is refused
 * with `xmldsig-signature-invalid`.
 */
export function normalizeEcdsaValue(value: Uint8Array, key: KeyObject): Uint8Array {
  const size = ecdsaFieldBytes(key);
  if (size === undefined || value.length === 2 * size) return value;
  const half = value.length / 2;
  const refuse = () =>
    new XmlDsigError(
      "xmldsig-signature-invalid",
      `an ECDSA SignatureValue of ${value.length} octets is not r||s of a ${size * 8}-bit curve`,
    );
  if (!Number.isInteger(half) || half < 1 || half > size + 1) throw refuse();
  const r = toFieldSize(value.subarray(0, half), size);
  const s = toFieldSize(value.subarray(half), size);
  if (!r || !s) throw refuse();
  const out = new Uint8Array(2 * size);
  out.set(r, 0);
  out.set(s, size);
  return out;
}
