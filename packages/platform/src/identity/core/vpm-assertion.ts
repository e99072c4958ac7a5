/**
 * Reads a verified VPM assertion (vpm-token.ts) — only elements the signature's reference covers —
 * and checks it as a pipeline of named steps: issuer, validity window with the configured clock
 * skew, audience = our realm, (SAML 2.0) bearer subject confirmation whose Recipient is our
 * wreply. Claims are gathered by their full URI (`<namespace>/<name>`, the form SAML 2.0 uses;
 * SAML 1.1's AttributeNamespace + AttributeName are joined the same way).
 * Pure: the clock comes in as `now`.
 */
import type { VerifiedVpmToken } from "./vpm-token.ts";
import { SAML1_ASSERTION_NAMESPACE, SAML2_ASSERTION_NAMESPACE } from "./vpm-token.ts";

/** SAML 2.0 bearer confirmation (saml-profiles-2.0 §3.3); SAML 1.1's equivalent. */
export const SAML2_BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
export const SAML1_BEARER = "urn:oasis:names:tc:SAML:1.0:cm:bearer";
/** The claims namespace of the primary personal code's `OriginalIssuer` (omniauth-latvija fixture). */
export const ORIGINAL_ISSUER_NAMESPACE = "http://schemas.xmlsoap.org/ws/2009/09/identity/claims";

export interface VpmAssertionPolicy {
  /** Issuers accepted (`http://www.latvija.lv/sts` for the real module). */
  issuers: readonly string[];
  /** Our realm (wtrealm): the only audience accepted. */
  realm: string;
  /** Our wreply: the SAML 2.0 SubjectConfirmationData Recipient. */
  replyUrl: string;
  clockSkewMs: number;
  now: Date;
}

export type VpmAssertionRefusal =
  | "assertion-malformed"
  | "issuer-mismatch"
  | "conditions-missing"
  | "not-yet-valid"
  | "expired"
  | "audience-mismatch"
  | "recipient-mismatch"
  | "subject-confirmation";

export class VpmAssertionError extends Error {
  override name = "VpmAssertionError";
  constructor(
    readonly code: VpmAssertionRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface VpmAttributeValue {
  value: string;
  /** The attribute carried an `OriginalIssuer` (the module marks the primary personal code so). */
  primary: boolean;
}

export interface CheckedVpmAssertion {
  version: "1.1" | "2.0";
  id: string;
  issuer: string;
  /** Until when the assertion counts (NotOnOrAfter; for the replay cache). */
  notOnOrAfter: Date;
  /** SAML 1.1 AuthenticationMethod / SAML 2.0 AuthnContextClassRef: the means used. */
  authenticationMethod: string;
  /** NameIdentifier / NameID text (VPM: `PK:<personal code>`). */
  nameId: string | undefined;
  /** Claims by full URI, values in document order. */
  attributes: Map<string, VpmAttributeValue[]>;
}

const MAX_TEXT = 1024;
const MAX_VALUES = 20;

/** Child elements in SAML's namespace for the assertion's version, each checked to be covered. */
class CoveredReader {
  constructor(
    private readonly token: VerifiedVpmToken,
    readonly ns: string,
  ) {}

  covered(e: Element): Element {
    // The reference covers the assertion minus its Signature: anything else is a programming slip.
    if (!this.token.reference.covers(e))
      throw new VpmAssertionError("assertion-malformed", "element outside the signed assertion");
    return e;
  }

  children(parent: Element, local: string): Element[] {
    const out: Element[] = [];
    for (let c = parent.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      const e = c as Element;
      if (e.localName === local && e.namespaceURI === this.ns) out.push(this.covered(e));
    }
    return out;
  }

  one(parent: Element, local: string): Element | undefined {
    const found = this.children(parent, local);
    if (found.length > 1) throw new VpmAssertionError("assertion-malformed", `several ${local} elements`);
    return found[0];
  }

  text(e: Element): string {
    let out = "";
    for (let c = e.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1) throw new VpmAssertionError("assertion-malformed", "element inside a value");
      if (c.nodeType === 3 || c.nodeType === 4) out += c.nodeValue ?? "";
    }
    out = out.trim();
    if (out.length > MAX_TEXT) throw new VpmAssertionError("assertion-malformed", "value too long");
    return out;
  }
}

function instant(value: string | null, what: string): Date | undefined {
  if (!value) return undefined;
  // xs:dateTime in UTC as SAML requires (saml-core-2.0 §1.3.3; SAML 1.1 §1.3.3).
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(value))
    throw new VpmAssertionError("assertion-malformed", `${what} is not a UTC dateTime`);
  const date = new Date(value.replace(/(\.\d{3})\d+Z$/, "$1Z"));
  if (Number.isNaN(date.getTime())) throw new VpmAssertionError("assertion-malformed", `${what} is invalid`);
  return date;
}

