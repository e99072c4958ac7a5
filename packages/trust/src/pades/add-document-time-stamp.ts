/**
 * PAdES B-LTA (ETSI EN 319 142-1 §5.4.3, ISO 32000-2 §12.8.5): a document time-stamp — a
 * signature field whose /V is `/Type /DocTimeStamp /SubFilter /ETSI.RFC3161` and whose
 * /Contents is an RFC 3161 TimeStampToken over the ByteRange octets, i.e. over every earlier
 * revision including the DSS. Renewing it later (a new one over the old) keeps the evidence alive.
 */
import { randomBytes } from "node:crypto";
import { bytesEqual } from "../ocsp/cert-id.ts";
import { buildTimeStampRequest } from "../tsp/time-stamp-request.ts";
import { parseTimeStampResponse } from "../tsp/time-stamp-response.ts";
import { verifyTimeStampToken } from "../tsp/verify-token.ts";
import type { TimeStampAuthority } from "../xades/ports.ts";
import { PadesError } from "./errors.ts";
import { addSignatureField } from "./signature-field.ts";

export async function addDocumentTimeStamp(options: {
  pdf: Uint8Array;
  tsa: TimeStampAuthority;
  hash?: "sha256" | "sha384" | "sha512";
  reserve?: number;
}): Promise<Uint8Array> {
  const hash = options.hash ?? "sha256";
  return addSignatureField({
    pdf: options.pdf,
    dictionaryEntries: "/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161",
    reserve: options.reserve ?? 8 * 1024,
    hash,
    // The covered octets were hashed while streaming: the request carries that imprint.
    contents: async (digest) => timeStampOverDigest(options.tsa, digest, hash),
  });
}

/** RFC 3161 §2.4.1 with a precomputed imprint; the answer is checked like XAdES's. */
async function timeStampOverDigest(
  tsa: TimeStampAuthority,
  digest: Uint8Array,
  hash: "sha256" | "sha384" | "sha512",
): Promise<Uint8Array> {
  const nonce = new Uint8Array(randomBytes(8));
  let response: Uint8Array;
  try {
    response = await tsa(buildTimeStampRequest({ digest, hash, nonce, certReq: true }));
  } catch (cause) {
    throw new PadesError("pades-tsa-failed", `the TSA could not be reached: ${String(cause)}`, { cause });
  }
  const parsed = parseTimeStampResponse(response);
  if ((parsed.status !== 0 && parsed.status !== 1) || !parsed.token)
    throw new PadesError("pades-tsa-failed", `the TSA refused: status ${parsed.status}`);
  const check = verifyTimeStampToken(parsed.token);
  if (!check.valid) throw new PadesError("pades-tsa-failed", `the TSA token is not valid: ${check.message}`);
  if (!bytesEqual(check.info.messageImprint.hashedMessage, digest))
    throw new PadesError("pades-tsa-failed", "the TSA token covers other data");
  return parsed.token;
}
