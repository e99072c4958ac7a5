/**
 * Before `tilts sign` signs: is the signing certificate revoked (or suspended)? A signature made
 * with a revoked certificate never verifies (SIG-4: a lost eParaksts is revoked at once), so it
 * is refused before anything is written. The status comes from the certificate's own OCSP
 * responder or CRL (RFC 5280 §6.3, "if available": an unreachable service does not block
 * signing — B-level signatures are made offline too; B-LT fails later without the data anyway).
 * The path is anchored at the self-issued CA the PKCS#12 file carries: this check asks only
 * "revoked?", never "trusted?" — trust is the verifier's question.
 */
import { parseCertificate, validateCertificatePath } from "@tilts/trust";
import { httpFetchers } from "./sign-http.ts";

const selfIssued = (der: Uint8Array) => parseCertificate(der).selfIssued;

export interface RevocationVerdict {
  revoked: boolean;
  message?: string;
}

export async function signingCertificateRevocation(
  certificate: Uint8Array,
  chain: Uint8Array[],
  now: Date,
): Promise<RevocationVerdict> {
  const anchors = chain.filter(selfIssued);
  if (anchors.length === 0) return { revoked: false };
  const fetchers = httpFetchers();
  const result = await validateCertificatePath({
    leaf: certificate,
    untrusted: chain.filter((c) => !selfIssued(c)),
    anchors,
    at: now,
    revocation: "if-available",
    ...(fetchers.fetchOcsp ? { fetchOcsp: fetchers.fetchOcsp } : {}),
    ...(fetchers.fetchCrl ? { fetchCrl: fetchers.fetchCrl } : {}),
  });
  if (result.failure?.code !== "revoked" || result.failure.certificateIndex !== 0) return { revoked: false };
  const subject = parseCertificate(certificate).subjectString;
  return {
    revoked: true,
    message: `the signing certificate (${subject}) is revoked: ${result.failure.message}`,
  };
}
