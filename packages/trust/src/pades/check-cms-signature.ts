/**
 * The CAdES part of a PAdES signature (ETSI EN 319 122-1 §5.2, RFC 5652 §5.4/§5.6):
 * content-type is id-data; message-digest equals the digest of the ByteRange octets; the
 * signing-certificate-v2 (or legacy v1) names the certificate by digest (EN 319 102-1 §5.2.3);
 * the signature over the ORIGINAL signed attributes verifies with that certificate's key.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import {
  OID_AA_CONTENT_TYPE,
  OID_AA_MESSAGE_DIGEST,
  OID_AA_SIGNING_CERTIFICATE,
  OID_AA_SIGNING_CERTIFICATE_V2,
  OID_AA_SIGNING_TIME,
  OID_DATA,
} from "../cms/oids.ts";
import type { ParsedSignedData } from "../cms/parse-signed-data.ts";
import { certificateFields } from "../ocsp/certificate-fields.ts";
import { childrenOf, contentOf, readTlv } from "../ocsp/der.ts";
import { hashNameOf } from "../ocsp/hash-algorithms.ts";
import * as O from "../ocsp/oids.ts";
import { verifySignature } from "../ocsp/signature-verify.ts";
import { decodeOid } from "../x509/der/decode.ts";
import { OID_EC_PUBLIC_KEY, OID_RSA_ENCRYPTION } from "../x509/oids.ts";
import { signerCertificateOf } from "./signature-cms.ts";

export interface CmsCheck {
  signerCertificate?: Uint8Array;
  problem?: {
    sub:
      | "FORMAT_FAILURE"
      | "NO_SIGNING_CERTIFICATE_FOUND"
      | "HASH_FAILURE"
      | "SIG_CRYPTO_FAILURE"
      | "CRYPTO_CONSTRAINTS_FAILURE";
    message: string;
  };
  signatureValueValid: boolean;
  digestValid: boolean;
  usesSha1: boolean;
  /** A signing-time attribute, which PAdES baseline forbids (EN 319 142-1 §6.3). */
  hasSigningTime: boolean;
}

export function checkCmsSignature(
  cms: ParsedSignedData,
  covered: Uint8Array[],
  pool: Uint8Array[],
): CmsCheck {
  const out: CmsCheck = {
    signatureValueValid: false,
    digestValid: false,
    usesSha1: false,
    hasSigningTime: false,
  };
  const si = cms.signers[0];
  if (cms.signers.length !== 1 || !si)
    return {
      ...out,
      problem: { sub: "FORMAT_FAILURE", message: "the CMS must hold exactly one SignerInfo" },
    };
  if (cms.hasEContent)
    return {
      ...out,
      problem: { sub: "FORMAT_FAILURE", message: "the CMS is not detached (it encapsulates content)" },
    };
  const attr = (oid: string) => si.signedAttrs.find((a) => a.type === oid)?.values[0];
  out.hasSigningTime = !!attr(OID_AA_SIGNING_TIME);
  if (!si.signedAttrsDer)
    return { ...out, problem: { sub: "FORMAT_FAILURE", message: "the CMS has no signed attributes" } };
  const contentType = attr(OID_AA_CONTENT_TYPE);
  if (!contentType || decodeOid({ data: contentType, ...readTlv(contentType, 0) }) !== OID_DATA)
    return {
      ...out,
      problem: { sub: "FORMAT_FAILURE", message: "the content-type attribute is missing or not id-data" },
    };

  const cert = signerCertificateOf(cms, pool);
  if (!cert)
    return {
      ...out,
      problem: {
        sub: "NO_SIGNING_CERTIFICATE_FOUND",
        message: "the CMS does not carry the signer's certificate",
      },
    };
  out.signerCertificate = cert;
  const ref = checkSigningCertificateAttribute(
    cert,
    attr(OID_AA_SIGNING_CERTIFICATE_V2),
    attr(OID_AA_SIGNING_CERTIFICATE),
  );
  if (!ref.ok) return { ...out, problem: { sub: "NO_SIGNING_CERTIFICATE_FOUND", message: ref.message } };
  out.usesSha1 ||= ref.sha1;

  const hash = hashNameOf(si.digestAlgorithm);
  if (!hash)
    return {
      ...out,
      problem: {
        sub: "CRYPTO_CONSTRAINTS_FAILURE",
        message: `unknown digest algorithm ${si.digestAlgorithm}`,
      },
    };
  out.usesSha1 ||= hash === "sha1";
  const h = createHash(hash);
  for (const part of covered) h.update(part);
  const digest = h.digest();
  const md = attr(OID_AA_MESSAGE_DIGEST);
  const mdValue = md ? contentOf(md, readTlv(md, 0)) : undefined;
  out.digestValid = !!mdValue && mdValue.length === digest.length && timingSafeEqual(mdValue, digest);
  const check = verifySignature({
    algorithm: signatureAlgorithmOf(si.signatureAlgorithm, hash),
    spki: certificateFields(cert).spki,
    data: si.signedAttrsDer,
    signature: si.signature,
    allowSha1: true,
  });
  out.signatureValueValid = check === "valid";
  if (!out.digestValid)
    return {
      ...out,
      problem: { sub: "HASH_FAILURE", message: "the message-digest does not match the ByteRange octets" },
    };
  if (check === "unsupported-algorithm" || check === "weak-algorithm")
    return {
      ...out,
      problem: {
        sub: "CRYPTO_CONSTRAINTS_FAILURE",
        message: `signature algorithm ${si.signatureAlgorithm.algorithm}: ${check}`,
      },
    };
  if (!out.signatureValueValid)
    return {
      ...out,
      problem: {
        sub: "SIG_CRYPTO_FAILURE",
        message: "the CMS signature does not verify with the signing certificate",
      },
    };
  return out;
}

