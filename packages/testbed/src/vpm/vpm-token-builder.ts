/**
 * Builds what Latvija.lv's login module POSTs back: a WS-Trust 1.3
 * RequestSecurityTokenResponseCollection holding one SAML assertion, signed enveloped with
 * @tilts/trust `signXml` (exclusive c14n, RSA-SHA256, reference to the assertion's ID, the signing
 * certificate in KeyInfo). SAML 1.1 follows the module's real layout (omniauth-latvija's fixture:
 * Conditions, AttributeStatement, AuthenticationStatement, Signature last); SAML 2.0 the core
 * spec's order (Issuer, Signature, Subject, Conditions, AuthnStatement, AttributeStatement).
 */
import { type KeyObject, randomBytes } from "node:crypto";
import {
  DIGEST_SHA256,
  EXC_C14N,
  parseXml,
  SIG_RSA_SHA256,
  signXml,
  TRANSFORM_ENVELOPED_SIGNATURE,
} from "@tilts/trust";

export const WSTRUST_13 = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
export const SAML1_NS = "urn:oasis:names:tc:SAML:1.0:assertion";
export const SAML2_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
export const CLAIMS_NS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";
export const ORIGINAL_ISSUER_NS = "http://schemas.xmlsoap.org/ws/2009/09/identity/claims";
export const LEVEL_NS = "http://ivis.eps.gov.lv/schema/identity/claims";
export const NAME_ID_FORMAT = "urn:ivis:100001:name.id-viss";

