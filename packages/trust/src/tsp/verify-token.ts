/**
 * Checks an RFC 3161 TimeStampToken's own integrity: the TSTInfo, the CMS signature over the
 * ORIGINAL signed-attribute bytes (RFC 5652 §5.4: re-tagged as SET OF), messageDigest over the
 * eContent, and the ESSCertIDv2/ESSCertID binding to the signer certificate (RFC 5035, RFC 2634).
 * It does not validate the TSA certificate's path — that is the path validator's job.
 */
import { createHash } from "node:crypto";
import { MalformedInputError } from "../errors.ts";
import { bytesEqual } from "../ocsp/cert-id.ts";
import { certificateFields, normaliseSerial, serialToHex } from "../ocsp/certificate-fields.ts";
import { childrenOf, contentOf, readTlv, slice, type Tlv } from "../ocsp/der.ts";
import { hashNameOf } from "../ocsp/hash-algorithms.ts";
import { verifySignature } from "../ocsp/signature-verify.ts";
import {
  OID_AA_CONTENT_TYPE,
  OID_AA_MESSAGE_DIGEST,
  OID_AA_SIGNING_CERTIFICATE,
  OID_AA_SIGNING_CERTIFICATE_V2,
  OID_CT_TST_INFO,
} from "./oids.ts";
import { parseTokenSignedData, type TokenSignedData } from "./parse-signed-data.ts";
import { parseTstInfo, type TokenTstInfo } from "./parse-tst-info.ts";

export const MAX_TIME_STAMP_TOKEN_BYTES = 1024 * 1024;

export interface TimeStampTokenInfo {
  policy: string;
  genTime: Date;
  /** Lower-case hex. */
  serialNumber: string;
  messageImprint: { hashAlgorithm: string; hashedMessage: Uint8Array };
  nonce?: Uint8Array;
}

export type TimeStampTokenCheck =
  | { valid: true; info: TimeStampTokenInfo; signerCertificate: Uint8Array; certificates: Uint8Array[] }
  | {
      valid: false;
      code:
        | "no-signer-certificate"
        | "signature-invalid"
        | "message-digest-mismatch"
        | "signing-certificate-mismatch"
        | "content-type";
      message: string;
      info?: TimeStampTokenInfo;
    };

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new MalformedInputError(`time-stamp token: ${what} missing`);
  return value;
}