function checkWindow(
  notBefore: Date | undefined,
  notOnOrAfter: Date | undefined,
  policy: VpmAssertionPolicy,
): void {
  const now = policy.now.getTime();
  if (notBefore && now + policy.clockSkewMs < notBefore.getTime())
    throw new VpmAssertionError("not-yet-valid", "the assertion is not yet valid");
  if (notOnOrAfter && now - policy.clockSkewMs >= notOnOrAfter.getTime())
    throw new VpmAssertionError("expired", "the assertion has expired");
}

export function checkVpmAssertion(token: VerifiedVpmToken, policy: VpmAssertionPolicy): CheckedVpmAssertion {
  const a = token.assertion;
  const saml1 = token.version === "1.1";
  const r = new CoveredReader(token, saml1 ? SAML1_ASSERTION_NAMESPACE : SAML2_ASSERTION_NAMESPACE);

  // Version.
  if (
    saml1
      ? a.getAttribute("MajorVersion") !== "1" || a.getAttribute("MinorVersion") !== "1"
      : a.getAttribute("Version") !== "2.0"
  )
    throw new VpmAssertionError("assertion-malformed", "unsupported SAML version");

  // Issuer.
  const issuerElement = saml1 ? undefined : r.one(a, "Issuer");
  const issuer = saml1 ? (a.getAttribute("Issuer") ?? "") : issuerElement ? r.text(issuerElement) : "";
  if (!policy.issuers.includes(issuer)) throw new VpmAssertionError("issuer-mismatch", "unexpected issuer");

  // Conditions: both bounds required (a bearer token without an end is refused).
  const conditions = r.one(a, "Conditions");
  if (!conditions) throw new VpmAssertionError("conditions-missing", "no Conditions");
  const notBefore = instant(conditions.getAttribute("NotBefore"), "NotBefore");
  const notOnOrAfter = instant(conditions.getAttribute("NotOnOrAfter"), "NotOnOrAfter");
  if (!notBefore || !notOnOrAfter)
    throw new VpmAssertionError("conditions-missing", "Conditions need NotBefore and NotOnOrAfter");
  checkWindow(notBefore, notOnOrAfter, policy);

  // Audience: every audience restriction must name our realm (saml-core-2.0 §2.5.1.4).
  const restrictions = r.children(conditions, saml1 ? "AudienceRestrictionCondition" : "AudienceRestriction");
  if (restrictions.length === 0) throw new VpmAssertionError("audience-mismatch", "no audience restriction");
  for (const restriction of restrictions) {
    const audiences = r.children(restriction, "Audience").map((e) => r.text(e));
    if (!audiences.includes(policy.realm))
      throw new VpmAssertionError("audience-mismatch", "the assertion is for another relying party");
  }

  // Subject and authentication statement.
  let nameId: string | undefined;
  let authenticationMethod: string;
  if (saml1) {
    const statements = r.children(a, "AuthenticationStatement");
    if (statements.length !== 1)
      throw new VpmAssertionError("assertion-malformed", "one AuthenticationStatement expected");
    const statement = statements[0]!;
    authenticationMethod = statement.getAttribute("AuthenticationMethod") ?? "";
    const subject = r.one(statement, "Subject");
    const nameElement = subject ? r.one(subject, "NameIdentifier") : undefined;
    nameId = nameElement ? r.text(nameElement) : undefined;
    const confirmation = subject ? r.one(subject, "SubjectConfirmation") : undefined;
    const methods = confirmation ? r.children(confirmation, "ConfirmationMethod").map((e) => r.text(e)) : [];
    if (!methods.includes(SAML1_BEARER))
      throw new VpmAssertionError("subject-confirmation", "no bearer confirmation");
    // SAML 1.1 repeats the Subject in each statement: the attributes must be about the same person.
    for (const attributes of r.children(a, "AttributeStatement")) {
      const other = r.one(attributes, "Subject");
      const otherName = other ? r.one(other, "NameIdentifier") : undefined;
      if ((otherName ? r.text(otherName) : undefined) !== nameId)
        throw new VpmAssertionError("subject-confirmation", "statements about different subjects");
    }
  } else {
    const subject = r.one(a, "Subject");
    if (!subject) throw new VpmAssertionError("subject-confirmation", "no Subject");
    const nameElement = r.one(subject, "NameID");
    nameId = nameElement ? r.text(nameElement) : undefined;
    checkBearerConfirmation(r, subject, policy);
    const statements = r.children(a, "AuthnStatement");
    if (statements.length !== 1)
      throw new VpmAssertionError("assertion-malformed", "one AuthnStatement expected");
    const context = r.one(statements[0]!, "AuthnContext");
    const classRef = context ? r.one(context, "AuthnContextClassRef") : undefined;
    authenticationMethod = classRef ? r.text(classRef) : "";
  }
  if (!authenticationMethod || authenticationMethod.length > MAX_TEXT)
    throw new VpmAssertionError("assertion-malformed", "no authentication method");

  return {
    version: token.version,
    id: token.id,
    issuer,
    notOnOrAfter,
    authenticationMethod,
    nameId,
    attributes: readAttributes(r, a, saml1),
  };
}

