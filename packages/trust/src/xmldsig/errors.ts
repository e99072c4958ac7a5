/**
 * Coded failures of XML-DSig verification. A verification never returns a bare `false`: each
 * failure is one of these codes with a message (DESIGN "Errors carry codes").
 */
import { TrustError } from "../errors.ts";

export const XMLDSIG_ERROR_CODES = {
  "xmldsig-structure": "the Signature element does not have the structure of XMLDSig §4",
  "xmldsig-multiple-signed-info": "more than one SignedInfo element",
  "xmldsig-duplicate-id": "an ID value appears on more than one element of the document",
  "xmldsig-reference-unresolved": "a reference resolves to nothing",
  "xmldsig-reference-ambiguous": "a reference resolves to more than one node",
  "xmldsig-reference-unavailable": "the resolver could not supply an external reference",
  "xmldsig-unsupported-algorithm": "an algorithm is unknown or not allowed",
  "xmldsig-weak-algorithm": "a broken algorithm (MD5, MD2) that is refused whatever the policy",
  "xmldsig-unsupported-transform": "a transform is unknown or cannot be evaluated",
  "xmldsig-enveloped-misplaced": "an enveloped-signature transform whose data does not contain the Signature",
  "xmldsig-digest-mismatch": "a reference digest does not match",
  "xmldsig-signature-invalid": "the SignatureValue does not verify",
  "xmldsig-no-key": "no key to verify the signature with",
  "xmldsig-key-mismatch": "the key does not suit the signature method",
  "xmldsig-key-reference-loop":
    "a KeyInfoReference or RetrievalMethod points to another such reference or to itself",
  "xmldsig-hmac-truncated": "HMACOutputLength is below the allowed minimum",
  "xmldsig-transform-failed": "a transform failed on its input",
  // Warning (the signature still verifies): a tolerated legacy form.
  "xmldsig-legacy-digest-info": "RSA DigestInfo without the NULL parameter (legacy signer)",
} as const;

export type XmlDsigErrorCode = keyof typeof XMLDSIG_ERROR_CODES;

export interface XmlDsigProblem {
  code: XmlDsigErrorCode;
  message: string;
  /** Index of the Reference in SignedInfo, when the problem is about one. */
  referenceIndex?: number;
}

export class XmlDsigError extends TrustError {
  override name = "XmlDsigError";
  constructor(
    override readonly code: XmlDsigErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
