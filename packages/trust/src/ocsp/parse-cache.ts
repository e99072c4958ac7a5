/**
 * Parses of OCSP responses, reused while the same buffer is passed again unchanged. A path
 * validation asks every embedded response about every certificate of the path (and an eDoc's
 * validation has two paths and a timing rule), so one response is otherwise parsed up to ten
 * times per document. The parse is made from a private copy, and a hit needs a full byte
 * comparison with it, so a buffer changed in place is parsed afresh. Bounded: entries live
 * only as long as the caller's buffer (WeakMap).
 */
import { type ParsedOcspResponse, parseOcspResponse } from "./parse-response.ts";

const parses = new WeakMap<Uint8Array, { bytes: Uint8Array; parsed: ParsedOcspResponse }>();

/** parseOcspResponse, memoised per unchanged buffer. Throws what it throws. */
export function parseOcspResponseCached(der: Uint8Array): ParsedOcspResponse {
  const hit = parses.get(der);
  if (hit && Buffer.compare(hit.bytes, der) === 0) return hit.parsed;
  const bytes = new Uint8Array(der); // a private copy, even of a Buffer (whose slice() is a view)
  const parsed = parseOcspResponse(bytes);
  parses.set(der, { bytes, parsed });
  return parsed;
}
