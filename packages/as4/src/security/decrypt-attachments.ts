/**
 * Decrypts the payload parts of a received AS4 message (the inverse of encrypt-attachments.ts).
 * Refusals: EBMS:0103 PolicyNoncompliance when the P-Mode requires encryption and a payload
 * arrives in clear, or other algorithms than the profile's are used; EBMS:0102
 * FailedDecryption when the content key does not unwrap with our key (wrong key, tampering)
 * or a part's GCM tag does not verify.
 */
import { constants, createDecipheriv, type KeyObject, privateDecrypt } from "node:crypto";
import { DIGEST_SHA256 } from "@tilts/trust";
import { As4Error } from "../errors.ts";
import { contentIdOf } from "../message/model.ts";
import type { ParsedEnvelope } from "../message/parse-envelope.ts";
import { children, textContent } from "../message/xml-builder.ts";
import {
  AES128_GCM,
  DS_NS,
  MGF1_SHA256,
  RSA_OAEP_XENC11,
  WSSE_NS,
  XENC_NS,
  XENC11_NS,
} from "../namespaces.ts";

export interface DecryptedPart {
  bytes: Uint8Array;
  /** EncryptedData/@MimeType: the part's type before encryption. */
  mimeType?: string;
  wasEncrypted: boolean;
}

const failed = (detail: string, cause?: unknown) => new As4Error("EBMS:0102", detail, { cause });
const noncompliant = (detail: string) => new As4Error("EBMS:0103", detail);

export function decryptAttachments(
  envelope: ParsedEnvelope,
  attachments: ReadonlyMap<string, Uint8Array>,
  privateKey: KeyObject | undefined,
  encryptionRequired: boolean,
): Map<string, DecryptedPart> {
  const out = new Map<string, DecryptedPart>();
  for (const [id, bytes] of attachments) out.set(id, { bytes, wasEncrypted: false });
  const security = children(envelope.header, WSSE_NS, "Security")[0];
  const keys = security ? children(security, XENC_NS, "EncryptedKey") : [];
  if (keys.length > 1) throw noncompliant("more than one EncryptedKey");
  const encryptedKey = keys[0];
  if (encryptedKey) {
    if (!privateKey) throw failed("the message is encrypted but no decryption key is configured");
    const cek = unwrapKey(encryptedKey, privateKey);
    for (const ref of dataReferences(encryptedKey)) {
      const data = findEncryptedData(security!, ref);
      const { contentId, part } = decryptPart(data, cek, attachments);
      out.set(contentId, part);
    }
  }
  if (encryptionRequired)
    for (const [id, part] of out)
      if (!part.wasEncrypted) throw noncompliant(`payload <${id}> is not encrypted`);
  return out;
}

function algorithmOf(parent: Element, ns: string, local: string): string {
  return children(parent, ns, local)[0]?.getAttribute("Algorithm") ?? "";
}

function unwrapKey(encryptedKey: Element, privateKey: KeyObject): Buffer {
  const method = children(encryptedKey, XENC_NS, "EncryptionMethod")[0];
  if (!method || method.getAttribute("Algorithm") !== RSA_OAEP_XENC11)
    throw noncompliant("key transport is not RSA-OAEP (xenc11)");
  if (algorithmOf(method, XENC11_NS, "MGF") !== MGF1_SHA256)
    throw noncompliant("RSA-OAEP mask generation is not MGF1-SHA256");
  if (algorithmOf(method, DS_NS, "DigestMethod") !== DIGEST_SHA256)
    throw noncompliant("RSA-OAEP digest is not SHA-256");
  const cipherData = children(encryptedKey, XENC_NS, "CipherData")[0];
  const value = cipherData ? textContent(children(cipherData, XENC_NS, "CipherValue")[0]) : "";
  let cek: Buffer;
  try {
    cek = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      Buffer.from(value, "base64"),
    );
  } catch (cause) {
    throw failed("the content key does not decrypt with our key", cause);
  }
  if (cek.length !== 16) throw failed("the content key is not an AES-128 key");
  return cek;
}

function dataReferences(encryptedKey: Element): string[] {
  const list = children(encryptedKey, XENC_NS, "ReferenceList")[0];
  const refs = list ? children(list, XENC_NS, "DataReference").map((r) => r.getAttribute("URI") ?? "") : [];
  if (refs.length === 0) throw noncompliant("the EncryptedKey names no EncryptedData");
  return refs;
}

function findEncryptedData(security: Element, uri: string): Element {
  if (!uri.startsWith("#")) throw noncompliant(`DataReference ${uri} is not in the message`);
  const found = children(security, XENC_NS, "EncryptedData").filter(
    (d) => d.getAttribute("Id") === uri.slice(1),
  );
  if (found.length !== 1) throw noncompliant(`DataReference ${uri} designates ${found.length} EncryptedData`);
  return found[0]!;
}

function decryptPart(
  data: Element,
  cek: Buffer,
  attachments: ReadonlyMap<string, Uint8Array>,
): { contentId: string; part: DecryptedPart } {
  if (algorithmOf(data, XENC_NS, "EncryptionMethod") !== AES128_GCM)
    throw noncompliant("payload encryption is not AES-128-GCM");
  const cipherData = children(data, XENC_NS, "CipherData")[0];
  const uri = (cipherData && children(cipherData, XENC_NS, "CipherReference")[0]?.getAttribute("URI")) ?? "";
  if (!uri.startsWith("cid:")) throw noncompliant("EncryptedData does not reference an attachment");
  const contentId = contentIdOf(uri);
  const body = attachments.get(contentId);
  if (!body) throw new As4Error("EBMS:0011", `encrypted part <${contentId}> is missing`);
  if (body.length < 28) throw failed(`encrypted part <${contentId}> is too short`);
  try {
    const decipher = createDecipheriv("aes-128-gcm", cek, body.subarray(0, 12));
    decipher.setAuthTag(body.subarray(body.length - 16));
    const plain = Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
    const part: DecryptedPart = { bytes: new Uint8Array(plain), wasEncrypted: true };
    const mimeType = data.getAttribute("MimeType");
    if (mimeType) part.mimeType = mimeType;
    return { contentId, part };
  } catch (cause) {
    throw failed(`encrypted part <${contentId}> does not authenticate`, cause);
  }
}
