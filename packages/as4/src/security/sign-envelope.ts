/**
 * Signs an AS4 message as the eDelivery AS4 1.15 common profile requires (§2.2.6.2; WS-Security
 * 1.1.1 §8, SwA profile 1.1 §5.2): one ds:Signature in wsse:Security, exclusive c14n, SHA-256,
 * RSA-SHA256 (or ECDSA-SHA256, AS4 2.0 EC profile), with references to eb:Messaging and
 * soap:Body by wsu:Id and to each attachment by `cid:` with the
 * Attachment-Content-Signature-Transform; the key is named by a BinarySecurityToken.
 * XML-DSig itself is @tilts/trust's `signXml`; only the WS-Security wrapping is here.
 */
import type { KeyObject } from "node:crypto";
import { serializeXml, signXml } from "@tilts/trust";
import { BODY_ID, MESSAGING_ID } from "../message/build-envelope.ts";
import { el } from "../message/xml-builder.ts";
import { DS_NS, SWA_CONTENT_SIGNATURE_TRANSFORM } from "../namespaces.ts";
import {
  C14N,
  DIGEST,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithmName,
  SWA_TRANSFORMS,
  WSU_ID_ATTRIBUTE,
} from "./algorithms.ts";
import { binarySecurityToken, directReference, securityHeader } from "./security-header.ts";

export interface SigningCredentials {
  privateKey: KeyObject;
  /** DER of the signing certificate (sent as the BinarySecurityToken). */
  certificate: Uint8Array;
  algorithm: SignatureAlgorithmName;
}

export interface AttachmentContent {
  contentId: string;
  bytes: Uint8Array;
}

export const SIGNING_TOKEN_ID = "_x509SigningToken";

/** Signs `doc` in place (adds wsse:Security with the token and the Signature) and returns the XML. */
export async function signEnvelope(
  doc: Document,
  attachments: readonly AttachmentContent[],
  credentials: SigningCredentials,
): Promise<string> {
  const security = securityHeader(doc);
  security.appendChild(binarySecurityToken(doc, SIGNING_TOKEN_ID, credentials.certificate));
  const sameDocument = (id: string) => ({
    uri: `#${id}`,
    digestAlgorithm: DIGEST,
    transforms: [{ algorithm: C14N }],
  });
  const signed = await signXml({
    document: doc,
    placement: { parent: security },
    references: [
      sameDocument(MESSAGING_ID),
      sameDocument(BODY_ID),
      ...attachments.map((a) => ({
        uri: `cid:${a.contentId}`,
        digestAlgorithm: DIGEST,
        transforms: [{ algorithm: SWA_CONTENT_SIGNATURE_TRANSFORM }],
        data: a.bytes,
      })),
    ],
    canonicalizationAlgorithm: C14N,
    signatureAlgorithm: SIGNATURE_ALGORITHMS[credentials.algorithm],
    key: credentials.privateKey,
    idAttributes: [WSU_ID_ATTRIBUTE],
    octetTransforms: SWA_TRANSFORMS,
  });
  // KeyInfo is outside SignedInfo, so adding it after signing changes nothing that is signed.
  signed.signature.appendChild(el(doc, DS_NS, "ds:KeyInfo", {}, [directReference(doc, SIGNING_TOKEN_ID)]));
  return serializeXml(doc);
}
