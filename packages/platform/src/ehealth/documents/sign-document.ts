/**
 * Signs a CDA document the way SIG-5 asks of institutions' systems: an enveloped XAdES
 * signature (ds:Signature appended to ClinicalDocument) with the institution's certificate.
 * Used for the signed demo sample and tests; the caller brings the key, the certificate and —
 * for levels T and LT — a time-stamp authority and revocation fetchers (the testbed's, in
 * demo and tests). LT embeds the OCSP answers, so the document validates later without the
 * network.
 */
import type { KeyObject } from "node:crypto";
import { type RevocationFetchers, signXadesEnveloped, type TimeStampAuthority } from "@tilts/trust";

export interface DocumentSigner {
  readonly key: KeyObject;
  /** DER signing certificate. */
  readonly certificate: Uint8Array;
  /** DER CA certificates, issuer first. */
  readonly chain: readonly Uint8Array[];
}

export interface SignDocumentOptions {
  readonly level?: "B" | "T" | "LT";
  readonly tsa?: TimeStampAuthority;
  readonly fetchers?: RevocationFetchers;
  readonly signingTime?: Date;
}

/** Returns the signed document (store it as UTF-8 bytes unchanged). */
export async function signClinicalDocument(
  xml: string,
  signer: DocumentSigner,
  options: SignDocumentOptions = {},
): Promise<string> {
  return signXadesEnveloped({
    document: xml,
    signer: { key: signer.key, certificate: signer.certificate, chain: [...signer.chain] },
    level: options.level ?? "B",
    ...(options.tsa ? { tsa: options.tsa } : {}),
    ...(options.fetchers ? { fetchers: options.fetchers } : {}),
    ...(options.signingTime ? { signingTime: options.signingTime } : {}),
    certificates: [...signer.chain],
  });
}
