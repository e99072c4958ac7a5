/**
 * XML-DSig core validation (XMLDSig 1.1 §3.2): reference validation of every ds:Reference,
 * then signature validation of the canonicalized SignedInfo. Verification never throws for a
 * bad signature: it returns a typed result with coded errors. It throws only when there is
 * nothing to verify: an XmlDsigError "xmldsig-structure" when the document has no single
 * top-level ds:Signature and none was chosen (pass `signature` when there are several). The steps run as a visible pipeline below.
 */
import type { KeyObject } from "node:crypto";
import { createSecretKey, X509Certificate } from "node:crypto";
import { c14nAlgorithmOf } from "../c14n/algorithms.ts";
import { canonicalize } from "../c14n/canonicalize.ts";
import { MalformedInputError } from "../errors.ts";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { publicKeyOf } from "../x509/crypto-verify.ts";
import { childElements, textOf } from "../xml/dom.ts";
import type { XmlLimits } from "../xml/limits.ts";
import { resetNamespaceCaches } from "../xml/node-set.ts";
import type { ParsedXml } from "../xml/parse-xml.ts";
import { XmlDsigError, type XmlDsigErrorCode, type XmlDsigProblem } from "./errors.ts";
import { DEFAULT_ID_ATTRIBUTES, type IdAttribute, IdIndex } from "./id-index.ts";
import { base64Bytes, findDesignatedCertificate, type KeyInfoContent, readKeyInfo } from "./key-info.ts";
import { type ExternalResolver, processReference, type ReferenceResult } from "./references.ts";
import { verifySignatureValue } from "./signature-methods.ts";
import { inclusivePrefixesOf, type OctetTransform } from "./transforms.ts";
import * as U from "./uris.ts";

export interface VerifyXmlSignatureOptions {
  /** The Signature element to verify; default: the only ds:Signature of the document. */
  signature?: Element;
  /** A key supplied by the caller (public key, or HMAC secret as KeyObject or bytes). */
  key?: KeyObject | Uint8Array;
  /** Certificates to resolve X509IssuerSerial / X509SubjectName / X509SKI against. */
  certificates?: Uint8Array[];
  /** Resolves a KeyName to a key or a DER certificate. */
  resolveKeyName?: (name: string) => KeyObject | Uint8Array | undefined;
  /** Supplies the bytes of external references and RetrievalMethods. */
  resolver?: ExternalResolver;
  /** ID attributes beyond Id/ID/id/xml:id. */
  idAttributes?: IdAttribute[];
  /** Minimum HMACOutputLength in bits (default max(80, half the hash)). */
  minHmacOutputBits?: number;
  /** Limits for XML parsed from reference octets. */
  limits?: Partial<XmlLimits>;
  /** Accept RSA DigestInfo without the NULL parameter, with a warning (default false: the
   *  validation policy decides, see validation/legacy-rsa.ts). */
  allowLegacyDigestInfo?: boolean;
  /** Transforms over octets that an application profile defines (see `OctetTransform`). */
  octetTransforms?: ReadonlyMap<string, OctetTransform>;
}

export interface SigningKeyInfo {
  source: "caller" | "x509-certificate" | "key-value" | "retrieval-method" | "key-name";
  key: KeyObject;
  /** DER of the certificate whose key verified, when the key came from a certificate. */
  certificate?: Uint8Array;
}

export interface XmlSignatureVerification {
  /** True only when the SignatureValue verifies, every reference digest matches, no error. */
  valid: boolean;
  signature: Element;
  signatureId?: string;
  canonicalizationMethod: string;
  signatureMethod: string;
  signatureValueValid: boolean;
  references: ReferenceResult[];
  /** Indexes of references skipped because the resolver could not supply them. */
  skippedReferences: number[];
  signingKey?: SigningKeyInfo;
  keyInfo: KeyInfoContent;
  /** The canonical SignedInfo octets that were verified. */
  signedInfoOctets?: Uint8Array;
  errors: XmlDsigProblem[];
  /** Tolerated deviations (the signature still counts as valid). */
  warnings: { code: "xmldsig-legacy-digest-info"; message: string }[];
}

