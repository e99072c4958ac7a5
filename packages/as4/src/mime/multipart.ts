/**
 * SOAP with Attachments for SOAP 1.2 (W3C SOAP 1.2 Attachment Feature; MIME multipart/related,
 * RFC 2387; eDelivery AS4 common profile §2.2.6): the first part is the envelope
 * (`application/soap+xml`), each payload a part named by `Content-ID: <id>` and referenced
 * from eb:PartInfo as `cid:id`. The parser is bounded: total size, number of parts, size of a
 * part and of its headers are limited, and one linear scan finds every boundary.
 */
import { As4Error } from "../errors.ts";

export interface MimePart {
  /** Content-ID without the angle brackets. */
  contentId: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface MimeMessage {
  /** The value of the HTTP Content-Type header. */
  contentType: string;
  body: Uint8Array;
}

export interface MimeLimits {
  maxTotalBytes: number;
  maxParts: number;
  maxPartBytes: number;
  maxHeaderBytes: number;
}

export const DEFAULT_MIME_LIMITS: Readonly<MimeLimits> = Object.freeze({
  maxTotalBytes: 64 * 1024 * 1024,
  maxParts: 101,
  maxPartBytes: 32 * 1024 * 1024,
  maxHeaderBytes: 8 * 1024,
});

const CRLF = "\r\n";
const inconsistent = (detail: string) => new As4Error("EBMS:0007", detail);
const tooLarge = (detail: string) => new As4Error("EBMS:0004", detail);

/** What we write as a Content-ID: RFC 5322 msg-id characters without "%", so the `cid:` URL
 *  (RFC 2392, percent-encoded) and the Content-ID are the same string. */
const CONTENT_ID = /^[A-Za-z0-9!#$&'*+\-./=?^_`{|}~@]{1,200}$/;

export function buildMultipart(envelope: Uint8Array, attachments: MimePart[], boundary: string): MimeMessage {
  const rootId = "root.message@tilts";
  const chunks: Buffer[] = [];
  const part = (headers: string[], bytes: Uint8Array) => {
    chunks.push(Buffer.from(`--${boundary}${CRLF}${headers.join(CRLF)}${CRLF}${CRLF}`, "latin1"));
    chunks.push(Buffer.from(bytes), Buffer.from(CRLF, "latin1"));
  };
  part(
    [
      "Content-Type: application/soap+xml; charset=UTF-8",
      "Content-Transfer-Encoding: binary",
      `Content-ID: <${rootId}>`,
    ],
    envelope,
  );
  for (const a of attachments) {
    if (!CONTENT_ID.test(a.contentId))
      throw inconsistent(`Content-ID "${a.contentId}" has unsafe characters`);
    part(
      [`Content-Type: ${a.contentType}`, "Content-Transfer-Encoding: binary", `Content-ID: <${a.contentId}>`],
      a.bytes,
    );
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`, "latin1"));
  return {
    contentType: `multipart/related; type="application/soap+xml"; boundary="${boundary}"; start="<${rootId}>"; start-info="application/soap+xml"`,
    body: new Uint8Array(Buffer.concat(chunks)),
  };
}

/** Parameters of a Content-Type header value (RFC 2045 §5.1), lower-cased names. */
export function contentTypeParameters(value: string): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const semi = value.indexOf(";");
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const re = /;\s*([A-Za-z0-9!#$%&'*+\-.^_`|~]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g;
  for (const m of value.slice(Math.max(semi, 0)).matchAll(re)) {
    const raw = m[2]!;
    params.set(m[1]!.toLowerCase(), raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw);
  }
  return { type, params };
}

export interface ParsedMultipart {
  /** The SOAP envelope part. */
  root: MimePart;
  attachments: MimePart[];
}

export function parseMultipart(message: MimeMessage, limits: Partial<MimeLimits> = {}): ParsedMultipart {
  const l = { ...DEFAULT_MIME_LIMITS, ...limits };
  const body = Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength);
  if (body.length > l.maxTotalBytes)
    throw tooLarge(`message of ${body.length} bytes exceeds ${l.maxTotalBytes}`);
  const { type, params } = contentTypeParameters(message.contentType);
  if (type === "application/soap+xml") {
    return {
      root: { contentId: "", contentType: message.contentType, bytes: message.body },
      attachments: [],
    };
  }
  if (type !== "multipart/related") throw inconsistent(`Content-Type ${type} is not multipart/related`);
  const boundary = params.get("boundary");
  if (!boundary || boundary.length > 70) throw inconsistent("multipart/related without a valid boundary");
  const parts = splitParts(body, boundary, l);
  if (parts.length === 0) throw inconsistent("multipart/related with no parts");
  const start = params.get("start")?.replace(/^<|>$/g, "");
  const rootIndex = start ? parts.findIndex((p) => p.contentId === start) : 0;
  if (rootIndex < 0) throw inconsistent(`no part has the start Content-ID <${start}>`);
  const root = parts[rootIndex]!;
  if (contentTypeParameters(root.contentType).type !== "application/soap+xml")
    throw inconsistent("the root part is not application/soap+xml");
  const attachments = parts.filter((_, i) => i !== rootIndex);
  const seen = new Set<string>();
  for (const a of attachments) {
    if (!a.contentId) throw inconsistent("an attachment has no Content-ID");
    if (seen.has(a.contentId)) throw inconsistent(`two parts have the Content-ID <${a.contentId}>`);
    seen.add(a.contentId);
  }
  return { root, attachments };
}

function splitParts(body: Buffer, boundary: string, l: MimeLimits): MimePart[] {
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  // The first delimiter may start the body; later ones follow a CRLF (RFC 2046 §5.1.1).
  let pos = body.indexOf(delimiter);
  if (pos < 0 || (pos > 0 && body[pos - 1] !== 0x0a)) throw inconsistent("no opening boundary");
  const parts: MimePart[] = [];
  const next = Buffer.from(`\r\n--${boundary}`, "latin1");
  for (;;) {
    const after = pos + delimiter.length;
    if (body[after] === 0x2d && body[after + 1] === 0x2d) return parts; // close-delimiter "--"
    const lineEnd = body.indexOf("\r\n", after);
    if (lineEnd < 0) throw inconsistent("truncated after a boundary");
    const end = body.indexOf(next, lineEnd);
    if (end < 0) throw inconsistent("truncated: no closing boundary");
    if (parts.length >= l.maxParts) throw tooLarge(`more than ${l.maxParts} MIME parts`);
    parts.push(readPart(body.subarray(lineEnd + 2, end), l));
    pos = end + 2;
  }
}

function readPart(raw: Buffer, l: MimeLimits): MimePart {
  const headerEnd = raw.indexOf("\r\n\r\n");
  const headerText = headerEnd < 0 ? "" : raw.subarray(0, headerEnd).toString("latin1");
  if (headerEnd < 0 && !raw.subarray(0, 2).equals(Buffer.from("\r\n")))
    throw inconsistent("part headers not terminated");
  if (headerText.length > l.maxHeaderBytes) throw tooLarge(`part headers exceed ${l.maxHeaderBytes} bytes`);
  const content = raw.subarray(headerEnd < 0 ? 2 : headerEnd + 4);
  if (content.length > l.maxPartBytes)
    throw tooLarge(`a part of ${content.length} bytes exceeds ${l.maxPartBytes}`);
  const headers = new Map<string, string>();
  // Unfold continuation lines (RFC 5322 §2.2.3), then split name: value.
  for (const line of headerText.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw inconsistent("malformed part header line");
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get("content-transfer-encoding") ?? "binary").toLowerCase();
  let bytes: Uint8Array;
  if (encoding === "binary" || encoding === "8bit" || encoding === "7bit") bytes = new Uint8Array(content);
  else if (encoding === "base64") bytes = new Uint8Array(Buffer.from(content.toString("latin1"), "base64"));
  else throw inconsistent(`Content-Transfer-Encoding ${encoding} is not supported`);
  const id = headers.get("content-id") ?? "";
  return {
    contentId: id.replace(/^<|>$/g, ""),
    contentType: headers.get("content-type") ?? "application/octet-stream",
    bytes,
  };
}