export interface VpmTokenInput {
  version: "1.1" | "2.0";
  issuer: string;
  /** The relying party's realm (Audience). */
  realm: string;
  /** The relying party's wreply (SAML 2.0 Recipient). */
  replyUrl: string;
  person: { personalCode: string; previousCodes: readonly string[]; givenName: string; familyName: string };
  /** AuthenticationMethod / AuthnContextClassRef URN of the means used. */
  authenticationMethod: string;
  /** citizenQAALevel value. */
  qaaLevel: string;
  now: Date;
  lifetimeMs: number;
  key: KeyObject;
  certificate: Uint8Array;
  /** For tests: a fixed assertion ID. */
  assertionId?: string;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** xs:dateTime in UTC with milliseconds, as the module writes it. */
function instant(date: Date): string {
  return date.toISOString();
}

/** Personal codes travel without the hyphen, as in the module's tokens. */
const bare = (code: string) => code.replace("-", "");

function saml1Assertion(input: VpmTokenInput, id: string): string {
  const { person } = input;
  const nb = instant(input.now);
  const na = instant(new Date(input.now.getTime() + input.lifetimeMs));
  const subject = `<saml:Subject><saml:NameIdentifier Format="${NAME_ID_FORMAT}">PK:${escapeXml(bare(person.personalCode))}</saml:NameIdentifier><saml:SubjectConfirmation><saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:bearer</saml:ConfirmationMethod></saml:SubjectConfirmation></saml:Subject>`;
  const attr = (name: string, ns: string, value: string, primary = false) =>
    `<saml:Attribute AttributeName="${name}" AttributeNamespace="${ns}"${primary ? ` a:OriginalIssuer="${escapeXml(input.issuer)}" xmlns:a="${ORIGINAL_ISSUER_NS}"` : ""}><saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue></saml:Attribute>`;
  return `<saml:Assertion xmlns:saml="${SAML1_NS}" MajorVersion="1" MinorVersion="1" AssertionID="${id}" Issuer="${escapeXml(input.issuer)}" IssueInstant="${nb}"><saml:Conditions NotBefore="${nb}" NotOnOrAfter="${na}"><saml:AudienceRestrictionCondition><saml:Audience>${escapeXml(input.realm)}</saml:Audience></saml:AudienceRestrictionCondition></saml:Conditions><saml:AttributeStatement>${subject}${attr("givenname", CLAIMS_NS, person.givenName, true)}${attr("surname", CLAIMS_NS, person.familyName, true)}${attr("privatepersonalidentifier", CLAIMS_NS, bare(person.personalCode), true)}${person.previousCodes.map((c) => attr("privatepersonalidentifier", CLAIMS_NS, bare(c))).join("")}${attr("citizenQAALevel", LEVEL_NS, input.qaaLevel)}</saml:AttributeStatement><saml:AuthenticationStatement AuthenticationMethod="${escapeXml(input.authenticationMethod)}" AuthenticationInstant="${nb}">${subject}</saml:AuthenticationStatement></saml:Assertion>`;
}

function saml2Assertion(input: VpmTokenInput, id: string): string {
  const { person } = input;
  const nb = instant(input.now);
  const na = instant(new Date(input.now.getTime() + input.lifetimeMs));
  const attr = (name: string, value: string, primary = false) =>
    `<saml2:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"${primary ? ` a:OriginalIssuer="${escapeXml(input.issuer)}" xmlns:a="${ORIGINAL_ISSUER_NS}"` : ""}><saml2:AttributeValue>${escapeXml(value)}</saml2:AttributeValue></saml2:Attribute>`;
  return `<saml2:Assertion xmlns:saml2="${SAML2_NS}" Version="2.0" ID="${id}" IssueInstant="${nb}"><saml2:Issuer>${escapeXml(input.issuer)}</saml2:Issuer><saml2:Subject><saml2:NameID Format="${NAME_ID_FORMAT}">PK:${escapeXml(bare(person.personalCode))}</saml2:NameID><saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData NotOnOrAfter="${na}" Recipient="${escapeXml(input.replyUrl)}"/></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore="${nb}" NotOnOrAfter="${na}"><saml2:AudienceRestriction><saml2:Audience>${escapeXml(input.realm)}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions><saml2:AuthnStatement AuthnInstant="${nb}"><saml2:AuthnContext><saml2:AuthnContextClassRef>${escapeXml(input.authenticationMethod)}</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement><saml2:AttributeStatement>${attr(`${CLAIMS_NS}/givenname`, person.givenName, true)}${attr(`${CLAIMS_NS}/surname`, person.familyName, true)}${attr(`${CLAIMS_NS}/privatepersonalidentifier`, bare(person.personalCode), true)}${person.previousCodes.map((c) => attr(`${CLAIMS_NS}/privatepersonalidentifier`, bare(c))).join("")}${attr(`${LEVEL_NS}/citizenQAALevel`, input.qaaLevel)}</saml2:AttributeStatement></saml2:Assertion>`;
}

/** Wraps an assertion (XML text) in the module's RSTR collection. */
export function wrapInRstr(
  assertionXml: string,
  input: { version: "1.1" | "2.0"; realm: string; now: Date; lifetimeMs: number },
): string {
  const created = instant(input.now);
  const expires = instant(new Date(input.now.getTime() + input.lifetimeMs));
  const tokenType = input.version === "1.1" ? SAML1_NS : SAML2_NS;
  return `<trust:RequestSecurityTokenResponseCollection xmlns:trust="${WSTRUST_13}"><trust:RequestSecurityTokenResponse><trust:Lifetime><wsu:Created xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">${created}</wsu:Created><wsu:Expires xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">${expires}</wsu:Expires></trust:Lifetime><wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"><wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Address>${escapeXml(input.realm)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo><trust:RequestedSecurityToken>${assertionXml}</trust:RequestedSecurityToken><trust:TokenType>${tokenType}</trust:TokenType><trust:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</trust:RequestType><trust:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer</trust:KeyType></trust:RequestSecurityTokenResponse></trust:RequestSecurityTokenResponseCollection>`;
}

/** The signed `wresult` for one sign-in. */
export async function buildVpmToken(input: VpmTokenInput): Promise<string> {
  const id = input.assertionId ?? `_${randomBytes(16).toString("hex")}`;
  const assertionXml = input.version === "1.1" ? saml1Assertion(input, id) : saml2Assertion(input, id);
  const document = parseXml(wrapInRstr(assertionXml, input)).document;
  const assertion = document.getElementsByTagNameNS(
    input.version === "1.1" ? SAML1_NS : SAML2_NS,
    "Assertion",
  )[0]!;
  // SAML 2.0 (saml-core §2.3.3): the Signature follows Issuer; SAML 1.1: it is the last child.
  const issuer =
    input.version === "2.0" ? assertion.getElementsByTagNameNS(SAML2_NS, "Issuer")[0] : undefined;
  const signed = await signXml({
    document,
    placement: { parent: assertion, before: issuer ? issuer.nextSibling : null },
    references: [
      {
        uri: `#${id}`,
        digestAlgorithm: DIGEST_SHA256,
        transforms: [{ algorithm: TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
      },
    ],
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: SIG_RSA_SHA256,
    key: input.key,
    certificates: [input.certificate],
    idAttributes: [{ localName: "AssertionID" }],
  });
  return signed.xml;
}
