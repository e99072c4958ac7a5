/**
 * Upload forms that work without JavaScript (a file input needs `multipart/form-data`, RFC 7578),
 * read through @fastify/multipart for every module: a scope accepts multipart bodies with
 * `acceptMultipart`, its handlers read them with `readMultipart`. The reading is bounded: the
 * whole body by the route's bodyLimit (413, refused before reading when Content-Length says so),
 * the number of parts, field names and field values by `MultipartLimits` (a part's header lines
 * past the limit, and past the parser's 80 KiB, are ignored).
 * Anything malformed or over a part limit is a MultipartError (the routes answer 400).
 */
import fastifyMultipart, { type Multipart, type MultipartFile as PluginFile } from "@fastify/multipart";
import { errorCodes, type FastifyInstance, type FastifyRequest } from "fastify";

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
  readonly maxFieldNameBytes: number;
  /** Header lines read of one part (Content-Disposition, Content-Type, a little room); more are ignored. */
  readonly maxHeaderLines: number;
}

const DEFAULT_LIMITS: MultipartLimits = {
  maxParts: 10,
  maxFieldBytes: 4096,
  maxFieldNameBytes: 100,
  maxHeaderLines: 8,
};

/** The body is over the route's bodyLimit: the same 413 Fastify answers for other bodies. */
function tooLarge(): Error {
  return new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
}

/**
 * Lets the routes of `scope` (and only those) read multipart bodies. A body whose declared
 * length is over the route's bodyLimit is refused with 413 before any of it is read, so the
 * scope's error handler can answer with the form and the reason.
 */
export async function acceptMultipart(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyMultipart);
  scope.addHook("preParsing", async (request) => {
    // The plugin marks a request as multipart only when it parses it, after this hook.
    if (!/^multipart\/form-data\b/i.test(request.headers["content-type"] ?? "")) return;
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > request.routeOptions.bodyLimit) throw tooLarge();
  });
}

/** Maps the plugin's and the underlying parser's errors onto ours; others pass unchanged. */
function asMultipartError(error: unknown, limits: MultipartLimits): unknown {
  if (!(error instanceof Error) || error instanceof MultipartError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === "FST_ERR_CTP_BODY_TOO_LARGE" || code === "FST_REQ_FILE_TOO_LARGE") return tooLarge();
  if (code === "FST_PARTS_LIMIT" || code === "FST_FILES_LIMIT" || code === "FST_FIELDS_LIMIT")
    return new MultipartError(`more than ${limits.maxParts} parts`);
  if (typeof code === "string" && code.startsWith("FST_")) return new MultipartError(error.message);
  // @fastify/busboy reports malformed framing as plain errors (no code).
  if (code === undefined) return new MultipartError(`malformed multipart body: ${error.message}`);
  return error;
}

/** A file part's bytes, counted against what is left of the body's budget. */
async function fileBytes(part: PluginFile, budget: { left: number }): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    budget.left -= chunk.length;
    if (budget.left < 0) throw tooLarge();
    chunks.push(chunk);
  }
  if (part.file.truncated) throw tooLarge();
  return new Uint8Array(Buffer.concat(chunks));
}

function nameOf(part: Multipart, limits: MultipartLimits): string {
  const name = part.fieldname;
  if (typeof name !== "string" || name === "") throw new MultipartError("a part without a name");
  if (Buffer.byteLength(name) >= limits.maxFieldNameBytes)
    throw new MultipartError("a field name is too long");
  return name;
}

/**
 * Reads a whole multipart/form-data body of a request in a scope that `acceptMultipart`-ed:
 * text fields and files by name, each name at most once.
 */
export async function readMultipart(
  request: FastifyRequest,
  limits: Partial<MultipartLimits> = {},
): Promise<MultipartBody> {
  const bounds = { ...DEFAULT_LIMITS, ...limits };
  if (typeof request.isMultipart !== "function" || !request.isMultipart())
    throw new MultipartError("not a multipart/form-data body");
  const budget = { left: request.routeOptions.bodyLimit };
  const fields: Record<string, string> = {};
  const files: Record<string, MultipartFile> = {};
  try {
    const parts = request.parts({
      limits: {
        parts: bounds.maxParts,
        fieldSize: bounds.maxFieldBytes,
        fieldNameSize: bounds.maxFieldNameBytes,
        headerPairs: bounds.maxHeaderLines,
        fileSize: budget.left,
      },
    });
    for await (const part of parts) {
      const name = nameOf(part, bounds);
      if (Object.hasOwn(fields, name) || Object.hasOwn(files, name))
        throw new MultipartError("a field given twice");
      if (part.type === "file") {
        files[name] = {
          filename: part.filename.slice(0, 255),
          contentType: (part.mimetype || "application/octet-stream").slice(0, 200),
          data: await fileBytes(part, budget),
        };
        continue;
      }
      if (part.valueTruncated) throw new MultipartError("a form field is too long");
      if (typeof part.value !== "string") throw new MultipartError("a form field that is not text");
      budget.left -= Buffer.byteLength(part.value);
      if (budget.left < 0) throw tooLarge();
      fields[name] = part.value;
    }
  } catch (error) {
    throw asMultipartError(error, bounds);
  }
  return { fields, files };
}
