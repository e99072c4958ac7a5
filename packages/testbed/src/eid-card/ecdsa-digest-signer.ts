/**
 * ECDSA over a digest the caller already computed, as a smart card does it: the card receives the
 * hash (the Web eID app hashes hash(origin) ‖ hash(nonce) on the computer) and signs that value
 * without hashing again. node:crypto always hashes its input for EC keys (algorithm null means
 * SHA-256), so the software card does the curve arithmetic itself (SEC 1 v2 §4.1.3, FIPS 186-5
 * §6.4.1). P-384 only: the curve of new LV eID cards. Testbed-only code: not constant-time.
 */
import { type KeyObject, randomBytes } from "node:crypto";

/** NIST P-384 (FIPS 186-5 / SP 800-186 §3.2.1.4). */
const P384 = {
  p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
  n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
  gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
  bytes: 48,
};

/** Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. */
interface Jacobian {
  x: bigint;
  y: bigint;
  z: bigint;
}

const mod = (a: bigint, m: bigint) => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** Inverse modulo a prime (Fermat). */
const inverse = (a: bigint, m: bigint) => modPow(a, m - 2n, m);

/** dbl-2001-b (a = −3). */
function double(point: Jacobian, p: bigint): Jacobian {
  if (point.z === 0n || point.y === 0n) return { x: 0n, y: 1n, z: 0n };
  const delta = (point.z * point.z) % p;
  const gamma = (point.y * point.y) % p;
  const beta = (point.x * gamma) % p;
  const alpha = mod(3n * (point.x - delta) * (point.x + delta), p);
  const x = mod(alpha * alpha - 8n * beta, p);
  const z = mod((point.y + point.z) ** 2n - gamma - delta, p);
  const y = mod(alpha * (4n * beta - x) - 8n * gamma * gamma, p);
  return { x, y, z };
}

/** madd-2007-bl: a Jacobian point plus an affine one. */
function addAffine(point: Jacobian, qx: bigint, qy: bigint, p: bigint): Jacobian {
  if (point.z === 0n) return { x: qx, y: qy, z: 1n };
  const z1z1 = (point.z * point.z) % p;
  const u2 = (qx * z1z1) % p;
  const s2 = (((qy * point.z) % p) * z1z1) % p;
  const h = mod(u2 - point.x, p);
  const r = mod(2n * (s2 - point.y), p);
  if (h === 0n) return r === 0n ? double(point, p) : { x: 0n, y: 1n, z: 0n };
  const hh = (h * h) % p;
  const i = (4n * hh) % p;
  const j = (h * i) % p;
  const v = (point.x * i) % p;
  const x = mod(r * r - j - 2n * v, p);
  const y = mod(r * (v - x) - 2n * point.y * j, p);
  const z = mod((point.z + h) ** 2n - z1z1 - hh, p);
  return { x, y, z };
}

/** k·G in affine coordinates (double-and-add from the top bit). */
export function multiplyBase(k: bigint): { x: bigint; y: bigint } {
  const { p, gx, gy } = P384;
  let acc: Jacobian = { x: 0n, y: 1n, z: 0n };
  for (let bit = BigInt(k.toString(2).length - 1); bit >= 0n; bit--) {
    acc = double(acc, p);
    if ((k >> bit) & 1n) acc = addAffine(acc, gx, gy, p);
  }
  if (acc.z === 0n) throw new Error("point at infinity");
  const zInv = inverse(acc.z, p);
  const zInv2 = (zInv * zInv) % p;
  return { x: (acc.x * zInv2) % p, y: (((acc.y * zInv2) % p) * zInv) % p };
}

const toBigInt = (bytes: Uint8Array) =>
  bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
const toBytes = (value: bigint, length: number) =>
  new Uint8Array(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex"));

export class UnsupportedCardKeyError extends Error {
  override name = "UnsupportedCardKeyError";
  readonly code = "testbed-unsupported-card-key";
}

/** The private scalar of a P-384 key. */
export function privateScalarOf(key: KeyObject): bigint {
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "secp384r1") {
    throw new UnsupportedCardKeyError("the software card signs with P-384 keys only");
  }
  const jwk = key.export({ format: "jwk" });
  if (!jwk.d) throw new UnsupportedCardKeyError("not a private key");
  return toBigInt(Buffer.from(jwk.d, "base64url"));
}

/**
 * Signs `digest` (any length; the leftmost 384 bits are used, SEC 1 §4.1.3 step 5) and returns
 * r ‖ s, 48 octets each — the raw form cards return and Web eID tokens carry.
 */
export function signDigestP384(key: KeyObject, digest: Uint8Array): Uint8Array {
  const { n, bytes } = P384;
  const d = privateScalarOf(key);
  let e = toBigInt(digest);
  const excessBits = digest.length * 8 - 384;
  if (excessBits > 0) e >>= BigInt(excessBits);
  for (;;) {
    const k = (toBigInt(randomBytes(bytes + 8)) % (n - 1n)) + 1n;
    const r = multiplyBase(k).x % n;
    if (r === 0n) continue;
    const s = mod(inverse(k, n) * (e + r * d), n);
    if (s === 0n) continue;
    const out = new Uint8Array(bytes * 2);
    out.set(toBytes(r, bytes), 0);
    out.set(toBytes(s, bytes), bytes);
    return out;
  }
}
