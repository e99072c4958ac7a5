/**
 * Verifies a trusted list's enveloped signature (TS 119 612 §5.7): XML-DSig core validation,
 * then two checks of our own —
 *   - coverage: one reference must cover the whole list (URI "" or "#<root Id>", only the
 *     enveloped-signature and canonicalization transforms), so no part of the list is unsigned;
 *     a signature over less is refused (signature wrapping; DESIGN "read only covered nodes");
 *   - signer: the key that verified must be one of the certificates announced for the list
 *     (the LOTL's OtherTSLPointer/ServiceDigitalIdentities, or the OJ for the LOTL itself).
 * XAdES qualifying properties are not required here: the signer is fixed by the pointer.
 */
import { createPublicKey, X509Certificate } from "node:crypto";
import { c14nAlgorithmOf } from "../c14n/algorithms.ts";
import { MalformedInputError } from "../errors.ts";
import { childElements } from "../xml/dom.ts";
import type { ReferenceResult } from "../xmldsig/references.ts";
import { DSIG_NAMESPACE, TRANSFORM_ENVELOPED_SIGNATURE } from "../xmldsig/uris.ts";
import { verifyXmlSignature, type XmlSignatureVerification } from "../xmldsig/verify.ts";
import type { TrustedListProblem } from "./errors.ts";
import { parseTrustedList } from "./parse-trusted-list.ts";
import type { TrustedList } from "./types.ts";

export interface TrustedListSignatureResult {
  valid: boolean;
  /** DER of the announced certificate whose key verified. */
  signer?: Uint8Array;
  errors: TrustedListProblem[];
}

/** Does this reference cover the whole list (document or root element, no narrowing transform)? */
function coversWholeList(ref: ReferenceResult, root: Element): boolean {
  const id = root.getAttribute("Id");
  const uriOk = ref.uri === "" || (!!id && ref.uri === `#${id}`);
  const targetOk = ref.target === root || ref.target === root.ownerDocument;
  const transformsOk = ref.transforms.every(
    (t) => t === TRANSFORM_ENVELOPED_SIGNATURE || !!c14nAlgorithmOf(t),
  );
  return (
    uriOk &&
    targetOk &&
    transformsOk &&
    ref.status === "valid" &&
    ref.coverageExact === true &&
    ref.covers(root)
  );
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  try {
    const spki = (der: Uint8Array) =>
      new X509Certificate(der).publicKey.export({ type: "spki", format: "der" });
    return Buffer.from(spki(a)).equals(Buffer.from(spki(b)));
  } catch {
    return false;
  }
}

export async function verifyTrustedListSignature(
  list: TrustedList | Uint8Array,
  signerCertificates: Uint8Array[],
): Promise<TrustedListSignatureResult> {
  const errors: TrustedListProblem[] = [];
  let parsed: TrustedList;
  try {
    parsed = list instanceof Uint8Array ? parseTrustedList(list) : list;
  } catch (cause) {
    const message = cause instanceof MalformedInputError ? cause.message : String(cause);
    return { valid: false, errors: [{ code: "tl-malformed", message }] };
  }
  if (signerCertificates.length === 0)
    return {
      valid: false,
      errors: [{ code: "tl-no-signer-certificates", message: "no announced signer certificates" }],
    };
  const document = parsed.source.document;
  const root = document.documentElement!;
  const all = Array.from(document.getElementsByTagNameNS(DSIG_NAMESPACE, "Signature"));
  const enveloped = childElements(root, DSIG_NAMESPACE, "Signature");
  if (all.length === 0)
    return { valid: false, errors: [{ code: "tl-signature-missing", message: "the list is not signed" }] };
  if (enveloped.length !== 1 || all.length !== 1)
    return {
      valid: false,
      errors: [
        {
          code: "tl-signature-misplaced",
          message: "expected exactly one ds:Signature, a child of the list's root",
        },
      ],
    };
  const signature = enveloped[0]!;

  // First with the key KeyInfo designates; when that is not an announced certificate (or
  // KeyInfo is absent), with each announced certificate's key in turn.
  let verification: XmlSignatureVerification = await verifyXmlSignature(parsed.source, {
    signature,
    certificates: signerCertificates,
  });
  let signer = verification.signingKey?.certificate
    ? signerCertificates.find((c) => sameKey(c, verification.signingKey!.certificate!))
    : undefined;
  if (!verification.valid || !signer) {
    for (const candidate of signerCertificates) {
      let key: ReturnType<typeof createPublicKey>;
      try {
        key = new X509Certificate(candidate).publicKey;
      } catch {
        continue;
      }
      const attempt = await verifyXmlSignature(parsed.source, { signature, key });
      if (attempt.valid) {
        verification = attempt;
        signer = candidate;
        break;
      }
      if (!verification.valid) verification = attempt;
    }
  }
  if (!verification.valid) {
    const detail = verification.errors.map((e) => `${e.code}: ${e.message}`).join("; ");
    const code = verification.errors.some(
      (e) => e.code === "xmldsig-key-mismatch" || e.code === "xmldsig-no-key",
    )
      ? "tl-signer-unknown"
      : "tl-signature-invalid";
    return { valid: false, errors: [{ code, message: detail || "signature does not verify" }] };
  }
  if (!signer)
    return {
      valid: false,
      errors: [{ code: "tl-signer-unknown", message: "signed by a certificate not announced for this list" }],
    };
  if (!verification.references.some((r) => coversWholeList(r, root)))
    errors.push({ code: "tl-signature-partial-coverage", message: "no reference covers the whole list" });
  const cert = new X509Certificate(signer);
  const issued = parsed.listIssueDateTime.getTime();
  if (issued < new Date(cert.validFrom).getTime() || issued > new Date(cert.validTo).getTime())
    errors.push({
      code: "tl-signer-not-valid-at-issue",
      message: "the signer certificate was not valid at ListIssueDateTime",
    });
  return errors.length > 0 ? { valid: false, signer, errors } : { valid: true, signer, errors };
}
