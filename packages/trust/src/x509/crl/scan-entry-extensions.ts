/**
 * Load-time fast path for CRL entry extensions. Nearly every entry of a real CRL carries a
 * reasonCode (often an invalidityDate too); decoding them for a million entries at load time
 * would be wasted work, since they are decoded again on lookup. This scan, without allocating,
 * answers one question: are these only extensions that matter at lookup time (reasonCode,
 * invalidityDate, holdInstructionCode)? Anything else — certificateIssuer, an unknown
 * extension, an irregular encoding — goes through the full parser at load time.
 */

/** Content octets of id-ce 21 (reasonCode), 24 (invalidityDate), 23 (holdInstructionCode). */
const LOOKUP_ONLY_ARCS: ReadonlySet<number> = new Set([21, 24, 23]);

export function onlyLookupExtensions(data: Uint8Array, start: number, end: number): boolean {
  // Extensions ::= SEQUENCE OF Extension (short-form lengths only on the fast path)
  if (data[start] !== 0x30 || data[start + 1]! >= 0x80 || start + 2 + data[start + 1]! !== end) return false;
  let p = start + 2;
  while (p < end) {
    // Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    if (data[p] !== 0x30 || data[p + 1]! >= 0x80) return false;
    const extEnd = p + 2 + data[p + 1]!;
    if (extEnd > end) return false;
    // OID 2.5.29.x is encoded 06 03 55 1d x
    if (data[p + 2] !== 0x06 || data[p + 3] !== 3 || data[p + 4] !== 0x55 || data[p + 5] !== 0x1d)
      return false;
    if (!LOOKUP_ONLY_ARCS.has(data[p + 6]!)) return false;
    p = extEnd;
  }
  return p === end;
}
