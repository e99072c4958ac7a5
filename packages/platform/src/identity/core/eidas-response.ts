/**
 * Validation of an eIDAS node's SAML Response (eIDAS SAML Message Format v1.2 §3.5; SAML Core
 * §3.2.2, §2.5; SAML Profiles §4.1.4.3) as a pipeline of named steps. Only what a verified
 * signature covers is read: the Response is signed by the node (the signature's reference must
 * designate the Response root itself, so a wrapped or moved element is refused), the assertion
 * inside is encrypted for us and signed again by the node. The level is the assertion's
 * AuthnContextClassRef, never the request's (issue #5 item 3).
 */
import { type KeyObject, X509Certificate } from "node:crypto";
import {
  DIGEST_SHA256,
  DIGEST_SHA384,
  DIGEST_SHA512,
  DSIG_NAMESPACE,
  EXC_C14N,
  type ParsedXml,
  parseXml,
  SIG_ECDSA_SHA256,
  SIG_ECDSA_SHA384,
  SIG_ECDSA_SHA512,
  SIG_RSA_PSS_SHA256_MGF1,
  SIG_RSA_PSS_SHA384_MGF1,
  SIG_RSA_PSS_SHA512_MGF1,
  SIG_RSA_SHA256,
  SIG_RSA_SHA384,
  SIG_RSA_SHA512,
  TRANSFORM_ENVELOPED_SIGNATURE,
  verifyXmlSignature,
  type XmlLimits,
} from "@tilts/trust";
import {
  ATTR_DATE_OF_BIRTH,
  ATTR_FAMILY_NAME,
  ATTR_GIVEN_NAME,
  ATTR_PERSON_IDENTIFIER,
  children,
  levelOfEidasUri,
  onlyChild,
  parseSamlInstant,
  SAML_ASSERTION_NS,
  SAML_CM_BEARER,
  SAML_PROTOCOL_NS,
  STATUS_AUTHN_FAILED,
  STATUS_REQUEST_DENIED,
  STATUS_SUCCESS,
  textContent,
} from "./eidas-saml.ts";
import { decryptEncryptedElement, XmlDecryptionError } from "./eidas-xmlenc.ts";
import type { ForeignPerson } from "./evidence.ts";
import { atLeast, type Level } from "./levels.ts";

export const EIDAS_REFUSAL_CODES = [
  "eidas-malformed",
  "eidas-unsigned",
  "eidas-signature-invalid",
  "eidas-not-covered",
  "eidas-wrong-destination",
  "eidas-wrong-in-response-to",
  "eidas-wrong-issuer",
  "eidas-cancelled",
  "eidas-status-failed",
  "eidas-not-encrypted",
  "eidas-undecryptable",
  "eidas-assertion-unsigned",
  "eidas-wrong-recipient",
  "eidas-wrong-audience",
  "eidas-expired",
  "eidas-not-yet-valid",
  "eidas-level-missing",
  "eidas-level-too-low",
  "eidas-attributes-missing",
  "eidas-bad-person-identifier",
] as const;
export type EidasRefusalCode = (typeof EIDAS_REFUSAL_CODES)[number];