/** saml-profiles-2.0 §4.1.4.2: a bearer SubjectConfirmation with Recipient and NotOnOrAfter. */
function checkBearerConfirmation(r: CoveredReader, subject: Element, policy: VpmAssertionPolicy): void {
  const bearers = r
    .children(subject, "SubjectConfirmation")
    .filter((c) => c.getAttribute("Method") === SAML2_BEARER);
  if (bearers.length === 0) throw new VpmAssertionError("subject-confirmation", "no bearer confirmation");
  let lastProblem: VpmAssertionError | undefined;
  for (const bearer of bearers) {
    const data = r.one(bearer, "SubjectConfirmationData");
    try {
      if (!data) throw new VpmAssertionError("subject-confirmation", "no SubjectConfirmationData");
      if (data.getAttribute("Recipient") !== policy.replyUrl)
        throw new VpmAssertionError("recipient-mismatch", "the assertion was sent to another address");
      const until = instant(data.getAttribute("NotOnOrAfter"), "SubjectConfirmationData NotOnOrAfter");
      if (!until) throw new VpmAssertionError("subject-confirmation", "confirmation without NotOnOrAfter");
      checkWindow(
        instant(data.getAttribute("NotBefore"), "SubjectConfirmationData NotBefore"),
        until,
        policy,
      );
      return;
    } catch (error) {
      if (!(error instanceof VpmAssertionError)) throw error;
      lastProblem = error;
    }
  }
  throw lastProblem!;
}

function readAttributes(r: CoveredReader, a: Element, saml1: boolean): Map<string, VpmAttributeValue[]> {
  const out = new Map<string, VpmAttributeValue[]>();
  let count = 0;
  for (const statement of r.children(a, "AttributeStatement")) {
    for (const attribute of r.children(statement, "Attribute")) {
      const name = saml1
        ? `${attribute.getAttribute("AttributeNamespace") ?? ""}/${attribute.getAttribute("AttributeName") ?? ""}`
        : (attribute.getAttribute("Name") ?? "");
      if (name.length > MAX_TEXT)
        throw new VpmAssertionError("assertion-malformed", "attribute name too long");
      const primary = attribute.hasAttributeNS(ORIGINAL_ISSUER_NAMESPACE, "OriginalIssuer");
      const values = out.get(name) ?? [];
      for (const value of r.children(attribute, "AttributeValue")) {
        if (++count > MAX_VALUES * 10) throw new VpmAssertionError("assertion-malformed", "too many values");
        values.push({ value: r.text(value), primary });
      }
      out.set(name, values);
    }
  }
  return out;
}
