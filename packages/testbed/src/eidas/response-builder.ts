/**
 * Builds an eIDAS node's SAML Response as a real node does (eIDAS SAML Message Format v1.2 §3.5):
 * a signed assertion with the natural-person attributes, encrypted for the connector (XML
 * Encryption 1.1: AES-GCM content, RSA-OAEP key transport), inside a signed Response. Every
 * field can be overridden so tests can build the faulty answers a hostile or broken node might.
 */
import {
  constants,
  createCipheriv,
  createHash,
  type KeyObject,
  publicEncrypt,
  randomBytes,
} from "node:crypto";
import {
  DIGEST_SHA256,
  EXC_C14N,
  parseXml,
  SIG_RSA_PSS_SHA256_MGF1,
  signXml,
  TRANSFORM_ENVELOPED_SIGNATURE,
} from "@tilts/trust";

const P = "urn:oasis:names:tc:SAML:2.0:protocol";
const A = "urn:oasis:names:tc:SAML:2.0:assertion";
const XENC = "http://www.w3.org/2001/04/xmlenc#";
const XENC11 = "http://www.w3.org/2009/xmlenc11#";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const NP = "http://eidas.europa.eu/attributes/naturalperson/";
export const EIDAS_STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
export const EIDAS_STATUS_RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder";
export const EIDAS_STATUS_AUTHN_FAILED = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed";

export type KeyTransport = "rsa-oaep-sha256" | "rsa-oaep-mgf1p" | "rsa-oaep-mgf1p-sha256";

export interface ForeignTestPerson {
  /** eIDAS PersonIdentifier, e.g. "EE/LV/38001085718". */
  personIdentifier: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
}