export class EidasResponseError extends Error {
  override name = "EidasResponseError";
  constructor(
    readonly code: EidasRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

/** Limits for the node's XML (a response is a few kB; DESIGN: parsers have limits). */
export const EIDAS_XML_LIMITS: Partial<XmlLimits> = {
  maxBytes: 256 * 1024,
  maxDepth: 48,
  maxNodes: 20_000,
  maxAttributesPerElement: 32,
};

/** eIDAS Cryptographic Requirements §2.2: no SHA-1, no PKCS#1 below SHA-256, no HMAC. */
const ACCEPTED_SIGNATURE_METHODS = new Set([
  SIG_RSA_PSS_SHA256_MGF1,
  SIG_RSA_PSS_SHA384_MGF1,
  SIG_RSA_PSS_SHA512_MGF1,
  SIG_RSA_SHA256,
  SIG_RSA_SHA384,
  SIG_RSA_SHA512,
  SIG_ECDSA_SHA256,
  SIG_ECDSA_SHA384,
  SIG_ECDSA_SHA512,
]);

/** eIDAS Cryptographic Requirements §2.2: reference digests of the SHA-2 family, never SHA-1. */
const ACCEPTED_DIGESTS = new Set([DIGEST_SHA256, DIGEST_SHA384, DIGEST_SHA512]);

/**
 * SAML Core §5.4.4: a SAML signature's reference uses only the enveloped-signature transform and
 * exclusive c14n, both of which keep the whole element. Any other transform (an XPath filter)
 * could leave parts of the element uncovered while the reference still designates it.
 */
const ACCEPTED_TRANSFORMS = new Set([TRANSFORM_ENVELOPED_SIGNATURE, EXC_C14N]);

export interface EidasNodeTrust {
  /** ISO 3166 alpha-2 code of the country whose node this is. */
  country: string;
  /** The node's signing certificates (DER), from configuration. */
  certificates: readonly Uint8Array[];
  /** The node's entity ID, when configured (the Issuer must then equal it). */
  entityId?: string;
}

export interface EidasExpectations {
  /** Our AuthnRequest's ID: InResponseTo of the Response and of the SubjectConfirmationData. */
  requestId: string;
  /** Our assertion consumer service URL: Destination and Recipient. */
  acsUrl: string;
  /** Our SP entity ID: the Audience. */
  spEntityId: string;
  node: EidasNodeTrust;
  /** The level we asked for (Comparison minimum). */
  requestedLevel: Level;
  /** Our own country (the destination part of the PersonIdentifier). */
  ourCountry: string;
  now: Date;
  skewMs: number;
  /** How old a Response may be (IssueInstant). */
  maxAgeMs: number;
  decryptionKeys: readonly KeyObject[];
}

export interface EidasAssertion {
  level: Level;
  person: ForeignPerson;
  issuer: string;
}

function refuse(code: EidasRefusalCode, message: string): never {
  throw new EidasResponseError(code, message);
}

function single(parent: Element, ns: string, local: string, code: EidasRefusalCode): Element {
  const found = onlyChild(parent, ns, local);
  if (found === undefined || found === "many") refuse(code, `expected one ${local}`);
  return found;
}

function parse(input: string | Uint8Array, what: string): ParsedXml {
  try {
    return parseXml(input, { limits: EIDAS_XML_LIMITS });
  } catch {
    refuse("eidas-malformed", `${what} is not well-formed XML within limits`);
  }
}

/**
 * Verifies the one ds:Signature child of `element` with the node's keys and requires its single
 * reference to designate `element` itself with exact coverage (XSW defence).
 */
async function checkSignedByNode(
  parsed: ParsedXml,
  element: Element,
  node: EidasNodeTrust,
  unsignedCode: EidasRefusalCode,
): Promise<void> {
  const signatures = children(element, DSIG_NAMESPACE, "Signature");
  if (signatures.length === 0) refuse(unsignedCode, `${element.localName} is not signed`);
  if (signatures.length > 1) refuse("eidas-signature-invalid", "more than one signature");
  for (const der of node.certificates) {
    let key: KeyObject;
    try {
      key = new X509Certificate(der).publicKey;
    } catch {
      continue;
    }
    const result = await verifyXmlSignature(parsed, {
      signature: signatures[0],
      key,
      limits: EIDAS_XML_LIMITS,
    }).catch(() => undefined);
    if (!result) refuse("eidas-signature-invalid", "signature structure refused");
    if (!ACCEPTED_SIGNATURE_METHODS.has(result.signatureMethod))
      refuse("eidas-signature-invalid", "signature algorithm not accepted");
    if (!result.valid) continue;
    const [reference, ...others] = result.references;
    if (
      others.length > 0 ||
      reference?.status !== "valid" ||
      reference.target !== element ||
      reference.coverageExact === false ||
      !reference.transforms.every((t) => ACCEPTED_TRANSFORMS.has(t))
    ) {
      refuse("eidas-not-covered", `the signature does not cover the ${element.localName} exactly`);
    }
    if (!ACCEPTED_DIGESTS.has(reference.digestMethod))
      refuse("eidas-signature-invalid", "digest algorithm not accepted");
    return;
  }
  refuse("eidas-signature-invalid", `${element.localName} signature does not verify with the node's key`);
}

function checkDestination(response: Element, expect: EidasExpectations): void {
  if (response.getAttribute("Destination") !== expect.acsUrl)
    refuse("eidas-wrong-destination", "Destination is not our assertion consumer service");
}

function checkInResponseTo(element: Element, expect: EidasExpectations): void {
  if (element.getAttribute("InResponseTo") !== expect.requestId)
    refuse("eidas-wrong-in-response-to", "InResponseTo is not our request");
}

function checkIssuer(element: Element, expect: EidasExpectations): string {
  const issuer = textContent(single(element, SAML_ASSERTION_NS, "Issuer", "eidas-wrong-issuer")).trim();
  if (!issuer || (expect.node.entityId !== undefined && issuer !== expect.node.entityId))
    refuse("eidas-wrong-issuer", "the Issuer is not the chosen country's node");
  return issuer;
}

function checkIssueInstant(response: Element, expect: EidasExpectations): void {
  const issued = parseSamlInstant(response.getAttribute("IssueInstant"));
  if (!issued) refuse("eidas-malformed", "IssueInstant missing or malformed");
  const now = expect.now.getTime();
  if (issued.getTime() > now + expect.skewMs) refuse("eidas-not-yet-valid", "issued in the future");
  if (issued.getTime() < now - expect.maxAgeMs - expect.skewMs)
    refuse("eidas-expired", "the response is too old");
}

/** SAML Core §3.2.2.2; eIDAS: a person's cancellation or failed authentication is AuthnFailed/RequestDenied. */
function checkStatus(response: Element): void {
  const status = single(response, SAML_PROTOCOL_NS, "Status", "eidas-malformed");
  const code = single(status, SAML_PROTOCOL_NS, "StatusCode", "eidas-malformed");
  const top = code.getAttribute("Value");
  if (top === STATUS_SUCCESS) return;
  const sub = onlyChild(code, SAML_PROTOCOL_NS, "StatusCode");
  const subValue = sub && sub !== "many" ? sub.getAttribute("Value") : null;
  if (subValue === STATUS_AUTHN_FAILED || subValue === STATUS_REQUEST_DENIED)
    refuse("eidas-cancelled", "the node reports a failed or cancelled authentication");
  refuse("eidas-status-failed", "the node's status is not success");
}

function decryptAssertion(response: Element, expect: EidasExpectations): ParsedXml {
  if (children(response, SAML_ASSERTION_NS, "Assertion").length > 0)
    refuse("eidas-not-encrypted", "eIDAS assertions must be encrypted");
  const encrypted = single(response, SAML_ASSERTION_NS, "EncryptedAssertion", "eidas-malformed");
  let octets: Buffer;
  try {
    octets = decryptEncryptedElement(encrypted, expect.decryptionKeys);
  } catch (error) {
    if (error instanceof XmlDecryptionError)
      refuse("eidas-undecryptable", "the assertion cannot be decrypted");
    throw error;
  }
  const parsed = parse(octets, "the decrypted assertion");
  const root = parsed.document.documentElement;
  if (root?.namespaceURI !== SAML_ASSERTION_NS || root.localName !== "Assertion")
    refuse("eidas-malformed", "the decrypted element is not an Assertion");
  return parsed;
}

function checkSubjectConfirmation(assertion: Element, expect: EidasExpectations): void {
  const subject = single(assertion, SAML_ASSERTION_NS, "Subject", "eidas-malformed");
  const bearer = children(subject, SAML_ASSERTION_NS, "SubjectConfirmation").filter(
    (c) => c.getAttribute("Method") === SAML_CM_BEARER,
  );
  if (bearer.length !== 1) refuse("eidas-malformed", "expected one bearer SubjectConfirmation");
  const data = single(bearer[0]!, SAML_ASSERTION_NS, "SubjectConfirmationData", "eidas-malformed");
  if (data.getAttribute("Recipient") !== expect.acsUrl)
    refuse("eidas-wrong-recipient", "Recipient is not our assertion consumer service");
  checkInResponseTo(data, expect);
  const notOnOrAfter = parseSamlInstant(data.getAttribute("NotOnOrAfter"));
  if (!notOnOrAfter) refuse("eidas-malformed", "SubjectConfirmationData without NotOnOrAfter");
  if (expect.now.getTime() >= notOnOrAfter.getTime() + expect.skewMs)
    refuse("eidas-expired", "the subject confirmation has expired");
}

function checkConditions(assertion: Element, expect: EidasExpectations): void {
  const conditions = single(assertion, SAML_ASSERTION_NS, "Conditions", "eidas-malformed");
  const notBefore = parseSamlInstant(conditions.getAttribute("NotBefore"));
  const notOnOrAfter = parseSamlInstant(conditions.getAttribute("NotOnOrAfter"));
  if (!notBefore || !notOnOrAfter) refuse("eidas-malformed", "Conditions need NotBefore and NotOnOrAfter");
  const now = expect.now.getTime();
  if (now + expect.skewMs < notBefore.getTime())
    refuse("eidas-not-yet-valid", "the assertion is not yet valid");
  if (now >= notOnOrAfter.getTime() + expect.skewMs) refuse("eidas-expired", "the assertion has expired");
  // SAML Core §2.5.1.4: every AudienceRestriction must name us.
  const restrictions = children(conditions, SAML_ASSERTION_NS, "AudienceRestriction");
  if (restrictions.length === 0) refuse("eidas-wrong-audience", "no AudienceRestriction");
  for (const restriction of restrictions) {
    const audiences = children(restriction, SAML_ASSERTION_NS, "Audience").map((a) => textContent(a).trim());
    if (!audiences.includes(expect.spEntityId)) refuse("eidas-wrong-audience", "we are not the audience");
  }
}

function checkLevel(assertion: Element, expect: EidasExpectations): Level {
  const statement = single(assertion, SAML_ASSERTION_NS, "AuthnStatement", "eidas-level-missing");
  const context = single(statement, SAML_ASSERTION_NS, "AuthnContext", "eidas-level-missing");
  const ref = single(context, SAML_ASSERTION_NS, "AuthnContextClassRef", "eidas-level-missing");
  const level = levelOfEidasUri(textContent(ref).trim());
  if (!level) refuse("eidas-level-missing", "the level is not a notified eIDAS LoA");
  if (!atLeast(level, expect.requestedLevel))
    refuse("eidas-level-too-low", "the level is below the one requested");
  return level;
}

/** eIDAS Attribute Profile §2.2.3: "<origin>/<destination>/<identifier>". */
export function parsePersonIdentifier(
  value: string,
  origin: string,
  destination: string,
): string | undefined {
  const m = /^([A-Z]{2})\/([A-Z]{2})\/([\x21-\x7e]{1,256})$/.exec(value);
  if (!m || m[1] !== origin || m[2] !== destination) return undefined;
  return `PNO${m[1]}-${m[3]}`;
}

function attributeValues(statement: Element, name: string): string[] {
  const attributes = children(statement, SAML_ASSERTION_NS, "Attribute").filter(
    (a) => a.getAttribute("Name") === name,
  );
  if (attributes.length !== 1) return [];
  // Transliterations carry LatinScript="false"; the Latin value is the one we show and release.
  return children(attributes[0]!, SAML_ASSERTION_NS, "AttributeValue")
    .filter((v) => v.getAttribute("LatinScript") !== "false")
    .map((v) => textContent(v).trim())
    .filter((v) => v.length > 0 && v.length <= 256);
}

function readPerson(assertion: Element, expect: EidasExpectations): ForeignPerson {
  const statements = children(assertion, SAML_ASSERTION_NS, "AttributeStatement");
  if (statements.length !== 1) refuse("eidas-attributes-missing", "expected one AttributeStatement");
  const statement = statements[0]!;
  const [identifier] = attributeValues(statement, ATTR_PERSON_IDENTIFIER);
  const [familyName] = attributeValues(statement, ATTR_FAMILY_NAME);
  const [givenName] = attributeValues(statement, ATTR_GIVEN_NAME);
  if (!identifier || !familyName || !givenName)
    refuse("eidas-attributes-missing", "a required attribute is missing");
  const sub = parsePersonIdentifier(identifier, expect.node.country, expect.ourCountry);
  if (!sub) refuse("eidas-bad-person-identifier", "PersonIdentifier is not of the chosen country for us");
  const person: ForeignPerson = { kind: "foreign", identifier: sub, givenName, familyName };
  const [birth] = attributeValues(statement, ATTR_DATE_OF_BIRTH);
  if (birth && /^\d{4}-\d{2}-\d{2}$/.test(birth)) person.birthDate = birth;
  return person;
}

/** The whole check, step by step; throws EidasResponseError with the first refusal. */
export async function validateEidasResponse(
  input: string | Uint8Array,
  expect: EidasExpectations,
): Promise<EidasAssertion> {
  const parsed = parse(input, "the response");
  const response = parsed.document.documentElement;
  if (response?.namespaceURI !== SAML_PROTOCOL_NS || response.localName !== "Response")
    refuse("eidas-malformed", "not a SAML Response");
  if (response.getAttribute("Version") !== "2.0") refuse("eidas-malformed", "not SAML 2.0");
  await checkSignedByNode(parsed, response, expect.node, "eidas-unsigned");
  checkDestination(response, expect);
  checkInResponseTo(response, expect);
  const issuer = checkIssuer(response, expect);
  checkIssueInstant(response, expect);
  checkStatus(response);
  const decrypted = decryptAssertion(response, expect);
  const assertion = decrypted.document.documentElement!;
  await checkSignedByNode(decrypted, assertion, expect.node, "eidas-assertion-unsigned");
  if (assertion.getAttribute("Version") !== "2.0") refuse("eidas-malformed", "assertion is not SAML 2.0");
  if (checkIssuer(assertion, expect) !== issuer)
    refuse("eidas-wrong-issuer", "assertion and response issuers differ");
  checkSubjectConfirmation(assertion, expect);
  checkConditions(assertion, expect);
  const level = checkLevel(assertion, expect);
  return { level, person: readPerson(assertion, expect), issuer };
}