function problemOf(cause: unknown, referenceIndex?: number): XmlDsigProblem {
  const p: XmlDsigProblem =
    cause instanceof XmlDsigError
      ? { code: cause.code, message: cause.message }
      : cause instanceof MalformedInputError
        ? { code: "xmldsig-structure", message: cause.message }
        : { code: "xmldsig-structure", message: `unexpected failure: ${String(cause)}` };
  if (referenceIndex !== undefined) p.referenceIndex = referenceIndex;
  return p;
}

/** Whether `node` lies inside a ds:Signature other than `outer` (e.g. a XAdES counter-signature). */
function nestedInOtherSignature(node: Element, outer: Element | null): boolean {
  for (let p = node.parentNode; p && p !== outer; p = p.parentNode) {
    const e = p as Element;
    if (e.localName === "Signature" && e.namespaceURI === U.DSIG_NAMESPACE) return true;
  }
  return false;
}

function findSignature(signatures: Element[], chosen?: Element): Element {
  if (chosen) return chosen;
  // Signatures nested in another one (counter-signatures) are not candidates.
  const all = signatures.filter((s) => !nestedInOtherSignature(s, null));
  if (all.length !== 1) {
    throw new XmlDsigError(
      "xmldsig-structure",
      `expected one ds:Signature, found ${all.length}; pass the one to verify`,
    );
  }
  return all[0]!;
}

interface SignedInfoParts {
  signedInfo: Element;
  c14nMethod: Element;
  signatureMethod: Element;
  references: Element[];
  signatureValue: Element;
  keyInfo?: Element;
}

/** XMLDSig §4.1–4.3: SignedInfo, SignatureValue, KeyInfo?, Object* in this order. */
function checkStructure(signature: Element): SignedInfoParts {
  const si = childElements(signature, U.DSIG_NAMESPACE, "SignedInfo");
  if (si.length > 1)
    throw new XmlDsigError("xmldsig-multiple-signed-info", `${si.length} SignedInfo elements`);
  const own = Array.from(signature.getElementsByTagNameNS(U.DSIG_NAMESPACE, "SignedInfo")).filter(
    (e) => !nestedInOtherSignature(e, signature),
  ).length;
  if (own > 1) {
    throw new XmlDsigError(
      "xmldsig-multiple-signed-info",
      "a further SignedInfo element inside the Signature",
    );
  }
  const children = childElements(signature);
  const signedInfo = si[0];
  if (!signedInfo || children[0] !== signedInfo)
    throw new XmlDsigError("xmldsig-structure", "SignedInfo must come first");
  const signatureValue = children[1];
  if (signatureValue?.localName !== "SignatureValue" || signatureValue.namespaceURI !== U.DSIG_NAMESPACE) {
    throw new XmlDsigError("xmldsig-structure", "SignatureValue must follow SignedInfo");
  }
  const rest = children.slice(2);
  const keyInfo =
    rest[0]?.localName === "KeyInfo" && rest[0].namespaceURI === U.DSIG_NAMESPACE ? rest[0] : undefined;
  for (const o of rest.slice(keyInfo ? 1 : 0)) {
    if (o.localName !== "Object" || o.namespaceURI !== U.DSIG_NAMESPACE) {
      throw new XmlDsigError("xmldsig-structure", `unexpected ${o.nodeName} in Signature`);
    }
  }
  const siKids = childElements(signedInfo, U.DSIG_NAMESPACE);
  const c14nMethod = siKids[0];
  const signatureMethod = siKids[1];
  if (
    c14nMethod?.localName !== "CanonicalizationMethod" ||
    signatureMethod?.localName !== "SignatureMethod"
  ) {
    throw new XmlDsigError(
      "xmldsig-structure",
      "SignedInfo must start with CanonicalizationMethod and SignatureMethod",
    );
  }
  const references = siKids.slice(2).filter((e) => e.localName === "Reference");
  if (references.length === 0) throw new XmlDsigError("xmldsig-structure", "SignedInfo has no Reference");
  const parts: SignedInfoParts = { signedInfo, c14nMethod, signatureMethod, references, signatureValue };
  if (keyInfo) parts.keyInfo = keyInfo;
  return parts;
}

