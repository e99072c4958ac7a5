/**
 * Latvija.lv's login module (VPM) answer: a WS-Federation `wresult` holding a WS-Trust
 * RequestSecurityTokenResponse with one signed SAML assertion — SAML 1.1 as the module issues it,
 * or SAML 2.0 (shared/specs/latvian-identity.md §2.1). This step finds the one assertion, checks
 * the shape that signature-wrapping attacks break, and verifies its enveloped XML-DSig with
 * @tilts/trust against the PINNED VPM signing keys only (KeyInfo never supplies trust). It
 * returns the assertion element together with the verifier's coverage, so the reader
 * (vpm-assertion.ts) reads nothing the signature does not cover.
 *
 *   <wst:RequestSecurityTokenResponse[Collection]>
 *     <wst:RequestSecurityTokenResponse>          (inside a Collection: exactly one)
 *       <wst:RequestedSecurityToken>
 *         <saml:Assertion AssertionID|ID="…">     (exactly one assertion in the whole document)
 *           …<ds:Signature>                        (its direct child; one Signature in the document)
 *             <ds:Reference URI="#<the assertion's id>">  (exactly one; enveloped + c14n)
 *
 * Pure apart from signature arithmetic: no I/O, no clock.
 */
import type { KeyObject } from "node:crypto";
import {
  C14N_10,
  C14N_11,
  DSIG_NAMESPACE,
  EXC_C14N,
  IdIndex,
  parseXml,
  type ReferenceResult,
  SIG_ECDSA_SHA256,
  SIG_ECDSA_SHA384,
  SIG_ECDSA_SHA512,
  SIG_RSA_SHA256,
  SIG_RSA_SHA384,
  SIG_RSA_SHA512,
  TRANSFORM_ENVELOPED_SIGNATURE,
  verifyXmlSignature,
  type XmlSignatureVerification,
} from "@tilts/trust";

export const WSTRUST_13_NAMESPACE = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
export const WSTRUST_2005_NAMESPACE = "http://schemas.xmlsoap.org/ws/2005/02/trust";
export const SAML1_ASSERTION_NAMESPACE = "urn:oasis:names:tc:SAML:1.0:assertion";
export const SAML2_ASSERTION_NAMESPACE = "urn:oasis:names:tc:SAML:2.0:assertion";
/** XMLEnc's EncryptedData / SAML 2.0 EncryptedAssertion: not supported (we ask for plain tokens). */
const ENCRYPTED_LOCAL_NAMES = new Set(["EncryptedAssertion", "EncryptedData"]);

/** Only SHA-2 RSA/ECDSA: SHA-1 and HMAC are refused for assertions. */
const ACCEPTED_SIGNATURE_METHODS: ReadonlySet<string> = new Set([
  SIG_RSA_SHA256,
  SIG_RSA_SHA384,
  SIG_RSA_SHA512,
  SIG_ECDSA_SHA256,
  SIG_ECDSA_SHA384,
  SIG_ECDSA_SHA512,
]);
const ACCEPTED_TRANSFORMS: ReadonlySet<string> = new Set([
  TRANSFORM_ENVELOPED_SIGNATURE,
  EXC_C14N,
  C14N_10,
  C14N_11,
]);

/** Size and shape limits for `wresult` (outside input). A real token is a few kilobytes. */
export interface VpmTokenLimits {
  maxBytes: number;
  maxDepth: number;
  maxNodes: number;
}
export const DEFAULT_VPM_TOKEN_LIMITS: Readonly<VpmTokenLimits> = Object.freeze({
  maxBytes: 256 * 1024,
  maxDepth: 32,
  maxNodes: 5_000,
});

/** Refusal codes of this step (catalogue in identity/README.md; never reuse a retired one). */
export type VpmTokenRefusal =
  | "token-too-large"
  | "token-malformed"
  | "token-not-rstr"
  | "token-encrypted"
  | "assertion-missing"
  | "assertion-multiple"
  | "assertion-unsigned"
  | "signature-misplaced"
  | "signature-multiple"
  | "duplicate-id"
  | "signature-coverage"
  | "signature-algorithm"
  | "digest-mismatch"
  | "signature-invalid"
  | "untrusted-signer";

