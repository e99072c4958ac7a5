/**
 * Preservation (EN 319 102-1 §5.6.3, TS 119 511): in a chain of archive time-stamps each one is
 * protected by the next — its TSA certificate need only have been valid when the next was made.
 * The newest one is protected by nothing: once its TSA certificate has expired (or been
 * withdrawn with its algorithms) at the validation time, nothing proves any more that the
 * signature and its validation data existed while they could still be trusted. Renewing means
 * adding another archive time-stamp before that day (`tilts augment --level LTA`, the
 * e-health preservation job).
 */
import { parseCertificate } from "../x509/cert/certificate.ts";
import type { TimeStampEvidence } from "./check-time-stamps.ts";

/** A message when the newest valid archive time-stamp rests on a TSA certificate expired at `at`. */
export function unrenewedArchiveTimeStamp(evidence: TimeStampEvidence[], at: Date): string | undefined {
  const archives = evidence.filter((e) => e.type === "ARCHIVE" && e.valid && e.genTime && e.tsaCertificate);
  if (archives.length === 0) return undefined;
  // Document order breaks ties: a renewal made within the same second comes after.
  const newest = archives.reduce((a, b) => (b.genTime!.getTime() >= a.genTime!.getTime() ? b : a));
  const { notAfter } = parseCertificate(newest.tsaCertificate!);
  if (notAfter.getTime() >= at.getTime()) return undefined;
  return (
    `the newest archive time-stamp (${newest.genTime!.toISOString()}) rests on a TSA certificate ` +
    `that expired on ${notAfter.toISOString()}, and no later archive time-stamp renewed it`
  );
}
