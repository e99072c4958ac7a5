/**
 * The signer's X.509 validation with time (EN 319 102-1 §5.2.6, §5.5, §5.6 simplified):
 *  1. validate the path at the validation time, revocation required (embedded data first,
 *     the injected fetchers only when the caller enabled them);
 *  2. when that fails only because of time (expired, revocation data out of date) or because
 *     of a revocation, and a validated signature time-stamp gives a proof of existence (POE),
 *     decide at the best-signature-time instead:
 *       - revoked before the POE                 → TOTAL-FAILED / REVOKED
 *       - revoked after the POE                  → the revocation does not touch this signature
 *       - revoked, no POE, but the signer's own claimed SigningTime is after the revocation
 *                                                → TOTAL-FAILED / REVOKED (the signature says so)
 *       - revoked, no POE                        → INDETERMINATE / REVOKED_NO_POE
 *         (a CA of the path: REVOKED_CA_NO_POE)
 *       - expired before the POE                 → TOTAL-FAILED / EXPIRED
 *       - expired, no POE                        → INDETERMINATE / OUT_OF_BOUNDS_NO_POE
 *       - no revocation data, no POE             → INDETERMINATE / TRY_LATER
 * The x509 module reports a revocation as `revoked at <ISO time>…`; the time is read from it.
 */
import { parseCertificate } from "../x509/cert/certificate.ts";
import type { PathValidationInput, PathValidationResult } from "../x509/types.ts";
import { validateCertificatePath } from "../x509/validate-certificate-path.ts";
import type { Indication, ReportMessage, SubIndication } from "./types.ts";

export interface SignerCertificateInput {
  certificate: Uint8Array;
  pool: Uint8Array[];
  anchors: Uint8Array[];
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
  validationTime: Date;
  /** Best-signature-time proven by a validated signature time-stamp. */
  poe?: Date;
  claimedSigningTime?: Date;
  fetchCrl?: PathValidationInput["fetchCrl"];
  fetchOcsp?: PathValidationInput["fetchOcsp"];
  /** Shared with the time-stamps' path validations (see x509/path/signature-cache.ts). */
  signatureCache?: PathValidationInput["signatureCache"];
}

export interface SignerCertificateOutcome {
  /** Undefined when the certificate is acceptable. */
  failure?: {
    indication: Exclude<Indication, "TOTAL-PASSED">;
    subIndication: SubIndication;
    message: string;
  };
  /** DER chain signer → anchor when one was built. */
  chain: Uint8Array[];
  warnings: ReportMessage[];
}

const REVOKED_AT = /revoked at (\d{4}-\d\d-\d\dT[\d:.]+Z)/;

function revocationTimeOf(result: PathValidationResult): Date | undefined {
  const m = REVOKED_AT.exec(result.failure?.message ?? "");
  return m ? new Date(m[1]!) : undefined;
}

const GENERAL_FAILURE: Partial<Record<string, SubIndication>> = {
  "key-usage": "CHAIN_CONSTRAINTS_FAILURE",
  "extended-key-usage": "CHAIN_CONSTRAINTS_FAILURE",
  policy: "CHAIN_CONSTRAINTS_FAILURE",
  "weak-algorithm": "CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
  "no-path": "NO_CERTIFICATE_CHAIN_FOUND",
};

