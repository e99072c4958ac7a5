/**
 * Reads the connection certificate an administrator files (ANX2-3) and judges it at once by the
 * rules the listener applies at each handshake (check-client-certificate.ts): the key policy
 * (ANX2-7, ANX2-14), an RFC 5280 path under the strict profile for client authentication to a
 * configured client CA (ANX2-8), SHA-2 over the path. Revocation is not asked here — the listener
 * requires a current CRL at every handshake, so a certificate revoked after filing is still
 * refused there. A failure names one problem, which the form shows next to the certificate field.
 */
import { createPublicKey } from "node:crypto";
import { type ParsedCertificate, parseCertificate, validateCertificatePath } from "@tilts/trust";
import { pemCertificates } from "../../../config/pem-certificates.ts";
import { certificateFingerprint } from "../binding-store.ts";
import { type KeyPolicy, keyPolicyFailure, signaturePolicyFailure } from "../core/key-policy.ts";

/** What the operator reads about a filed certificate. */
export interface CertificateFacts {
  der: Uint8Array;
  fingerprint: string;
  serial: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  keyDescription: string;
}

export const CERTIFICATE_PROBLEMS = [
  "unreadable",
  "weak-key",
  "weak-signature",
  "expired",
  "not-yet-valid",
  "not-client-auth",
  "untrusted",
] as const;
export type CertificateProblem = (typeof CERTIFICATE_PROBLEMS)[number];

export interface CertificateRules {
  /** The listener's client CAs (SYSTEM_ACCESS_CLIENT_CAS), read when needed. */
  clientCas: () => Uint8Array[];
  keyPolicy: KeyPolicy;
}

export type CertificateReading =
  | { ok: true; facts: CertificateFacts }
  | { ok: false; problem: CertificateProblem };

/** PEM text as pasted: the first certificate is the system's, any others are its chain. */
function readPem(pem: string): Uint8Array[] | undefined {
  try {
    return pemCertificates(pem, "certificate", { source: "the pasted text" });
  } catch {
    return undefined;
  }
}

/** `RSA 3072`, `EC P-256`: the key as the operator checks it against ANX2-7. */
export function describeKey(cert: ParsedCertificate): string {
  const key = createPublicKey({ key: Buffer.from(cert.spki), format: "der", type: "spki" });
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "ec") {
    const curves: Record<string, string> = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" };
    return `EC ${curves[details?.namedCurve ?? ""] ?? details?.namedCurve ?? "?"}`;
  }
  return `${(key.asymmetricKeyType ?? "?").toUpperCase()} ${details?.modulusLength ?? "?"}`;
}

const PATH_PROBLEMS: Partial<Record<string, CertificateProblem>> = {
  expired: "expired",
  "not-yet-valid": "not-yet-valid",
  "extended-key-usage": "not-client-auth",
  "key-usage": "not-client-auth",
  "weak-algorithm": "weak-signature",
};

export async function readConnectionCertificate(
  pem: string,
  rules: CertificateRules,
  now: Date,
): Promise<CertificateReading> {
  const chain = readPem(pem);
  if (!chain || chain.length === 0) return { ok: false, problem: "unreadable" };
  const [leafDer, ...untrusted] = chain as [Uint8Array, ...Uint8Array[]];
  let leaf: ParsedCertificate;
  try {
    leaf = parseCertificate(leafDer);
  } catch {
    return { ok: false, problem: "unreadable" };
  }
  const weakKey = keyPolicyFailure(leaf, rules.keyPolicy);
  if (weakKey) return { ok: false, problem: "weak-key" };
  const result = await validateCertificatePath({
    leaf: leafDer,
    untrusted,
    anchors: rules.clientCas(),
    at: now,
    purpose: "clientAuth",
    profile: "strict",
    allowSha1: false,
    revocation: "off",
  });
  if (!result.valid) return { ok: false, problem: PATH_PROBLEMS[result.failure?.code ?? ""] ?? "untrusted" };
  if (signaturePolicyFailure(result.path.slice(0, -1).map((c) => parseCertificate(c.der))))
    return { ok: false, problem: "weak-signature" };
  return {
    ok: true,
    facts: {
      der: leafDer,
      fingerprint: certificateFingerprint(leafDer),
      serial: leaf.serial,
      subject: leaf.subjectString,
      issuer: leaf.issuerString,
      notBefore: leaf.notBefore,
      notAfter: leaf.notAfter,
      keyDescription: describeKey(leaf),
    },
  };
}