export function verifyTimeStampToken(
  token: Uint8Array,
  options: { signerCertificate?: Uint8Array; allowSha1?: boolean } = {},
): TimeStampTokenCheck {
  if (token.length > MAX_TIME_STAMP_TOKEN_BYTES) throw new MalformedInputError("time-stamp token too large");
  let signed: TokenSignedData;
  let tstDer: Uint8Array;
  let signerInfoTlv: Tlv;
  let certs: Uint8Array[];
  try {
    const top = readTlv(token, 0);
    if (top.end !== token.length) throw new Error("trailing data");
    signed = parseTokenSignedData(token, top);
    // Original bytes: ContentInfo → [0] → SignedData → children.
    const [, explicit] = childrenOf(token, top);
    const sd = readTlv(token, need(explicit, "content").contentStart, need(explicit, "content").end);
    const parts = childrenOf(token, sd);
    const encap = need(parts[2], "encapContentInfo");
    const [, eContentWrapper] = childrenOf(token, encap);
    const octets = readTlv(token, need(eContentWrapper, "eContent").contentStart, eContentWrapper!.end);
    tstDer = contentOf(token, octets);
    const certsTlv = parts.find((p) => p.tag === 0xa0);
    certs = certsTlv
      ? childrenOf(token, certsTlv)
          .filter((c) => c.tag === 0x30)
          .map((c) => slice(token, c))
      : [];
    const signerInfos = need(parts[parts.length - 1], "signerInfos");
    signerInfoTlv = need(childrenOf(token, signerInfos)[0], "signerInfo");
  } catch (error) {
    if (error instanceof MalformedInputError) throw error;
    throw new MalformedInputError("time-stamp token: cannot parse CMS SignedData", { cause: error });
  }
  if (signed.eContentType !== OID_CT_TST_INFO) {
    return { valid: false, code: "content-type", message: "eContentType is not id-ct-TSTInfo" };
  }
  let tst: TokenTstInfo;
  try {
    tst = parseTstInfo(tstDer);
  } catch (error) {
    throw new MalformedInputError("time-stamp token: cannot parse TSTInfo", { cause: error });
  }
  const info: TimeStampTokenInfo = {
    policy: tst.policy,
    genTime: tst.genTime,
    serialNumber: Buffer.from(normaliseSerial(tst.serialNumber)).toString("hex"),
    messageImprint: {
      hashAlgorithm: tst.hashAlgorithm,
      hashedMessage: tst.hashedMessage,
    },
    ...(tst.nonce ? { nonce: tst.nonce } : {}),
  };
  const signerInfo = need(signed.signer, "signerInfo");
  const sid = signerInfo.sid && "serialNumber" in signerInfo.sid ? signerInfo.sid : undefined;
  const signerParts = childrenOf(token, signerInfoTlv);
  // The sid's issuer Name as encoded in the token (compared byte for byte, never re-encoded).
  const sidTlv = signerParts[1];
  const sidIssuer = sid && sidTlv?.tag === 0x30 ? childrenOf(token, sidTlv)[0] : undefined;
  const candidates = options.signerCertificate ? [options.signerCertificate, ...certs] : certs;
  const signerCertificate = candidates.find((c) => {
    const f = certificateFields(c);
    if (sid) {
      return (
        serialToHex(f.serial) === serialToHex(sid.serialNumber) &&
        sidIssuer !== undefined &&
        bytesEqual(f.issuerName, slice(token, sidIssuer))
      );
    }
    const ski = signerInfo.sid && "subjectKeyIdentifier" in signerInfo.sid ? signerInfo.sid : undefined;
    return ski
      ? bytesEqual(
          new Uint8Array(createHash("sha1").update(f.subjectPublicKey).digest()),
          ski.subjectKeyIdentifier,
        )
      : false;
  });
  if (!signerCertificate)
    return {
      valid: false,
      code: "no-signer-certificate",
      message: "the signer certificate is not in the token",
      info,
    };

  // RFC 5652 §5.4: the signature covers the DER of signedAttrs with the SET OF tag.
  const attrsTlv = signerParts.find((p) => p.tag === 0xa0);
  if (!attrsTlv || !signerInfo.signedAttrs)
    throw new MalformedInputError("time-stamp token: no signed attributes");
  // A fresh copy: the input may be a Buffer, whose slice() is a view, and this copy is modified.
  const signedBytes = new Uint8Array(slice(token, attrsTlv));
  signedBytes[0] = 0x31;
  const attr = (oid: string) => signerInfo.signedAttrs?.find((a) => a.attrType === oid)?.firstValue;
  const contentType = attr(OID_AA_CONTENT_TYPE);
  if (
    !contentType ||
    !bytesEqual(
      new Uint8Array(contentType),
      new Uint8Array([0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04]),
    )
  ) {
    return { valid: false, code: "content-type", message: "signed contentType is not id-ct-TSTInfo", info };
  }
  const digestName = hashNameOf(signerInfo.digestAlgorithm);
  const messageDigest = attr(OID_AA_MESSAGE_DIGEST);
  if (!digestName || !messageDigest)
    return { valid: false, code: "message-digest-mismatch", message: "no usable messageDigest", info };
  const md = new Uint8Array(messageDigest);
  const mdValue = md.subarray(readTlv(md, 0).contentStart);
  if (!bytesEqual(mdValue, new Uint8Array(createHash(digestName).update(tstDer).digest()))) {
    return {
      valid: false,
      code: "message-digest-mismatch",
      message: "messageDigest does not match the TSTInfo",
      info,
    };
  }
  const bindingProblem = checkSigningCertificate(
    attr(OID_AA_SIGNING_CERTIFICATE_V2),
    attr(OID_AA_SIGNING_CERTIFICATE),
    signerCertificate,
  );
  if (bindingProblem)
    return { valid: false, code: "signing-certificate-mismatch", message: bindingProblem, info };
  const check = verifySignature({
    algorithm: signerInfo.signatureAlgorithm,
    spki: certificateFields(signerCertificate).spki,
    data: signedBytes,
    signature: signerInfo.signature,
    allowSha1: options.allowSha1,
  });
  if (check !== "valid")
    return { valid: false, code: "signature-invalid", message: `signature: ${check}`, info };
  return { valid: true, info, signerCertificate, certificates: certs };
}

/** The first ESSCertID(v2) certHash must be the hash of the signer certificate. */
function checkSigningCertificate(
  v2: ArrayBuffer | undefined,
  v1: ArrayBuffer | undefined,
  certificate: Uint8Array,
): string | undefined {
  const value = v2 ?? v1;
  if (!value) return "no signingCertificate(V2) attribute";
  const der = new Uint8Array(value);
  const outer = readTlv(der, 0);
  const certsSeq = need(childrenOf(der, outer)[0], "certs");
  const first = need(childrenOf(der, certsSeq)[0], "ESSCertID");
  const parts = childrenOf(der, first);
  let hash = "sha1";
  let index = 0;
  if (v2) {
    hash = "sha256";
    if (parts[0]?.tag === 0x30) {
      const alg = readTlv(der, parts[0].contentStart, parts[0].end);
      const oidHex = Buffer.from(contentOf(der, alg)).toString("hex");
      hash =
        { "608648016503040201": "sha256", "608648016503040202": "sha384", "608648016503040203": "sha512" }[
          oidHex
        ] ?? "";
      index = 1;
    }
  }
  const certHash = parts[index];
  if (!hash || !certHash || certHash.tag !== 0x04) return "unsupported ESSCertID hash";
  return bytesEqual(contentOf(der, certHash), new Uint8Array(createHash(hash).update(certificate).digest()))
    ? undefined
    : "ESSCertID hash does not match the signer certificate";
}
