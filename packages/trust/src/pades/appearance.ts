/**
 * A small visible appearance for a signature widget (ISO 32000-2 §12.5.5 appearance streams,
 * §12.7.5.5): a light box with "Signed by <name>" and the signing time, in the standard
 * Helvetica (§9.6.2.2, no embedding needed). Text outside WinAnsi is reduced to its base
 * letters (ā → a) so any viewer shows it; the signer's exact name is in the certificate.
 */
import { formatNumber } from "./serialize.ts";

export interface VisibleSignature {
  /** Zero-based page index (default 0). */
  page?: number;
  /** [x1, y1, x2, y2] in default user space. */
  rect: [number, number, number, number];
}

const ascii = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "?")
    .replace(/([()\\])/g, "\\$1");

export function appearanceContent(width: number, height: number, signer: string, time: Date): Uint8Array {
  const when = `${time.toISOString().slice(0, 19).replace("T", " ")} UTC`;
  const content = [
    "q 0.94 0.96 1 rg 0.2 0.3 0.5 RG 0.8 w",
    `0.4 0.4 ${formatNumber(width - 0.8)} ${formatNumber(height - 0.8)} re B Q`,
    "BT 0 g /F1 9 Tf",
    `4 ${formatNumber(Math.max(2, height - 13))} Td (Signed by ${ascii(signer)}) Tj`,
    `0 -11 Td (${ascii(when)}) Tj ET`,
  ].join("\n");
  return new Uint8Array(Buffer.from(content, "latin1"));
}
