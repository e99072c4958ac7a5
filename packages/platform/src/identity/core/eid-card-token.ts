/**
 * The Web eID authentication token (web-eid.js `authenticate()` result, format "web-eid:1"):
 *   { unverifiedCertificate: base64 DER, algorithm: "ES384" | …, signature: base64,
 *     format: "web-eid:1.0", appVersion: "https://web-eid.eu/…" }
 * Parsed from outside input, so every field has a size limit and the whole token one too; unknown
 * fields are ignored (later 1.x formats add some). Pure.
 */
import { IdentityError } from "../errors.ts";

export interface WebEidToken {
  unverifiedCertificate: Uint8Array;
  algorithm: WebEidAlgorithm;
  signature: Uint8Array;
  format: string;
  appVersion?: string;
}

/** Web eID's allowlist (JWA names, RFC 7518 §3.1). */
export const WEB_EID_ALGORITHMS = [
  "ES256",
  "ES384",
  "ES512",
  "PS256",
  "PS384",
  "PS512",
  "RS256",
  "RS384",
  "RS512",
] as const;
export type WebEidAlgorithm = (typeof WEB_EID_ALGORITHMS)[number];

/** The whole token as posted (JSON text). */
export const MAX_TOKEN_CHARS = 16 * 1024;
/** A card's authentication certificate is 1–3 KiB; 12 KiB of base64 leaves room for RSA-4096. */
const MAX_CERTIFICATE_CHARS = 12 * 1024;
/** An RSA-4096 signature is 684 base64 characters. */
const MAX_SIGNATURE_CHARS = 1024;
const MAX_APP_VERSION_CHARS = 200;
/** "web-eid:1" with an optional minor version. */
const FORMAT = /^web-eid:1(\.\d{1,3})?$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function malformed(detail: string): never {
  throw new IdentityError("eid-token-malformed", "the Web eID token is malformed", detail);
}

function base64Field(value: unknown, name: string, max: number): Uint8Array {
  if (typeof value !== "string" || value.length === 0) malformed(`${name} missing`);
  if (value.length > max) malformed(`${name} too long`);
  if (!BASE64.test(value) || value.length % 4 !== 0) malformed(`${name} is not base64`);
  return new Uint8Array(Buffer.from(value, "base64"));
}

/** Parses the posted token text: `eid-token-malformed`, `eid-format-unsupported`, `eid-algorithm-unsupported`. */
export function parseWebEidToken(text: string): WebEidToken {
  if (typeof text !== "string" || text.length === 0) malformed("no token");
  if (text.length > MAX_TOKEN_CHARS) malformed("token too large");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    malformed("not JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) malformed("not an object");
  const raw = json as Record<string, unknown>;
  if (typeof raw.format !== "string" || raw.format.length > 20) malformed("format missing");
  if (!FORMAT.test(raw.format)) {
    throw new IdentityError("eid-format-unsupported", "unsupported Web eID token format", raw.format);
  }
  if (typeof raw.algorithm !== "string" || raw.algorithm.length > 10) malformed("algorithm missing");
  if (!(WEB_EID_ALGORITHMS as readonly string[]).includes(raw.algorithm)) {
    throw new IdentityError("eid-algorithm-unsupported", "signature algorithm not allowed", raw.algorithm);
  }
  if (
    raw.appVersion !== undefined &&
    (typeof raw.appVersion !== "string" || raw.appVersion.length > MAX_APP_VERSION_CHARS)
  )
    malformed("appVersion too long");
  return {
    unverifiedCertificate: base64Field(
      raw.unverifiedCertificate,
      "unverifiedCertificate",
      MAX_CERTIFICATE_CHARS,
    ),
    algorithm: raw.algorithm as WebEidAlgorithm,
    signature: base64Field(raw.signature, "signature", MAX_SIGNATURE_CHARS),
    format: raw.format,
    ...(typeof raw.appVersion === "string" ? { appVersion: raw.appVersion } : {}),
  };
}
