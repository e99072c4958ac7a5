/**
 * Finding the trust services that cover a certificate chain (TS 119 615 §4.3.2): a CA/QC
 * service whose ServiceDigitalIdentity is a CA certificate of the chain. An X509Certificate
 * identity matches on subject name and public key (the same CA re-certified still matches,
 * TS 119 612 §5.5.3); an X509SKI identity matches the CA's key identifier.
 */
import { createHash } from "node:crypto";
import { type ParsedCertificate, parseCertificate } from "../x509/cert/certificate.ts";
import type { DigitalId, ServiceState, TrustedList, TrustService } from "./types.ts";

function skiOf(cert: ParsedCertificate): string[] {
  // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits; plus the declared value.
  const computed = createHash("sha1").update(cert.spkiKeyBits).digest("hex");
  return cert.subjectKeyId ? [cert.subjectKeyId.toLowerCase(), computed] : [computed];
}

function tryParse(der: Uint8Array): ParsedCertificate | undefined {
  try {
    return parseCertificate(der);
  } catch {
    return undefined;
  }
}

/** Does a service identity designate the CA certificate `ca`? */
export function identityMatches(ids: DigitalId[], ca: ParsedCertificate): boolean {
  const certificates = ids.filter((i) => i.kind === "certificate");
  if (certificates.length > 0) {
    return certificates.some((id) => {
      const listed = tryParse(id.der);
      return (
        !!listed &&
        listed.subject.key === ca.subject.key &&
        Buffer.from(listed.spki).equals(Buffer.from(ca.spki))
      );
    });
  }
  const skis = ids.flatMap((i) => (i.kind === "ski" ? [Buffer.from(i.ski).toString("hex")] : []));
  return skis.length > 0 && skiOf(ca).some((s) => skis.includes(s));
}

export interface ServiceMatch {
  service: TrustService;
  list: TrustedList;
  /** The CA certificate of the chain the service designates. */
  ca: ParsedCertificate;
}

/**
 * Services of the given types whose identity (in any of their states, current or historical)
 * designates one of the CA certificates; the nearest CA to the signer wins when several do.
 */
export function findServicesForChain(
  lists: TrustedList[],
  caCertificates: Uint8Array[],
  types: ReadonlySet<string>,
): ServiceMatch[] {
  const cas = caCertificates.map(tryParse).filter((c): c is ParsedCertificate => !!c);
  for (const ca of cas) {
    const found: ServiceMatch[] = [];
    for (const list of lists) {
      for (const service of list.services) {
        const states: ServiceState[] = [service.current, ...service.history];
        if (states.some((s) => types.has(s.type) && identityMatches(s.digitalIds, ca)))
          found.push({ service, list, ca });
      }
    }
    if (found.length > 0) return found;
  }
  return [];
}
