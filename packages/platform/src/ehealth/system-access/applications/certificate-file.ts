/**
 * A connection certificate sent as a file (ANX2-3): PEM as pasted, or DER as many CAs and key
 * tools hand it out. DER becomes PEM here — base64 of the exact bytes between the usual lines —
 * so the file passes the very same checks as a pasted certificate (certificate-check.ts) and an
 * unreadable DER file is refused by them as "unreadable". Files above the paste limit are refused
 * before any parsing.
 */
import { APPLICATION_LIMITS } from "./application-service.ts";

/** Undefined: no file chosen (empty part). "too-large": above the limit. Otherwise the PEM text. */
export function certificatePemOfFile(data: Uint8Array | undefined): string | "too-large" | undefined {
  if (!data || data.length === 0) return undefined;
  if (data.length > APPLICATION_LIMITS.certificate) return "too-large";
  const text = new TextDecoder("utf-8", { fatal: false }).decode(data);
  if (text.includes("-----BEGIN ")) return text.trim();
  const base64 = Buffer.from(data).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