export interface EidasResponseSpec {
  issuer: string;
  destination: string;
  inResponseTo: string;
  audience: string;
  recipient?: string;
  subjectInResponseTo?: string;
  person: ForeignTestPerson;
  /** eIDAS LoA URI. */
  level: string;
  now: Date;
  /** Assertion validity (default 5 min) and how far NotBefore lies before now (default 0). */
  validityMs?: number;
  notBeforeOffsetMs?: number;
  issueInstant?: Date;
  signingKey: KeyObject;
  signingCertificate: Uint8Array;
  /** The connector's encryption certificate's public key. */
  encryptionKey: KeyObject;
  keyTransport?: KeyTransport;
  aesBits?: 128 | 256;
  /** A non-success status: no assertion is included. */
  status?: { top: string; sub?: string };
  signResponse?: boolean;
  signAssertion?: boolean;
  encrypt?: boolean;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function instant(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function newId(): string {
  return `_${randomBytes(20).toString("hex")}`;
}

async function signEnveloped(xml: string, key: KeyObject, certificate: Uint8Array): Promise<string> {
  const { document } = parseXml(xml);
  const root = document.documentElement!;
  const issuer = root.getElementsByTagNameNS(A, "Issuer")[0] ?? null;
  const signed = await signXml({
    document,
    placement: { parent: root, before: issuer ? issuer.nextSibling : root.firstChild },
    references: [
      {
        uri: `#${root.getAttribute("ID")}`,
        digestAlgorithm: DIGEST_SHA256,
        transforms: [{ algorithm: TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
      },
    ],
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: SIG_RSA_PSS_SHA256_MGF1,
    key,
    certificates: [certificate],
  });
  return signed.xml;
}

function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let c = 0, n = 0; n < length; c++) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(c);
    const block = createHash(hash).update(seed).update(counter).digest();
    blocks.push(block);
    n += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** RFC 8017 §7.1.1 with separate label and MGF1 hashes (node:crypto ties them together). */
function oaepEncrypt(key: KeyObject, message: Buffer, hash: string, mgfHash: string): Buffer {
  const k = (key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
  const lHash = createHash(hash).digest();
  const hLen = lHash.length;
  const ps = Buffer.alloc(k - message.length - 2 * hLen - 2);
  const db = Buffer.concat([lHash, ps, Buffer.from([1]), message]);
  const seed = randomBytes(hLen);
  const dbMask = mgf1(mgfHash, seed, db.length);
  const maskedDb = Buffer.from(db.map((b, i) => b ^ dbMask[i]!));
  const seedMask = mgf1(mgfHash, maskedDb, hLen);
  const maskedSeed = Buffer.from(seed.map((b, i) => b ^ seedMask[i]!));
  const em = Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]);
  return publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, em);
}

/** XML Encryption 1.1 of `plaintext` as a saml2:EncryptedAssertion (EncryptedKey inside KeyInfo). */
export function encryptAssertion(
  plaintext: string,
  encryptionKey: KeyObject,
  transport: KeyTransport = "rsa-oaep-sha256",
  aesBits: 128 | 256 = 256,
): string {
  const cek = randomBytes(aesBits / 8);
  const iv = randomBytes(12);
  const cipher = createCipheriv(aesBits === 128 ? "aes-128-gcm" : "aes-256-gcm", cek, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const data = Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
  let method: string;
  let wrapped: Buffer;
  if (transport === "rsa-oaep-sha256") {
    wrapped = oaepEncrypt(encryptionKey, cek, "sha256", "sha256");
    method = `<xenc:EncryptionMethod Algorithm="${XENC11}rsa-oaep"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><xenc11:MGF xmlns:xenc11="${XENC11}" Algorithm="${XENC11}mgf1sha256"/></xenc:EncryptionMethod>`;
  } else if (transport === "rsa-oaep-mgf1p") {
    wrapped = oaepEncrypt(encryptionKey, cek, "sha1", "sha1");
    method = `<xenc:EncryptionMethod Algorithm="${XENC}rsa-oaep-mgf1p"/>`;
  } else {
    wrapped = oaepEncrypt(encryptionKey, cek, "sha256", "sha1");
    method = `<xenc:EncryptionMethod Algorithm="${XENC}rsa-oaep-mgf1p"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/></xenc:EncryptionMethod>`;
  }
  return `<saml2:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="${XENC}" Type="${XENC}Element"><xenc:EncryptionMethod Algorithm="${XENC11}aes${aesBits}-gcm"/><ds:KeyInfo xmlns:ds="${DS}"><xenc:EncryptedKey>${method}<xenc:CipherData><xenc:CipherValue>${wrapped.toString("base64")}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo><xenc:CipherData><xenc:CipherValue>${data}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml2:EncryptedAssertion>`;
}

function attribute(name: string, friendly: string, value: string | undefined): string {
  if (value === undefined) return "";
  return `<saml2:Attribute FriendlyName="${friendly}" Name="${NP}${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml2:AttributeValue>${escapeXml(value)}</saml2:AttributeValue></saml2:Attribute>`;
}

/** The assertion alone (signed unless `signAssertion` is false). */
export async function buildEidasAssertion(spec: EidasResponseSpec): Promise<string> {
  const now = spec.now.getTime();
  const notBefore = new Date(now - (spec.notBeforeOffsetMs ?? 0));
  const notOnOrAfter = new Date(now + (spec.validityMs ?? 5 * 60_000));
  const p = spec.person;
  const xml = `<saml2:Assertion xmlns:saml2="${A}" ID="${newId()}" IssueInstant="${instant(spec.now)}" Version="2.0"><saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${escapeXml(spec.issuer)}</saml2:Issuer><saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" NameQualifier="${escapeXml(spec.issuer)}">${escapeXml(p.personIdentifier)}</saml2:NameID><saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData InResponseTo="${escapeXml(spec.subjectInResponseTo ?? spec.inResponseTo)}" NotOnOrAfter="${instant(notOnOrAfter)}" Recipient="${escapeXml(spec.recipient ?? spec.destination)}"/></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore="${instant(notBefore)}" NotOnOrAfter="${instant(notOnOrAfter)}"><saml2:AudienceRestriction><saml2:Audience>${escapeXml(spec.audience)}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions><saml2:AuthnStatement AuthnInstant="${instant(spec.now)}"><saml2:AuthnContext><saml2:AuthnContextClassRef>${escapeXml(spec.level)}</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement><saml2:AttributeStatement>${attribute("PersonIdentifier", "PersonIdentifier", p.personIdentifier)}${attribute("CurrentFamilyName", "FamilyName", p.familyName)}${attribute("CurrentGivenName", "FirstName", p.givenName)}${attribute("DateOfBirth", "DateOfBirth", p.dateOfBirth)}</saml2:AttributeStatement></saml2:Assertion>`;
  return spec.signAssertion === false ? xml : signEnveloped(xml, spec.signingKey, spec.signingCertificate);
}

/** The whole Response, serialized (what the node POSTs back, before base64). */
export async function buildEidasResponse(spec: EidasResponseSpec): Promise<string> {
  let inner = "";
  const status = spec.status ?? { top: EIDAS_STATUS_SUCCESS };
  if (status.top === EIDAS_STATUS_SUCCESS) {
    const assertion = await buildEidasAssertion(spec);
    inner =
      spec.encrypt === false
        ? assertion.replace(/^<\?xml[^>]*\?>/, "")
        : encryptAssertion(assertion, spec.encryptionKey, spec.keyTransport, spec.aesBits);
  }
  const sub = status.sub ? `<saml2p:StatusCode Value="${status.sub}"/>` : "";
  const xml = `<saml2p:Response xmlns:saml2p="${P}" xmlns:saml2="${A}" Consent="urn:oasis:names:tc:SAML:2.0:consent:obtained" Destination="${escapeXml(spec.destination)}" ID="${newId()}" InResponseTo="${escapeXml(spec.inResponseTo)}" IssueInstant="${instant(spec.issueInstant ?? spec.now)}" Version="2.0"><saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${escapeXml(spec.issuer)}</saml2:Issuer><saml2p:Status><saml2p:StatusCode Value="${status.top}">${sub}</saml2p:StatusCode></saml2p:Status>${inner}</saml2p:Response>`;
  return spec.signResponse === false ? xml : signEnveloped(xml, spec.signingKey, spec.signingCertificate);
}