export async function checkSignerCertificate(
  input: SignerCertificateInput,
): Promise<SignerCertificateOutcome> {
  const base: PathValidationInput = {
    leaf: input.certificate,
    untrusted: input.pool,
    anchors: input.anchors,
    crls: input.crls,
    ocspResponses: input.ocspResponses,
    revocation: "require",
    allowSha1: true,
    ...(input.fetchCrl ? { fetchCrl: input.fetchCrl } : {}),
    ...(input.fetchOcsp ? { fetchOcsp: input.fetchOcsp } : {}),
    ...(input.signatureCache ? { signatureCache: input.signatureCache } : {}),
  };
  const chainOf = (r: PathValidationResult) => r.path.map((c) => c.der);
  const now = await validateCertificatePath({ ...base, at: input.validationTime });
  if (now.valid) return { chain: chainOf(now), warnings: [] };
  const code = now.failure?.code ?? "no-path";
  const message = now.failure?.message ?? "path validation failed";
  const fail = (
    indication: Exclude<Indication, "TOTAL-PASSED">,
    subIndication: SubIndication,
    why: string,
    chain: Uint8Array[] = chainOf(now),
  ): SignerCertificateOutcome => ({
    failure: { indication, subIndication, message: why },
    chain,
    warnings: [],
  });
  const poe = input.poe;

  if (code === "revoked") {
    const revokedAt = revocationTimeOf(now);
    const index = now.failure?.certificateIndex ?? 0;
    if (poe && revokedAt && revokedAt.getTime() > poe.getTime()) {
      // Revoked after the POE: validate the path as it stood at the POE, revocation aside.
      const past = await validateCertificatePath({ ...base, at: poe, revocation: "off" });
      if (past.valid)
        return {
          chain: chainOf(past),
          warnings: [
            {
              code: "revoked-after-signing",
              message: `a certificate of the path was revoked at ${revokedAt.toISOString()}, after the best-signature-time`,
            },
          ],
        };
      return fail("INDETERMINATE", "CERTIFICATE_CHAIN_GENERAL_FAILURE", past.failure?.message ?? message);
    }
    if (index === 0) {
      if (poe && revokedAt)
        return fail(
          "TOTAL-FAILED",
          "REVOKED",
          `the signer was ${message.replace(/^revoked/, "revoked")} before the best-signature-time`,
        );
      if (revokedAt && input.claimedSigningTime && input.claimedSigningTime.getTime() >= revokedAt.getTime())
        return fail(
          "TOTAL-FAILED",
          "REVOKED",
          `the signing certificate was ${message}, before the claimed signing time`,
        );
      return fail(
        "INDETERMINATE",
        "REVOKED_NO_POE",
        `the signing certificate was ${message}; no proof the signature existed before`,
      );
    }
    return fail("INDETERMINATE", "REVOKED_CA_NO_POE", `a CA certificate of the path was ${message}`);
  }

  if (code === "expired" || code === "revocation-unavailable" || code === "revocation-stale") {
    if (poe) {
      const past = await validateCertificatePath({ ...base, at: poe });
      if (past.valid) return { chain: chainOf(past), warnings: [] };
      const pastCode = past.failure?.code;
      if (pastCode === "expired")
        return fail(
          "TOTAL-FAILED",
          "EXPIRED",
          `expired before the best-signature-time: ${past.failure?.message}`,
        );
      if (pastCode === "not-yet-valid")
        return fail(
          "TOTAL-FAILED",
          "NOT_YET_VALID",
          `not yet valid at the best-signature-time: ${past.failure?.message}`,
        );
      if (pastCode === "revoked") {
        const r = revocationTimeOf(past);
        if (r && r.getTime() <= poe.getTime())
          return fail(
            "TOTAL-FAILED",
            "REVOKED",
            `the signer was ${past.failure?.message}, before the best-signature-time`,
          );
      }
      if (pastCode === "revocation-unavailable" || pastCode === "revocation-stale")
        return fail("INDETERMINATE", "TRY_LATER", `no usable revocation data: ${past.failure?.message}`);
      return fail(
        "INDETERMINATE",
        GENERAL_FAILURE[pastCode ?? ""] ?? "CERTIFICATE_CHAIN_GENERAL_FAILURE",
        past.failure?.message ?? message,
      );
    }
    if (code === "expired")
      return fail("INDETERMINATE", "OUT_OF_BOUNDS_NO_POE", `${message}; no proof of existence before expiry`);
    return fail("INDETERMINATE", "TRY_LATER", `no usable revocation data: ${message}`);
  }
  if (code === "not-yet-valid") {
    const leaf = parseCertificate(input.certificate);
    const t = poe ?? input.claimedSigningTime ?? input.validationTime;
    if (leaf.notBefore.getTime() > t.getTime()) return fail("TOTAL-FAILED", "NOT_YET_VALID", message);
    return fail("INDETERMINATE", "CERTIFICATE_CHAIN_GENERAL_FAILURE", message);
  }
  return fail(
    "INDETERMINATE",
    GENERAL_FAILURE[code] ?? "CERTIFICATE_CHAIN_GENERAL_FAILURE",
    `${code}: ${message}`,
  );
}
