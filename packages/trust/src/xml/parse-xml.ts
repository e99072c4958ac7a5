/**
 * Hardened XML parsing into an @xmldom/xmldom DOM: no DTD (any DOCTYPE is refused), hence no
 * entity expansion and no external entities; size, depth, attribute, namespace and node-count
 * limits checked by a pre-scan; the strict reader (read-xml.ts, several times faster than
 * xmldom's own parser — docs/performance.md) turns every well-formedness or namespace error
 * into a MalformedInputError.
 * The text as received is kept beside the DOM: signatures are verified over the document as
 * received, and callers may need the original bytes (DESIGN "signatures verified over the
 * original bytes").
 */
import { MalformedInputError } from "../errors.ts";
import { resolveLimits, type XmlLimits } from "./limits.ts";
import { prescanXml } from "./prescan.ts";
import { readXml } from "./read-xml.ts";

export interface ParsedXml {
  readonly document: Document;
  /** The decoded text that was parsed. */
  readonly text: string;
  /** The bytes as received (UTF-8 encoding of `text` when a string was given). */
  readonly bytes: Uint8Array;
}

export interface ParseXmlOptions {
  limits?: Partial<XmlLimits>;
}

/** Decodes bytes as UTF-8 or UTF-16 (BOM-detected); other encodings are refused. */
function decode(bytes: Uint8Array): string {
  try {
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return new TextDecoder("utf-16be", { fatal: true }).decode(bytes);
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
      return new TextDecoder("utf-16le", { fatal: true }).decode(bytes);
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new MalformedInputError("XML is not valid UTF-8/UTF-16 text", { cause });
  }
}

const DECLARED_ENCODING = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

function checkDeclaredEncoding(text: string): void {
  const m = DECLARED_ENCODING.exec(text);
  const declared = m?.[1]?.toLowerCase();
  if (declared && !["utf-8", "utf8", "utf-16", "us-ascii", "ascii"].includes(declared)) {
    throw new MalformedInputError(`XML encoding "${m?.[1]}" is not supported (UTF-8 or UTF-16 only)`);
  }
}

export function parseXml(input: string | Uint8Array, options: ParseXmlOptions = {}): ParsedXml {
  const limits = resolveLimits(options.limits);
  let text: string;
  let bytes: Uint8Array;
  if (typeof input === "string") {
    // Cheap upper bound first: a UTF-8 encoding is at most 3 bytes per UTF-16 unit.
    if (input.length > limits.maxBytes) throw sizeError(limits);
    bytes = new TextEncoder().encode(input);
    if (bytes.length > limits.maxBytes) throw sizeError(limits);
    text = input;
  } else {
    if (input.length > limits.maxBytes) throw sizeError(limits);
    bytes = input;
    text = decode(input);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkDeclaredEncoding(text);
  prescanXml(text, limits);
  // The reader builds only what the XPath data model holds: no XML declaration node and no
  // white space outside the document element (XML 1.0 §2.8).
  const document = readXml(text);
  return { document, text, bytes };
}

function sizeError(limits: XmlLimits): MalformedInputError {
  return new MalformedInputError(`XML input is larger than the limit of ${limits.maxBytes} bytes`);
}
