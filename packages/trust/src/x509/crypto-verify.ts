/**
 * Signature verification with node:crypto over the original signed bytes (RFC 5280 §6.1.3 (a)(1),
 * RFC 3279, RFC 4055, RFC 5758, RFC 8410). MD2 and MD5 are always refused; SHA-1 on request.
 */
import { constants, createPublicKey, type KeyObject, verify } from "node:crypto";
import type { AlgorithmIdentifier, ParsedCertificate } from "./cert/certificate.ts";
import { decodeOid, decodeSmallInt } from "./der/decode.ts";
import { children, type DerNode, inner, TAG } from "./der/reader.ts";
import * as O from "./oids.ts";

export type SignatureCheck = "ok" | "bad" | "weak" | "unsupported";

interface Scheme {
  hash: string | null;
  kind: "rsa" | "pss" | "ecdsa" | "dsa" | "eddsa";
  weak?: "always" | "sha1";
}

const SCHEMES: Record<string, Scheme> = {
  [O.OID_MD2_WITH_RSA]: { hash: "md5", kind: "rsa", weak: "always" },
  [O.OID_MD5_WITH_RSA]: { hash: "md5", kind: "rsa", weak: "always" },
  [O.OID_SHA1_WITH_RSA]: { hash: "sha1", kind: "rsa", weak: "sha1" },
  [O.OID_SHA224_WITH_RSA]: { hash: "sha224", kind: "rsa" },
  [O.OID_SHA256_WITH_RSA]: { hash: "sha256", kind: "rsa" },
  [O.OID_SHA384_WITH_RSA]: { hash: "sha384", kind: "rsa" },
  [O.OID_SHA512_WITH_RSA]: { hash: "sha512", kind: "rsa" },
  [O.OID_RSASSA_PSS]: { hash: null, kind: "pss" },
  [O.OID_ECDSA_WITH_SHA1]: { hash: "sha1", kind: "ecdsa", weak: "sha1" },
  [O.OID_ECDSA_WITH_SHA224]: { hash: "sha224", kind: "ecdsa" },
  [O.OID_ECDSA_WITH_SHA256]: { hash: "sha256", kind: "ecdsa" },
  [O.OID_ECDSA_WITH_SHA384]: { hash: "sha384", kind: "ecdsa" },
  [O.OID_ECDSA_WITH_SHA512]: { hash: "sha512", kind: "ecdsa" },
  [O.OID_DSA_WITH_SHA1]: { hash: "sha1", kind: "dsa", weak: "sha1" },
  [O.OID_DSA_WITH_SHA224]: { hash: "sha224", kind: "dsa" },
  [O.OID_DSA_WITH_SHA256]: { hash: "sha256", kind: "dsa" },
  [O.OID_ED25519]: { hash: null, kind: "eddsa" },
  [O.OID_ED448]: { hash: null, kind: "eddsa" },
};

const HASHES: Record<string, string> = {
  [O.OID_SHA1]: "sha1",
  [O.OID_SHA224]: "sha224",
  [O.OID_SHA256]: "sha256",
  [O.OID_SHA384]: "sha384",
  [O.OID_SHA512]: "sha512",
};

const KEY_KINDS: Record<Scheme["kind"], string[]> = {
  rsa: ["rsa"],
  pss: ["rsa", "rsa-pss"],
  ecdsa: ["ec"],
  dsa: ["dsa"],
  eddsa: ["ed25519", "ed448"],
};

/** RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1] DEFAULT mgf1SHA1, saltLength [2] DEFAULT 20, trailerField [3] DEFAULT 1 } */
function pssParams(params: DerNode | undefined): { hash: string; saltLength: number } | undefined {
  let hash = "sha1";
  let mgfHash = "sha1";
  let saltLength = 20;
  if (params && params.tag === TAG.SEQUENCE) {
    for (const f of children(params, 4)) {
      const v = inner(f);
      if (f.tag === 0xa0) {
        const h = HASHES[decodeOid(children(v, 2)[0]!)];
        if (!h) return undefined;
        hash = h;
      } else if (f.tag === 0xa1) {
        const [mgfOid, mgfParams] = children(v, 2);
        if (decodeOid(mgfOid!) !== O.OID_MGF1 || !mgfParams) return undefined;
        const h = HASHES[decodeOid(children(mgfParams, 2)[0]!)];
        if (!h) return undefined;
        mgfHash = h;
      } else if (f.tag === 0xa2) saltLength = decodeSmallInt(v);
      else if (f.tag === 0xa3 && decodeSmallInt(v) !== 1) return undefined;
    }
  }
  // node:crypto uses the signature hash for MGF1 as well; other combinations are not supported.
  if (mgfHash !== hash) return undefined;
  return { hash, saltLength };
}

/** Is the algorithm refused before any cryptography (MD2/MD5 always, SHA-1 unless allowed)? */
export function isWeakAlgorithm(alg: AlgorithmIdentifier, allowSha1: boolean): boolean {
  const scheme = SCHEMES[alg.oid];
  if (!scheme) return false;
  if (scheme.weak === "always") return true;
  if (scheme.kind === "pss") {
    try {
      return pssParams(alg.parameters)?.hash === "sha1" && !allowSha1;
    } catch {
      return false;
    }
  }
  return scheme.weak === "sha1" && !allowSha1;
}

export function verifySignature(
  alg: AlgorithmIdentifier,
  data: Uint8Array,
  signature: Uint8Array,
  key: KeyObject,
  allowSha1: boolean,
): SignatureCheck {
  const scheme = SCHEMES[alg.oid];
  if (!scheme) return "unsupported";
  if (isWeakAlgorithm(alg, allowSha1)) return "weak";
  if (!KEY_KINDS[scheme.kind].includes(key.asymmetricKeyType ?? "")) return "bad";
  try {
    if (scheme.kind === "pss") {
      const p = pssParams(alg.parameters);
      if (!p) return "unsupported";
      const ok = verify(
        p.hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength },
        signature,
      );
      return ok ? "ok" : "bad";
    }
    return verify(scheme.hash, data, key, signature) ? "ok" : "bad";
  } catch {
    // A signature that does not even decode (wrong length, bad DER r/s) is simply invalid.
    return "bad";
  }
}

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, body: Uint8Array): Uint8Array {
  return Uint8Array.from([tag, ...derLength(body.length), ...body]);
}

/**
 * The node:crypto key of a certificate. A DSA key without parameters inherits them from its
 * issuer's key (RFC 3279 §2.3.2; PKITS 4.1.5): `inheritedParameters` supplies them.
 */
export function publicKeyOf(cert: ParsedCertificate, inheritedParameters?: DerNode): KeyObject | undefined {
  const needsParams = cert.spkiAlgorithm.oid === O.OID_DSA && !cert.spkiAlgorithm.parameters;
  if (!needsParams) {
    cert.publicKey ??= createPublicKey({ key: Buffer.from(cert.spki), format: "der", type: "spki" });
    return cert.publicKey;
  }
  if (!inheritedParameters) return undefined;
  const oid = cert.spkiAlgorithm.der.subarray(2, 2 + 2 + cert.spkiAlgorithm.der[3]!);
  const params = inheritedParameters.data.subarray(inheritedParameters.start, inheritedParameters.end);
  const algId = tlv(TAG.SEQUENCE, Uint8Array.from([...oid, ...params]));
  const bits = tlv(TAG.BIT_STRING, Uint8Array.from([0, ...cert.spkiKeyBits]));
  const spki = tlv(TAG.SEQUENCE, Uint8Array.from([...algId, ...bits]));
  return createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
}
