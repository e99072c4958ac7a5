/**
 * Validation of clinical documents against the HL7 CDA Release 2 XML Schema (with the SDTC
 * extensions), ANX2-12: documents the e-health system accepts must be CDA and validate.
 *
 * Two stages, in order:
 * 1. the hardened parser of @tilts/trust (no DOCTYPE, hence no entities; size, depth and node
 *    limits) — a hostile document is refused here and libxml2 never sees it;
 * 2. libxml2's XSD validation (libxml2-wasm) against a schema compiled once per process and
 *    schema folder (~130 ms), so each document costs only its own validation (~10 ms) — the
 *    previous xmllint-wasm path compiled the whole schema tree again for every call.
 *
 * libxml2 reads the schema's relative xs:include / xs:import locations through an input provider
 * of ours that serves only the .xsd files read from the schema folder (from memory): libxml2 in
 * this process can reach no other file, and documents are parsed with network access and
 * external entities off as well.
 *
 * Memory: each document's libxml2 tree is disposed after validation; the compiled schema (and
 * its root document) live as long as the process, by design.
 *
 * Schema location: the platform package ships HL7's schema (`schemas/cda/`, with its notice), so
 * a plain checkout validates without anything beside it; `schemaDir` overrides it.
 *
 * Not a pure function: it reads files and runs WebAssembly; it sits in core/ because it holds
 * no framework, database or HTTP code, and its result is a plain value.
 */
import { readdir, readFile } from "node:fs/promises";
import { isAbsolute, join, normalize, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MalformedInputError, parseXml, type XmlLimits } from "@tilts/trust";
import {
  type ErrorDetail,
  ParseOption,
  XmlDocument,
  XmlValidateError,
  XsdValidator,
  xmlRegisterInputProvider,
} from "libxml2-wasm";
import { EhealthError } from "../errors.ts";
import { CDA_NAMESPACE, SDTC_NAMESPACE } from "./cda-names.ts";

/** The root schema, relative to the schema folder. */
export const CDA_ROOT_SCHEMA = "infrastructure/cda/CDA_SDTC.xsd";

/** Clinical documents are far smaller than the general XML limit; 5 MiB leaves room for images. */
export const DEFAULT_CDA_LIMITS: Partial<XmlLimits> = { maxBytes: 5 * 1024 * 1024 };

/** At most this many schema errors are listed (libxml2 can report one per element). */
const MAX_ERRORS_LISTED = 50;

/** libxml2's severity of a diagnostic that is an error (2) or fatal (3), not a warning (1). */
const LIBXML2_ERROR_LEVEL = 2;

/**
 * Documents reach libxml2 already checked by the hardened parser; these options are a second
 * fence (no network, no external entities) and keep line numbers past 65535 exact.
 */
const DOCUMENT_PARSE_OPTIONS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES;

export interface CdaSchemaError {
  /** Line in the document, when known. */
  readonly line: number | null;
  readonly message: string;
}

export interface CdaValidationResult {
  readonly valid: boolean;
  /** "parse": refused by the hardened parser (not well-formed, DOCTYPE, too big); "schema": XSD. */
  readonly stage: "parse" | "schema";
  readonly errors: readonly CdaSchemaError[];
}

/** The copy shipped with the platform package (`packages/platform/schemas/cda`). */
export function defaultCdaSchemaDir(): string {
  // core → ehealth → src → platform, which holds schemas/.
  return fileURLToPath(new URL("../../../schemas/cda/", import.meta.url));
}

export interface CdaSchemaValidatorOptions {
  /** Folder holding the schema tree (`infrastructure/`, `processable/`). */
  schemaDir?: string;
  limits?: Partial<XmlLimits>;
}

export interface CdaSchemaValidator {
  validate(document: string | Uint8Array): Promise<CdaValidationResult>;
  /**
   * Stage 2 alone, for text the caller has already taken through stage 1 — `parseXml`'s `text`,
   * or `serializeXml` of a tree it built — so an upload is not parsed twice by the same fence.
   * Never for text that has not passed the hardened parser: libxml2 must not see it first.
   */
  validateHardened(text: string): CdaValidationResult;
}

async function listXsdFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listXsdFiles(path)));
    else if (entry.isFile() && entry.name.endsWith(".xsd")) found.push(path);
  }
  return found;
}

/** Every .xsd file libxml2 may read, by absolute path, across the schema folders compiled so far. */
const schemaFiles = new Map<string, Uint8Array>();
/** Files libxml2 holds open, by the handle our provider gave it (never 0: that means failure). */
const openSchemaFiles = new Map<number, { bytes: Uint8Array; offset: number }>();
let nextHandle = 1;
let providerRegistered = false;

/** The absolute path libxml2 means by a file URL or path; undefined for anything else. */
function schemaPathOf(name: string): string | undefined {
  try {
    if (name.startsWith("file:")) return fileURLToPath(name);
    return isAbsolute(name) ? normalize(name) : undefined;
  } catch {
    return undefined;
  }
}

/** libxml2's input providers are process-wide: ours is registered once and serves the map. */
function registerSchemaFileProvider(): void {
  if (providerRegistered) return;
  providerRegistered = xmlRegisterInputProvider({
    match: (name) => {
      const path = schemaPathOf(name);
      return path !== undefined && schemaFiles.has(path);
    },
    open: (name) => {
      const path = schemaPathOf(name);
      const bytes = path === undefined ? undefined : schemaFiles.get(path);
      if (!bytes) return undefined;
      const handle = nextHandle++;
      openSchemaFiles.set(handle, { bytes, offset: 0 });
      return handle;
    },
    read: (handle, buffer) => {
      const file = openSchemaFiles.get(handle);
      if (!file) return -1;
      const chunk = file.bytes.subarray(file.offset, file.offset + buffer.byteLength);
      buffer.set(chunk);
      file.offset += chunk.byteLength;
      return chunk.byteLength;
    },
    close: (handle) => openSchemaFiles.delete(handle),
  });
  if (!providerRegistered) {
    throw new EhealthError("cda-schema-unavailable", "cannot register the schema file provider with libxml2");
  }
}