/** A verification key to try; a certificate's key is parsed only when its turn comes. */
type KeyCandidate = Omit<SigningKeyInfo, "key"> & { load: () => KeyObject | undefined };

function ready(source: SigningKeyInfo["source"], key: KeyObject): KeyCandidate {
  return { source, load: () => key };
}

async function candidateKeys(
  content: KeyInfoContent,
  options: VerifyXmlSignatureOptions,
): Promise<KeyCandidate[]> {
  if (options.key) {
    const key = options.key instanceof Uint8Array ? createSecretKey(options.key) : options.key;
    return [ready("caller", key)];
  }
  const out: KeyCandidate[] = [];
  // Parsing a certificate costs ~0.3 ms; usually the first one verifies, so the rest are
  // parsed only if it does not. One that does not parse is skipped, as if it were absent.
  const fromCert = (der: Uint8Array, source: SigningKeyInfo["source"]) => {
    out.push({
      source,
      certificate: der,
      load: () => {
        try {
          // The x509 parse is cached and reused by the signer's path validation right after;
          // its key object too. Node's parser stays the fallback for what ours refuses.
          const key = publicKeyOf(parseCertificate(der));
          if (key) return key;
        } catch {
          /* fall through */
        }
        try {
          return new X509Certificate(der).publicKey;
        } catch {
          /* not a certificate: ignored, reported as no key if nothing else works */
          return undefined;
        }
      },
    });
  };
  const designated = findDesignatedCertificate(content, [
    ...content.certificates,
    ...(options.certificates ?? []),
  ]);
  if (designated) fromCert(designated, "x509-certificate");
  for (const der of content.certificates) if (der !== designated) fromCert(der, "x509-certificate");
  for (const key of content.keyValues) out.push(ready("key-value", key));
  for (const rm of content.retrievalMethods) {
    if (rm.type === U.RETRIEVAL_RAW_X509_CERTIFICATE && options.resolver) {
      const bytes = await options.resolver(rm.uri, { type: rm.type, referenceIndex: -1 });
      if (bytes !== "unavailable") fromCert(bytes, "retrieval-method");
    }
  }
  for (const name of content.keyNames) {
    const resolved = options.resolveKeyName?.(name);
    if (resolved instanceof Uint8Array) fromCert(resolved, "key-name");
    else if (resolved) out.push(ready("key-name", resolved));
  }
  return out;
}

