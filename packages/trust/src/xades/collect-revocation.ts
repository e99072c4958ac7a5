/**
 * Collects revocation data for a chain through the injected fetchers (for B-LT, EN 319 132-1
 * §5.4.2 / §6.5): OCSP first (RFC 6960, the AIA responder), a CRL from the distribution point
 * otherwise (RFC 5280 §4.2.1.13). The anchor (self-issued) needs none.
 */

import { buildOcspRequest } from "../ocsp/build-request.ts";
import { checkOcspResponse } from "../ocsp/check-response.ts";
import { ocspUrlsOf } from "../ocsp/ocsp-urls.ts";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { parseCrl } from "../x509/crl/parse-crl.ts";
import { isSelfIssued } from "./chain.ts";
import type { RevocationFetchers } from "./ports.ts";

export interface CollectedRevocation {
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
  /** Subjects of certificates for which nothing could be obtained. */
  missing: string[];
}

export function crlUrlsOf(certificate: Uint8Array): string[] {
  const urls: string[] = [];
  for (const dp of parseCertificate(certificate).crlDistributionPoints ?? []) {
    if (dp.name?.kind !== "full") continue;
    for (const n of dp.name.names) if (n.kind === "uri" && /^https?:/i.test(n.value)) urls.push(n.value);
  }
  return urls;
}

export async function collectRevocation(
  chain: Uint8Array[],
  fetchers: RevocationFetchers,
  at: Date,
): Promise<CollectedRevocation> {
  const out: CollectedRevocation = { ocspResponses: [], crls: [], missing: [] };
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    if (isSelfIssued(cert)) continue;
    const issuer = chain[i + 1];
    let found = false;
    if (issuer && fetchers.fetchOcsp) {
      for (const url of ocspUrlsOf(cert)) {
        const response = await fetchers
          .fetchOcsp(url, buildOcspRequest({ certificate: cert, issuer }))
          .catch(() => undefined);
        if (!response) continue;
        try {
          const status = checkOcspResponse({ response, certificate: cert, issuer, at });
          if (status.status !== "unknown") {
            out.ocspResponses.push(response);
            found = true;
            break;
          }
        } catch {
          // garbage from the responder: try the next source
        }
      }
    }
    if (!found && fetchers.fetchCrl) {
      for (const url of crlUrlsOf(cert)) {
        const crl = await fetchers.fetchCrl(url).catch(() => undefined);
        if (!crl) continue;
        try {
          parseCrl(crl);
          out.crls.push(crl);
          found = true;
          break;
        } catch {
          // not a CRL: next
        }
      }
    }
    if (!found) out.missing.push(parseCertificate(cert).subjectString);
  }
  return out;
}