async function readSchemaFiles(schemaDir: string): Promise<string> {
  let files: Array<[string, Uint8Array]>;
  try {
    const paths = await listXsdFiles(schemaDir);
    files = await Promise.all(
      paths.map(async (path) => [path, new Uint8Array(await readFile(path))] as const),
    );
  } catch (cause) {
    throw new EhealthError("cda-schema-unavailable", `cannot read the CDA schema in ${schemaDir}`, { cause });
  }
  const rootPath = join(schemaDir, CDA_ROOT_SCHEMA);
  if (!files.some(([path]) => path === rootPath)) {
    throw new EhealthError("cda-schema-unavailable", `${CDA_ROOT_SCHEMA} is missing from ${schemaDir}`);
  }
  for (const [path, bytes] of files) schemaFiles.set(path, bytes);
  return rootPath;
}

/** Reads and compiles the schema tree of one folder; its includes come through our provider. */
async function compileSchema(schemaDir: string): Promise<XsdValidator> {
  const rootPath = await readSchemaFiles(schemaDir);
  registerSchemaFileProvider();
  try {
    // The URL is the base against which libxml2 resolves the relative xs:include locations. The
    // root document is deliberately never disposed: the compiled schema may point into it, and
    // both live as long as the process.
    const root = XmlDocument.fromBuffer(schemaFiles.get(rootPath)!, {
      url: pathToFileURL(rootPath).href,
      option: ParseOption.XML_PARSE_NONET,
    });
    return XsdValidator.fromDoc(root);
  } catch (cause) {
    throw new EhealthError("cda-schema-unavailable", `cannot compile the CDA schema in ${schemaDir}`, {
      cause,
    });
  }
}

/** One compiled schema per process and schema folder; a failed compilation is not remembered. */
const compiledSchemas = new Map<string, Promise<XsdValidator>>();

function compiledSchemaOf(schemaDir: string): Promise<XsdValidator> {
  const key = resolve(schemaDir);
  let compiled = compiledSchemas.get(key);
  if (!compiled) {
    compiled = compileSchema(key);
    compiledSchemas.set(key, compiled);
    compiled.catch(() => compiledSchemas.delete(key));
  }
  return compiled;
}

/** libxml2 names elements `{urn:hl7-org:v3}title`; a reader wants `title` and `sdtc:x`. */
function readableMessage(message: string): string {
  return message
    .replace(/^Schemas validity error : /, "")
    .replaceAll(`{${CDA_NAMESPACE}}`, "")
    .replaceAll(`{${SDTC_NAMESPACE}}`, "sdtc:")
    .trim();
}

function schemaErrors(details: readonly ErrorDetail[]): CdaSchemaError[] {
  const found = details.filter((d) => d.level >= LIBXML2_ERROR_LEVEL);
  const errors: CdaSchemaError[] = found.slice(0, MAX_ERRORS_LISTED).map((d) => ({
    line: d.line > 0 ? d.line : null,
    message: readableMessage(d.message),
  }));
  if (found.length > MAX_ERRORS_LISTED) {
    errors.push({ line: null, message: `… and ${found.length - MAX_ERRORS_LISTED} more errors` });
  }
  // libxml2 said invalid without an error-level detail: say so, never a bare false.
  if (errors.length === 0) errors.push({ line: null, message: "schema validation failed" });
  return errors;
}

/** The validator itself failed (libxml2's own limits, an internal error): a refusal, not a crash. */
function validatorFailure(cause: unknown): CdaValidationResult {
  const detail = (cause instanceof Error ? cause.message : String(cause)).trim();
  return {
    valid: false,
    stage: "schema",
    errors: [{ line: null, message: `the schema validator could not process the document (${detail})` }],
  };
}

/**
 * Compiles the schema of `schemaDir` once per process (later calls with the same folder reuse
 * it); the returned validator validates each document against it.
 */
export async function createCdaSchemaValidator(
  options: CdaSchemaValidatorOptions = {},
): Promise<CdaSchemaValidator> {
  const limits = { ...DEFAULT_CDA_LIMITS, ...options.limits };
  const schema = await compiledSchemaOf(options.schemaDir ?? defaultCdaSchemaDir());
  const encoder = new TextEncoder();

  const validateHardened = (text: string): CdaValidationResult => {
    // libxml2 gets UTF-8 bytes and is told so, whatever the XML declaration names: the text is
    // already decoded (UTF-8 or UTF-16) by the hardened parser.
    let parsed: XmlDocument;
    try {
      parsed = XmlDocument.fromBuffer(encoder.encode(text), {
        encoding: "UTF-8",
        option: DOCUMENT_PARSE_OPTIONS,
      });
    } catch (cause) {
      return validatorFailure(cause);
    }
    try {
      schema.validate(parsed);
      return { valid: true, stage: "schema", errors: [] };
    } catch (error) {
      if (error instanceof XmlValidateError)
        return { valid: false, stage: "schema", errors: schemaErrors(error.details) };
      return validatorFailure(error);
    } finally {
      parsed.dispose();
    }
  };

  return {
    async validate(document) {
      let text: string;
      try {
        text = parseXml(document, { limits }).text;
      } catch (error) {
        if (!(error instanceof MalformedInputError)) throw error;
        return { valid: false, stage: "parse", errors: [{ line: null, message: error.message }] };
      }
      return validateHardened(text);
    },
    validateHardened,
  };
}