export class VpmTokenError extends Error {
  override name = "VpmTokenError";
  constructor(
    readonly code: VpmTokenRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifiedVpmToken {
  version: "1.1" | "2.0";
  /** The assertion element the verified reference designates (its `target`). */
  assertion: Element;
  /** The assertion's ID (`AssertionID` in SAML 1.1, `ID` in SAML 2.0). */
  id: string;
  /** The one reference: read only nodes it covers. */
  reference: ReferenceResult;
  verification: XmlSignatureVerification;
}

/** SAML's ID attributes besides the defaults (Id/ID/id/xml:id): SAML 1.1's AssertionID. */
const SAML_ID_ATTRIBUTES = [{ localName: "AssertionID" }, { localName: "ResponseID" }];

function elementChildren(parent: Node): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

function isTrust(e: Element | undefined, local: string): boolean {
  return (
    !!e &&
    e.localName === local &&
    (e.namespaceURI === WSTRUST_13_NAMESPACE || e.namespaceURI === WSTRUST_2005_NAMESPACE)
  );
}

function allByName(document: Document, namespace: string, local: string): Element[] {
  return Array.from(document.getElementsByTagNameNS(namespace, local)) as Element[];
}

/** The RSTR's RequestedSecurityToken (WS-Trust 1.3 or Feb 2005), or a refusal. */
function requestedToken(document: Document): Element {
  let rstr: Element | undefined = document.documentElement ?? undefined;
  if (isTrust(rstr, "RequestSecurityTokenResponseCollection")) {
    const inner = elementChildren(rstr!);
    if (inner.length !== 1 || !isTrust(inner[0], "RequestSecurityTokenResponse"))
      throw new VpmTokenError("token-not-rstr", "the collection must hold exactly one response");
    rstr = inner[0];
  }
  if (!isTrust(rstr, "RequestSecurityTokenResponse"))
    throw new VpmTokenError("token-not-rstr", "wresult is not a RequestSecurityTokenResponse");
  const tokens = elementChildren(rstr!).filter((e) => isTrust(e, "RequestedSecurityToken"));
  if (tokens.length !== 1)
    throw new VpmTokenError("token-not-rstr", "the response must hold one RequestedSecurityToken");
  return tokens[0]!;
}

/**
 * Parses `wresult` and verifies its assertion against `trustedKeys` (the configured VPM signing
 * certificates' keys). Throws VpmTokenError with a code for every refusal.
 */
export async function verifyVpmToken(
  wresult: string,
  trustedKeys: readonly KeyObject[],
  limits: VpmTokenLimits = DEFAULT_VPM_TOKEN_LIMITS,
): Promise<VerifiedVpmToken> {
  if (wresult.length > limits.maxBytes || Buffer.byteLength(wresult, "utf8") > limits.maxBytes)
    throw new VpmTokenError("token-too-large", `wresult is over ${limits.maxBytes} bytes`);
  let document: Document;
  try {
    document = parseXml(wresult, {
      limits: { maxBytes: limits.maxBytes, maxDepth: limits.maxDepth, maxNodes: limits.maxNodes },
    }).document;
  } catch (error) {
    throw new VpmTokenError("token-malformed", `wresult is not acceptable XML: ${(error as Error).message}`);
  }
  const holder = requestedToken(document);

  // Wrapping attacks add a second assertion somewhere (ds:Object, Advice, extensions): refuse any.
  const assertions = [
    ...allByName(document, SAML1_ASSERTION_NAMESPACE, "Assertion"),
    ...allByName(document, SAML2_ASSERTION_NAMESPACE, "Assertion"),
  ];
  const held = elementChildren(holder);
  if (held.some((e) => ENCRYPTED_LOCAL_NAMES.has(e.localName ?? "")))
    throw new VpmTokenError("token-encrypted", "encrypted assertions are not supported");
  if (assertions.length === 0) throw new VpmTokenError("assertion-missing", "no SAML assertion");
  if (assertions.length > 1)
    throw new VpmTokenError("assertion-multiple", `${assertions.length} assertions in one response`);
  const assertion = assertions[0]!;
  if (held.length !== 1 || held[0] !== assertion)
    throw new VpmTokenError("assertion-multiple", "the assertion must be the token's only element");
  const version = assertion.namespaceURI === SAML1_ASSERTION_NAMESPACE ? "1.1" : "2.0";
  const id = version === "1.1" ? assertion.getAttribute("AssertionID") : assertion.getAttribute("ID");
  if (!id) throw new VpmTokenError("assertion-missing", "the assertion has no ID");

  // Exactly one Signature, a direct child of the assertion (a moved Signature is refused).
  const signatures = allByName(document, DSIG_NAMESPACE, "Signature");
  if (signatures.length === 0) throw new VpmTokenError("assertion-unsigned", "the assertion is not signed");
  if (signatures.length > 1) throw new VpmTokenError("signature-multiple", "more than one ds:Signature");
  const signature = signatures[0]!;
  if (signature.parentNode !== assertion)
    throw new VpmTokenError("signature-misplaced", "the ds:Signature is not the assertion's own");
  const ids = new IdIndex(document, [
    { localName: "Id" },
    { localName: "ID" },
    { localName: "id" },
    ...SAML_ID_ATTRIBUTES,
  ]);
  if (ids.duplicates().length > 0)
    throw new VpmTokenError("duplicate-id", "an ID value appears on several elements");

  const verify = async (key?: KeyObject) => {
    try {
      return await verifyXmlSignature(document, {
        signature,
        idAttributes: SAML_ID_ATTRIBUTES,
        ...(key ? { key } : {}),
      });
    } catch (error) {
      // The core throws only when there is nothing it can verify: that is a bad signature here.
      throw new VpmTokenError(
        "signature-invalid",
        `the signature cannot be verified: ${(error as Error).message}`,
      );
    }
  };
  let verification: XmlSignatureVerification | undefined;
  for (const key of trustedKeys) {
    const attempt = await verify(key);
    if (attempt.valid) {
      verification = attempt;
      break;
    }
    verification ??= attempt;
  }
  if (!verification) verification = await verify();
  if (!ACCEPTED_SIGNATURE_METHODS.has(verification.signatureMethod))
    throw new VpmTokenError("signature-algorithm", "signature method not accepted for assertions");
  if (!verification.valid || verification.signingKey?.source !== "caller") {
    if (verification.errors.some((e) => e.code === "xmldsig-duplicate-id"))
      throw new VpmTokenError("duplicate-id", "an ID value appears on several elements");
    if (verification.errors.some((e) => e.code === "xmldsig-digest-mismatch"))
      throw new VpmTokenError("digest-mismatch", "the assertion was changed after signing");
    // Does it verify under the key its KeyInfo names? Then it is sound but not from the VPM.
    const own = trustedKeys.length > 0 ? await verify() : verification;
    if (own.valid) throw new VpmTokenError("untrusted-signer", "signed by a key that is not the VPM's");
    throw new VpmTokenError("signature-invalid", "the assertion's signature does not verify");
  }

  // Coverage: one reference, designating this assertion, with only the expected transforms.
  const refs = verification.references;
  const reference = refs[0];
  if (
    refs.length !== 1 ||
    !reference ||
    reference.uri !== `#${id}` ||
    reference.target !== assertion ||
    reference.coverageExact === false ||
    reference.transforms.some((t) => !ACCEPTED_TRANSFORMS.has(t)) ||
    !reference.covers(assertion)
  ) {
    throw new VpmTokenError("signature-coverage", "the signature does not cover exactly this assertion");
  }
  return { version, assertion, id, reference, verification };
}
