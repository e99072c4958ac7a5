/**
 * XAdES detached references name container entries by relative URI (EN 319 162-1 §4.4.3.2 c):
 * the entry name, UTF-8, percent-encoded per RFC 3986 §2.1 — `Sample%20File.pdf`. `+` is an
 * ordinary sub-delimiter in a path (RFC 3986 §3.3): it is literal, never a space (that is
 * HTML form encoding, which does not apply). eDoc pitfall: edoc-and-validation.md §1.4 item 7.
 */
import { asicError } from "./errors.ts";
import { checkEntryName } from "./zip-names.ts";

const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8 = new TextEncoder();

/** RFC 3986 §3.1: a URI with a scheme is absolute and cannot name an entry of this container. */
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * The entry name a reference URI denotes, compared later byte for byte with the ZIP's names.
 * Refused (`bad-reference-uri`): empty or same-document (`#…`) references, URIs with a scheme,
 * query or fragment, bad percent-escapes, escapes that are not UTF-8, and names that would
 * leave the container. Characters outside the URI grammar (a raw space, raw non-ASCII as in an
 * IRI) are taken literally: the match with an entry is exact either way.
 */
export function referenceUriToEntryName(uri: string): string {
  if (uri === "" || uri.startsWith("#"))
    throw asicError("bad-reference-uri", "same-document reference, not a file");
  if (HAS_SCHEME.test(uri)) throw asicError("bad-reference-uri", `absolute URI ${JSON.stringify(uri)}`);
  if (uri.includes("?") || uri.includes("#")) {
    throw asicError("bad-reference-uri", `query or fragment in ${JSON.stringify(uri)}`);
  }
  const bytes: number[] = [];
  for (let i = 0; i < uri.length; ) {
    if (uri[i] === "%") {
      const hex = uri.slice(i + 1, i + 3);
      if (!HEX.test(hex))
        throw asicError("bad-reference-uri", `bad percent-escape at ${i} in ${JSON.stringify(uri)}`);
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    } else {
      const codePoint = uri.codePointAt(i) as number;
      const char = String.fromCodePoint(codePoint);
      bytes.push(...utf8.encode(char));
      i += char.length;
    }
  }
  let name: string;
  try {
    name = utf8Strict.decode(new Uint8Array(bytes));
  } catch (cause) {
    throw asicError("bad-reference-uri", `escapes are not UTF-8 in ${JSON.stringify(uri)}`, { cause });
  }
  try {
    checkEntryName(name, false);
  } catch (cause) {
    throw asicError("bad-reference-uri", `${JSON.stringify(uri)} does not name a safe entry`, { cause });
  }
  return name;
}

/** RFC 3986 §3.3 pchar minus ":" (a colon in the first segment would read as a scheme, §4.2), plus "/". */
const KEEP = /^[A-Za-z0-9\-._~!$&'()*+,;=@/]$/;

/** The reference URI to write for an entry: UTF-8 bytes, everything outside KEEP percent-encoded (upper-case hex, RFC 3986 §2.1). */
export function entryNameToReferenceUri(name: string): string {
  checkEntryName(name, false);
  let out = "";
  for (const char of name) {
    if (KEEP.test(char)) {
      out += char;
      continue;
    }
    for (const byte of utf8.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The data-file name among `names` that `uri` denotes, or null; exact comparison, no case or Unicode folding. */
export function findEntryByReferenceUri(uri: string, names: Iterable<string>): string | null {
  const wanted = referenceUriToEntryName(uri);
  for (const name of names) if (name === wanted) return name;
  return null;
}
