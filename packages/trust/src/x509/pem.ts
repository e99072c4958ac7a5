/**
 * PEM, the textual encoding of RFC 7468: `-----BEGIN LABEL-----`, base64 text, `-----END
 * LABEL-----`. The one PEM reader of Tilts (CLI inputs, configuration files). Following §2 and
 * §3 (lax parsing), explanatory text before, between and after the blocks is ignored — e.g. the
 * `Subject:` / `Issuer:` lines OpenSSL writes — and whitespace inside the base64 text is
 * tolerated; a block whose END label differs from its BEGIN label is not a block. Bounded: input
 * size, number of blocks; bad base64 is a MalformedInputError naming the block.
 */
import { MalformedInputError } from "../errors.ts";

export interface PemBlock {
  /** The label of the encapsulation boundaries, e.g. "CERTIFICATE", "PUBLIC KEY". */
  label: string;
  der: Uint8Array;
}

export interface PemLimits {
  /** Largest text read, in characters (default 16 MiB). */
  maxChars: number;
  /** Most blocks read (default 10 000). */
  maxBlocks: number;
}

const DEFAULT_LIMITS: PemLimits = { maxChars: 16 * 1024 * 1024, maxBlocks: 10_000 };

// RFC 7468 §3: label = [ labelchar *( ["-" / SP] labelchar ) ]; labelchar = %x21-2C / %x2E-7E.
const LABEL = /^(?:[\x21-\x2c\x2e-\x7e](?:[- ]?[\x21-\x2c\x2e-\x7e])*)?$/;
const BEGIN = "-----BEGIN ";
const END = "-----END ";
const DASHES = "-----";

/**
 * BEGIN/END pairs in one forward pass (linear time whatever the input): the base64 text holds
 * no "-----", so the first boundary after a BEGIN must be its END.
 */
function* boundaries(source: string): Generator<{ label: string; body: string }> {
  let at = source.indexOf(BEGIN);
  while (at >= 0) {
    const labelEnd = source.indexOf(DASHES, at + BEGIN.length);
    if (labelEnd < 0) return;
    const label = source.slice(at + BEGIN.length, labelEnd);
    const bodyStart = labelEnd + DASHES.length;
    const next = source.indexOf(DASHES, bodyStart);
    if (next < 0) return;
    if (LABEL.test(label) && source.startsWith(`${END}${label}${DASHES}`, next)) {
      yield { label, body: source.slice(bodyStart, next) };
      at = source.indexOf(BEGIN, next + END.length + label.length + DASHES.length);
    } else {
      at = source.indexOf(BEGIN, next); // an unterminated block: resume at the next boundary
    }
  }
}

/** Whether `bytes` hold PEM text somewhere (rather than DER): a BEGIN boundary anywhere. */
export function looksLikePem(bytes: Uint8Array): boolean {
  // DER of the structures we read starts with a SEQUENCE tag; text never does.
  if (bytes[0] === 0x30) return false;
  return Buffer.from(bytes).includes("-----BEGIN ");
}

/**
 * The PEM blocks of `text`, in order; with `labels`, only blocks of those labels. Text outside
 * the blocks is ignored (RFC 7468 §2). An empty list when there is no block.
 */
export function readPemBlocks(
  text: string | Uint8Array,
  labels?: readonly string[],
  limits: Partial<PemLimits> = {},
): PemBlock[] {
  const { maxChars, maxBlocks } = { ...DEFAULT_LIMITS, ...limits };
  const source = typeof text === "string" ? text : Buffer.from(text).toString("latin1");
  if (source.length > maxChars) throw new MalformedInputError(`PEM text larger than ${maxChars} characters`);
  const blocks: PemBlock[] = [];
  for (const { label, body: text } of boundaries(source)) {
    if (labels && !labels.includes(label)) continue;
    if (blocks.length === maxBlocks) throw new MalformedInputError(`more than ${maxBlocks} PEM blocks`);
    const body = text.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0)
      throw new MalformedInputError(`PEM block ${blocks.length + 1} (${label}) is not valid base64`);
    blocks.push({ label, der: new Uint8Array(Buffer.from(body, "base64")) });
  }
  return blocks;
}