export async function verifyXmlSignature(
  xml: ParsedXml | Document,
  options: VerifyXmlSignatureOptions = {},
): Promise<XmlSignatureVerification> {
  const document = "document" in xml && "text" in xml ? xml.document : (xml as Document);
  // The DOM may have changed since an earlier verification (e.g. XAdES augmentation added
  // namespace declarations): namespace scopes are recomputed, never taken from a stale cache.
  resetNamespaceCaches();
  // One walk of the document: ID attributes (duplicates refused below) and ds:Signature elements.
  const idIndex = new IdIndex(document, [...DEFAULT_ID_ATTRIBUTES, ...(options.idAttributes ?? [])]);
  const signature = findSignature(idIndex.signatures, options.signature);
  const result: XmlSignatureVerification = {
    valid: false,
    signature,
    canonicalizationMethod: "",
    signatureMethod: "",
    signatureValueValid: false,
    references: [],
    skippedReferences: [],
    keyInfo: readKeyInfo(undefined),
    errors: [],
    warnings: [],
  };
  const sigId = signature.getAttribute("Id");
  if (sigId) result.signatureId = sigId;
  const fail = (code: XmlDsigErrorCode, message: string) => result.errors.push({ code, message });

  let parts: SignedInfoParts;
  try {
    parts = checkStructure(signature);
  } catch (cause) {
    result.errors.push(problemOf(cause));
    return result;
  }
  result.canonicalizationMethod = parts.c14nMethod.getAttribute("Algorithm") ?? "";
  result.signatureMethod = parts.signatureMethod.getAttribute("Algorithm") ?? "";

  // Duplicate IDs anywhere make "#id" ambiguous for someone: refuse (signature wrapping).
  for (const dup of idIndex.duplicates())
    fail("xmldsig-duplicate-id", `the ID "${dup}" appears on several elements`);

  // Reference validation (§3.2.1).
  const ctx = {
    document,
    signature,
    idIndex,
    resolver: options.resolver,
    limits: options.limits,
    octetTransforms: options.octetTransforms,
  };
  for (const [i, ref] of parts.references.entries()) {
    try {
      const r = await processReference(ref, i, ctx);
      result.references.push(r);
      if (r.status === "skipped") {
        result.skippedReferences.push(i);
        result.errors.push({
          code: "xmldsig-reference-unavailable",
          message: `reference ${i} (${r.uri}) was not available`,
          referenceIndex: i,
        });
      } else if (!r.digestValid) {
        result.errors.push({
          code: "xmldsig-digest-mismatch",
          message: `reference ${i} (${r.uri}) digest mismatch`,
          referenceIndex: i,
        });
      }
    } catch (cause) {
      result.errors.push(problemOf(cause, i));
      result.references.push({
        index: i,
        uri: ref.getAttribute("URI"),
        digestMethod: "",
        transforms: [],
        status: "error",
        digestValid: false,
        covers: () => false,
      });
    }
  }

  // Signature validation (§3.2.2).
  try {
    const algorithm = c14nAlgorithmOf(result.canonicalizationMethod);
    if (!algorithm) {
      throw new XmlDsigError(
        "xmldsig-unsupported-algorithm",
        `unknown CanonicalizationMethod ${result.canonicalizationMethod}`,
      );
    }
    const octets = canonicalize(parts.signedInfo, {
      algorithm,
      inclusivePrefixes: inclusivePrefixesOf(parts.c14nMethod),
    });
    result.signedInfoOctets = octets;
    result.keyInfo = readKeyInfo(parts.keyInfo, (id) => idIndex.lookup(id));
    const value = base64Bytes(textOf(parts.signatureValue));
    const candidates = await candidateKeys(result.keyInfo, options);
    let lastError: unknown;
    let keysTried = 0;
    for (const candidate of candidates) {
      const key = candidate.load();
      if (!key) continue;
      keysTried++;
      const { load: _load, ...described } = candidate;
      const k: SigningKeyInfo = { ...described, key };
      try {
        const ok = verifySignatureValue(result.signatureMethod, parts.signatureMethod, k.key, octets, value, {
          onWarning: (code, message) => result.warnings.push({ code, message }),
          ...(options.allowLegacyDigestInfo !== undefined
            ? { allowLegacyDigestInfo: options.allowLegacyDigestInfo }
            : {}),
          ...(options.minHmacOutputBits !== undefined
            ? { minHmacOutputBits: options.minHmacOutputBits }
            : {}),
        });
        if (ok) {
          result.signatureValueValid = true;
          result.signingKey = k;
          break;
        }
      } catch (cause) {
        if (cause instanceof XmlDsigError && cause.code !== "xmldsig-key-mismatch") throw cause;
        lastError = cause;
      }
    }
    if (keysTried === 0) {
      // A KeyInfoReference / RetrievalMethod that led nowhere says more than "no key".
      const why = result.keyInfo.keyReferenceProblems[0];
      if (why) throw new XmlDsigError(why.code, why.message);
      throw new XmlDsigError("xmldsig-no-key", "no key in KeyInfo and none supplied");
    }
    if (!result.signatureValueValid) {
      if (lastError && keysTried === 1) throw lastError;
      fail("xmldsig-signature-invalid", "the SignatureValue does not verify with the available key(s)");
    }
  } catch (cause) {
    result.errors.push(problemOf(cause));
  }
  result.valid =
    result.signatureValueValid && result.errors.length === 0 && result.references.every((r) => r.digestValid);
  return result;
}
