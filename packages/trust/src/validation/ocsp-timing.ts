/**
 * Production times of the embedded OCSP responses about the signer that precede the signature
 * time-stamp (edoc-and-validation.md §1.4.4: real Latvian eDocs carry OCSP produced seconds
 * before the TST). The rule looks at producedAt — when the responder answered, as DigiDoc
 * checks it — not thisUpdate, which responders may backdate (RFC 6960 §4.2.2.1; the testbed's
 * lies a minute back) and which says nothing about when the signer asked. producedAt is a
 * whole-second GeneralizedTime while a TST genTime may carry fractions: an answer in the
 * time-stamp's own second is not "before" it. Read without re-verifying: the path validation
 * has already checked them.
 */
import { certificateFields, serialToHex } from "../ocsp/certificate-fields.ts";
import { parseOcspResponseCached } from "../ocsp/parse-cache.ts";

export function ocspResponsesBefore(responses: Uint8Array[], signer: Uint8Array, poe: Date): Date[] {
  const serial = serialToHex(certificateFields(signer).serial);
  const poeSecond = Math.floor(poe.getTime() / 1000) * 1000;
  const out: Date[] = [];
  for (const response of responses) {
    try {
      const parsed = parseOcspResponseCached(response);
      if (parsed.kind !== "basic") continue;
      const aboutSigner = parsed.responses.some((s) => serialToHex(s.certId.serialNumber) === serial);
      if (aboutSigner && parsed.producedAt.getTime() < poeSecond) out.push(parsed.producedAt);
    } catch {
      // unreadable responses were already reported by path validation
    }
  }
  return out;
}
