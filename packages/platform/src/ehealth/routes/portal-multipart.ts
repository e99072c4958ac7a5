/**
 * A small, strict reader of `multipart/form-data` bodies (RFC 7578) for the portal's upload form,
 * which must work without JavaScript (a file input needs multipart). The whole body is already
 * in memory, bounded by the route's bodyLimit; this reader bounds the rest: number of parts,
 * header size, field sizes. Anything unexpected is a MultipartError (400), never a crash.
 */

export class MultipartError extends Error {
  override name = "MultipartError";
  readonly code = "bad-multipart";
}

export interface MultipartFile {
  readonly filename: string;
  readonly contentType: string;
  readonly data: Uint8Array;
}

export interface MultipartBody {
  readonly fields: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, MultipartFile>>;
}

export interface MultipartLimits {
  readonly maxParts: number;
  readonly maxFieldBytes: number;
  readonly maxHeaderBytes: number;
}

const DEFAULT_LIMITS: MultipartLimits = { maxParts: 10, maxFieldBytes: 4096, maxHeaderBytes: 2048 };

/** RFC 2046 §5.1.1: 1–70 characters from a restricted set. */
const BOUNDARY = /^[0-9A-Za-z'()+_,./:=? -]{0,69}[0-9A-Za-z'()+_,./:=?-]$/;

export function boundaryOf(contentType: string | undefined): string {
  const match = /^multipart\/form-data\s*;(.*)$/i.exec((contentType ?? "").slice(0, 500));
  if (!match) throw new MultipartError("not a multipart/form-data body");
  const param = /(?:^|;)\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(match[1] ?? "");
  const boundary = param?.[1] ?? param?.[2] ?? "";
  if (!BOUNDARY.test(boundary)) throw new MultipartError("missing or malformed multipart boundary");
  return boundary;
}

function dispositionOf(headers: string): { name: string; filename?: string } {
  let disposition: string | undefined;
  for (const line of headers.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) throw new MultipartError("malformed part header");
    if (line.slice(0, colon).trim().toLowerCase() === "content-disposition")
      disposition = line.slice(colon + 1);
  }
  if (!disposition || !/^\s*form-data\s*(;|$)/i.test(disposition))
    throw new MultipartError("a part without Content-Disposition: form-data");
  const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined || name === "") throw new MultipartError("a part without a name");
  const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
  return filename === undefined ? { name } : { name, filename };
}

function contentTypeOf(headers: string): string {
  for (const line of headers.split("\r\n")) {
    const colon = line.indexOf(":");
    if (line.slice(0, colon).trim().toLowerCase() === "content-type")
      return line
        .slice(colon + 1)
        .trim()
        .slice(0, 200);
  }
  return "application/octet-stream";
}

/** Reads a whole multipart/form-data body. */
export function parseMultipart(
  body: Uint8Array,
  contentType: string | undefined,
  limits: Partial<MultipartLimits> = {},
): MultipartBody {
  const { maxParts, maxFieldBytes, maxHeaderBytes } = { ...DEFAULT_LIMITS, ...limits };
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const fields: Record<string, string> = {};
  const files: Record<string, MultipartFile> = {};
  // The first delimiter opens the body (a preamble before it is allowed and ignored).
  let at = buffer.indexOf(delimiter);
  if (at < 0) throw new MultipartError("the body holds no part");
  let parts = 0;
  for (;;) {
    at += delimiter.length;
    if (buffer[at] === 0x2d && buffer[at + 1] === 0x2d) break; // "--": the closing delimiter
    if (buffer[at] !== 0x0d || buffer[at + 1] !== 0x0a) throw new MultipartError("malformed delimiter line");
    at += 2;
    if (++parts > maxParts) throw new MultipartError(`more than ${maxParts} parts`);
    const headerEnd = buffer.indexOf("\r\n\r\n", at);
    if (headerEnd < 0 || headerEnd - at > maxHeaderBytes)
      throw new MultipartError("malformed or oversized part headers");
    const headers = buffer.subarray(at, headerEnd).toString("utf8");
    const contentStart = headerEnd + 4;
    const next = buffer.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), contentStart);
    if (next < 0) throw new MultipartError("a part is not closed by the boundary");
    const content = buffer.subarray(contentStart, next);
    const { name, filename } = dispositionOf(headers);
    if (name in fields || name in files) throw new MultipartError("a field given twice");
    if (filename === undefined) {
      if (content.length > maxFieldBytes) throw new MultipartError("a form field is too long");
      fields[name] = content.toString("utf8");
    } else {
      files[name] = {
        filename: filename.slice(0, 255),
        contentType: contentTypeOf(headers),
        data: new Uint8Array(content),
      };
    }
    at = next + 2;
  }
  return { fields, files };
}
