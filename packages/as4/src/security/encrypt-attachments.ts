/**
 * Encrypts the payload parts of an AS4 message (eDelivery AS4 1.15 common profile §2.2.6.2;
 * WS-Security SwA profile 1.1 §5.4; XML Encryption 1.1): one random AES-128 content key,
 * transported to the recipient in xenc:EncryptedKey with RSA-OAEP (xenc11, MGF1 with SHA-256,
 * SHA-256 digest), the recipient's certificate named by issuer and serial; one
 * xenc:EncryptedData per attachment (Type Attachment-Content-Only, CipherReference cid: with
 * the Attachment-Ciphertext-Transform), AES-128-GCM with a fresh 96-bit IV, the part's content
 * replaced by IV ‖ ciphertext ‖ tag (XML Encryption 1.1 §5.2.4).
 */
import { constants, createCipheriv, publicEncrypt, randomBytes, X509Certificate } from "node:crypto";
import { DIGEST_SHA256 } from "@tilts/trust";
import { el } from "../message/xml-builder.ts";
import {
  AES128_GCM,
  DS_NS,
  MGF1_SHA256,
  RSA_OAEP_XENC11,
  SWA_CIPHERTEXT_TRANSFORM,
  SWA_CONTENT_ONLY,
  WSSE_NS,
  XENC_NS,
  XENC_TYPE_ENCRYPTED_KEY,
  XENC11_NS,
} from "../namespaces.ts";
import { directReference, issuerSerialReference, securityHeader } from "./security-header.ts";

const XMLNS = "http://www.w3.org/2000/xmlns/";
export const ENCRYPTED_KEY_ID = "_encryptedKey";
const WSSE11_TOKEN_TYPE_ENCRYPTED_KEY =
  "http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#EncryptedKey";

export interface PlainAttachment {
  contentId: string;
  bytes: Uint8Array;
  /** The part's Content-Type before encryption (kept in EncryptedData/@MimeType). */
  mimeType: string;
}

/** Randomness is injected so tests can be reproducible; production uses the CSPRNG. */
export type RandomBytes = (n: number) => Uint8Array;

/** Adds EncryptedKey and EncryptedData to wsse:Security; returns the encrypted part contents. */
export function encryptAttachments(
  doc: Document,
  attachments: readonly PlainAttachment[],
  recipientCertificate: Uint8Array,
  random: RandomBytes = (n) => new Uint8Array(randomBytes(n)),
): PlainAttachment[] {
  const security = securityHeader(doc);
  const cek = random(16);
  const wrapped = publicEncrypt(
    {
      key: new X509Certificate(recipientCertificate).publicKey,
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: "sha256",
    },
    cek,
  );
  const out: PlainAttachment[] = [];
  const dataElements: Element[] = [];
  for (const [i, a] of attachments.entries()) {
    const iv = random(12);
    const cipher = createCipheriv("aes-128-gcm", cek, iv);
    const body = Buffer.concat([iv, cipher.update(a.bytes), cipher.final(), cipher.getAuthTag()]);
    out.push({ contentId: a.contentId, bytes: new Uint8Array(body), mimeType: "application/octet-stream" });
    dataElements.push(encryptedData(doc, `_encryptedData${i + 1}`, a));
  }
  const encryptedKey = el(doc, XENC_NS, "xenc:EncryptedKey", { Id: ENCRYPTED_KEY_ID }, [
    keyTransportMethod(doc),
    el(doc, DS_NS, "ds:KeyInfo", {}, [issuerSerialReference(doc, recipientCertificate)]),
    el(doc, XENC_NS, "xenc:CipherData", {}, [
      el(doc, XENC_NS, "xenc:CipherValue", {}, [wrapped.toString("base64")]),
    ]),
    el(
      doc,
      XENC_NS,
      "xenc:ReferenceList",
      {},
      dataElements.map((d) => el(doc, XENC_NS, "xenc:DataReference", { URI: `#${d.getAttribute("Id")}` })),
    ),
  ]);
  encryptedKey.setAttributeNS(XMLNS, "xmlns:xenc", XENC_NS);
  encryptedKey.setAttributeNS(XMLNS, "xmlns:ds", DS_NS);
  // WS-Security §4.1: the receiver processes header blocks in order, so decryption comes
  // before the signature that was computed over the plaintext.
  security.insertBefore(encryptedKey, security.firstChild);
  for (const d of dataElements.reverse()) security.insertBefore(d, encryptedKey.nextSibling);
  return out;
}

function keyTransportMethod(doc: Document): Element {
  const digest = el(doc, DS_NS, "ds:DigestMethod", { Algorithm: DIGEST_SHA256 });
  const mgf = el(doc, XENC11_NS, "xenc11:MGF", { Algorithm: MGF1_SHA256 });
  mgf.setAttributeNS(XMLNS, "xmlns:xenc11", XENC11_NS);
  return el(doc, XENC_NS, "xenc:EncryptionMethod", { Algorithm: RSA_OAEP_XENC11 }, [digest, mgf]);
}

function encryptedData(doc: Document, id: string, a: PlainAttachment): Element {
  const str = directReference(doc, ENCRYPTED_KEY_ID, XENC_TYPE_ENCRYPTED_KEY);
  str.setAttributeNS(
    "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd",
    "wsse11:TokenType",
    WSSE11_TOKEN_TYPE_ENCRYPTED_KEY,
  );
  str.setAttributeNS(
    XMLNS,
    "xmlns:wsse11",
    "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd",
  );
  str.setAttributeNS(XMLNS, "xmlns:wsse", WSSE_NS);
  const data = el(
    doc,
    XENC_NS,
    "xenc:EncryptedData",
    { Id: id, MimeType: a.mimeType, Type: SWA_CONTENT_ONLY },
    [
      el(doc, XENC_NS, "xenc:EncryptionMethod", { Algorithm: AES128_GCM }),
      el(doc, DS_NS, "ds:KeyInfo", {}, [str]),
      el(doc, XENC_NS, "xenc:CipherData", {}, [
        el(doc, XENC_NS, "xenc:CipherReference", { URI: `cid:${a.contentId}` }, [
          el(doc, XENC_NS, "xenc:Transforms", {}, [
            el(doc, DS_NS, "ds:Transform", { Algorithm: SWA_CIPHERTEXT_TRANSFORM }),
          ]),
        ]),
      ]),
    ],
  );
  data.setAttributeNS(XMLNS, "xmlns:xenc", XENC_NS);
  data.setAttributeNS(XMLNS, "xmlns:ds", DS_NS);
  return data;
}