/**
 * RFC 3370 §3.2 / RFC 5754 §3: a SignerInfo may name the key's algorithm (rsaEncryption, as NSS
 * and older Adobe signers write; id-ecPublicKey in some ECDSA signers) instead of the
 * signature algorithm; the hash is then the SignerInfo's digestAlgorithm.
 */
function signatureAlgorithmOf(
  algorithm: { algorithm: string; parameters?: ArrayBuffer | null },
  hash: string,
): { algorithm: string; parameters?: ArrayBuffer | null } {
  const byHash: Record<string, Record<string, string>> = {
    [OID_RSA_ENCRYPTION]: {
      sha1: O.OID_SHA1_WITH_RSA,
      sha224: O.OID_SHA224_WITH_RSA,
      sha256: O.OID_SHA256_WITH_RSA,
      sha384: O.OID_SHA384_WITH_RSA,
      sha512: O.OID_SHA512_WITH_RSA,
    },
    [OID_EC_PUBLIC_KEY]: {
      sha1: O.OID_ECDSA_WITH_SHA1,
      sha224: O.OID_ECDSA_WITH_SHA224,
      sha256: O.OID_ECDSA_WITH_SHA256,
      sha384: O.OID_ECDSA_WITH_SHA384,
      sha512: O.OID_ECDSA_WITH_SHA512,
    },
  };
  const mapped = byHash[algorithm.algorithm]?.[hash];
  return mapped ? { algorithm: mapped } : algorithm;
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT sha256, certHash OCTET STRING, issuerSerial OPTIONAL }
 * (v1: ESSCertID ::= SEQUENCE { certHash OCTET STRING (SHA-1), issuerSerial OPTIONAL }) — the
 * first ESSCertID names the signer (RFC 5035 §3).
 */
function checkSigningCertificateAttribute(
  cert: Uint8Array,
  v2: Uint8Array | undefined,
  v1: Uint8Array | undefined,
): { ok: true; sha1: boolean } | { ok: false; message: string } {
  const value = v2 ?? v1;
  if (!value) return { ok: false, message: "no signing-certificate-v2 attribute" };
  try {
    const certs = childrenOf(value, readTlv(value, 0));
    const first = childrenOf(value, certs[0] ? (childrenOf(value, certs[0])[0] ?? fail()) : fail());
    let hash = v2 ? "sha256" : "sha1";
    let i = 0;
    if (v2 && first[0]?.tag === 0x30) {
      const oidTlv = childrenOf(value, first[0])[0] ?? fail();
      hash = hashNameOf(decodeOid({ data: value, ...oidTlv })) ?? fail();
      i = 1;
    }
    const certHash = contentOf(value, first[i] ?? fail());
    const digest = createHash(hash).update(cert).digest();
    if (certHash.length !== digest.length || !timingSafeEqual(certHash, digest))
      return { ok: false, message: "the signing-certificate attribute names another certificate" };
    return { ok: true, sha1: hash === "sha1" };
  } catch {
    return { ok: false, message: "the signing-certificate attribute cannot be read" };
  }
}

function fail(): never {
  throw new Error("malformed ESSCertID");
}
