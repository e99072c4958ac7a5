/**
 * Production times of the embedded OCSP responses about the signer that precede the signature
 * time-stamp (edoc-and-validation.md §1.4.4: real Latvian eDocs carry OCSP produced seconds
 * before the TST). Read without re-verifying: the path validation has already checked them.
 */
import { certificateFields, serialToHex } from "../ocsp/certificate-fields.ts";
import { parseOcspResponseCached } from "../ocsp/parse-cache.ts";

export function ocspResponsesBefore(responses: Uint8Array[], signer: Uint8Array, poe: Date): Date[] {
  const serial = serialToHex(certificateFields(signer).serial);
  const out: Date[] = [];
  for (const response of responses) {
    try {
      const parsed = parseOcspResponseCached(response);
      if (parsed.kind !== "basic") continue;
      for (const single of parsed.responses)
        if (serialToHex(single.certId.serialNumber) === serial && single.thisUpdate.getTime() < poe.getTime())
          out.push(single.thisUpdate);
    } catch {
      // unreadable responses were already reported by path validation
    }
  }
  return out;
}
