/**
 * Signs a trusted list with an enveloped XAdES baseline-B signature (TS 119 612 §5.7.1: the
 * signature is enveloped in the list, its reference covers the whole list with the
 * enveloped-signature transform and a canonicalization; XAdES signed properties carry the
 * signing time and SigningCertificateV2). Delegates to the XAdES module's enveloped signer so
 * lists are signed exactly as other XAdES documents are.
 */
import type { KeyObject } from "node:crypto";
import { signXadesEnveloped } from "../xades/sign-enveloped.ts";

export interface SignTrustedListOptions {
  /** The unsigned list (from buildTrustedListXml or elsewhere). */
  xml: string | Uint8Array;
  key: KeyObject;
  /** DER signer certificate (announced in the pointer to this list). */
  certificate: Uint8Array;
  signingTime?: Date;
  signatureId?: string;
}

/** Returns the signed list as XML text (publish its UTF-8 bytes unchanged). */
export async function signTrustedList(options: SignTrustedListOptions): Promise<string> {
  return signXadesEnveloped({
    document: options.xml,
    signer: { key: options.key, certificate: options.certificate },
    signatureId: options.signatureId ?? "tl-signature",
    ...(options.signingTime ? { signingTime: options.signingTime } : {}),
  });
}
