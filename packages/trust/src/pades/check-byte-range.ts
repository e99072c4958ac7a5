/**
 * ByteRange checks (ISO 32000-2 §12.8.1, ETSI EN 319 142-1 §5.3 and §6.3): four non-negative
 * integers [0 a b c]; the gap [a, b) is exactly the /Contents hex string of this signature
 * dictionary (a gap that leaves anything else out means unsigned bytes); the second range
 * ends at the end of a revision (just after a %%EOF marker), so the signature covers the
 * whole file as it was when signed. Returns that revision's end, or the problem.
 */
import type { PdfSignatureField } from "./read-signatures.ts";

export type ByteRangeCheck =
  | { ok: true; revisionEnd: number; coversWholeFile: boolean }
  | { ok: false; code: "byte-range-invalid" | "byte-range-gap" | "byte-range-not-revision"; message: string };

export function checkByteRange(
  bytes: Uint8Array,
  sig: PdfSignatureField,
  revisionEnds: number[],
): ByteRangeCheck {
  const br = sig.byteRange;
  if (br.length !== 4 || br.some((x) => x < 0) || br[0] !== 0)
    return {
      ok: false,
      code: "byte-range-invalid",
      message: "the ByteRange is not [0 a b c] of non-negative integers",
    };
  const [, a, b, c] = br as [number, number, number, number];
  if (a >= b || b + c > bytes.length)
    return {
      ok: false,
      code: "byte-range-invalid",
      message: `the ByteRange [0 ${a} ${b} ${c}] runs outside the file (${bytes.length} bytes)`,
    };
  // The gap must hold exactly "<hex…>": the /Contents value, nothing more.
  const expected = 2 + sig.contents.length * 2;
  if (bytes[a] !== 0x3c || bytes[b - 1] !== 0x3e || b - a !== expected || !isHex(bytes, a + 1, b - 1))
    return {
      ok: false,
      code: "byte-range-gap",
      message: `the ByteRange gap [${a}, ${b}) is not exactly the signature's /Contents: ${b - a} bytes left unsigned`,
    };
  const end = b + c;
  if (!isRevisionEnd(bytes, end, revisionEnds))
    return {
      ok: false,
      code: "byte-range-not-revision",
      message: `the signature covers the file up to ${end}, which is not the end of a revision`,
    };
  return { ok: true, revisionEnd: end, coversWholeFile: end === bytes.length };
}

/** Just after a %%EOF, with or without its end-of-line (§7.5.5 allows either at the very end). */
function isRevisionEnd(bytes: Uint8Array, end: number, ends: number[]): boolean {
  if (ends.includes(end)) return true;
  const eof = Buffer.from(bytes.subarray(Math.max(0, end - 5), end)).toString("latin1") === "%%EOF";
  return eof && ends.some((e) => e > end && e - end <= 2);
}

function isHex(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = bytes[i]!;
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!hex && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

/** The covered octets, hashed without joining the two ranges. */
export function coveredRanges(bytes: Uint8Array, br: number[]): [Uint8Array, Uint8Array] {
  return [bytes.subarray(br[0]!, br[0]! + br[1]!), bytes.subarray(br[2]!, br[2]! + br[3]!)];
}
