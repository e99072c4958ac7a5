/**
 * Validation of clinical documents against the HL7 CDA Release 2 XML Schema (with the SDTC
 * extensions), ANX2-12: documents the e-health system accepts must be CDA and validate.
 *
 * Two stages, in order:
 * 1. the hardened parser of @tilts/trust (no DOCTYPE, hence no entities; size, depth and node
 *    limits) — a hostile document is refused here and xmllint never sees it;
 * 2. libxml2's XSD validation (xmllint-wasm), with every schema file preloaded into its in-memory
 *    file system under its path relative to the schema folder (the schema's xs:include /
 *    xs:import locations are relative: STACK-NOTES). The files are read once per validator.
 *
 * Schema location: the platform package ships HL7's schema (`schemas/cda/`, with its notice), so
 * a plain checkout validates without anything beside it; `schemaDir` overrides it.
 *
 * Not a pure function: it reads files and runs WebAssembly; it sits in core/ because it holds
 * no framework, database or HTTP code, and its result is a plain value.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { MalformedInputError, parseXml, type XmlLimits } from "@tilts/trust";
import { validateXML, type XMLFileInfo } from "xmllint-wasm";
import { EhealthError } from "../errors.ts";
import { CDA_NAMESPACE, SDTC_NAMESPACE } from "./cda-names.ts";

/** The root schema, relative to the schema folder. */
export const CDA_ROOT_SCHEMA = "infrastructure/cda/CDA_SDTC.xsd";

/** Clinical documents are far smaller than the general XML limit; 5 MiB leaves room for images. */
export const DEFAULT_CDA_LIMITS: Partial<XmlLimits> = { maxBytes: 5 * 1024 * 1024 };

/** At most this many schema errors are listed (libxml2 can report one per element). */
const MAX_ERRORS_LISTED = 50;

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
  /** xmllint's memory ceiling in 64 KiB WebAssembly pages (its default, 512, is 32 MiB). */
  maxMemoryPages?: number;
}

export interface CdaSchemaValidator {
  validate(document: string | Uint8Array): Promise<CdaValidationResult>;
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

async function loadSchemaFiles(schemaDir: string): Promise<{ root: XMLFileInfo; others: XMLFileInfo[] }> {
  let files: XMLFileInfo[];
  try {
    const paths = await listXsdFiles(schemaDir);
    files = await Promise.all(
      paths.map(async (path) => ({
        // Paths inside xmllint's file system use "/", whatever the host uses.
        fileName: relative(schemaDir, path).split(sep).join("/"),
        contents: await readFile(path, "utf8"),
      })),
    );
  } catch (cause) {
    throw new EhealthError("cda-schema-unavailable", `cannot read the CDA schema in ${schemaDir}`, { cause });
  }
  const root = files.find((f) => f.fileName === CDA_ROOT_SCHEMA);
  if (!root) {
    throw new EhealthError("cda-schema-unavailable", `${CDA_ROOT_SCHEMA} is missing from ${schemaDir}`);
  }
  return { root, others: files.filter((f) => f !== root) };
}

/** libxml2 names elements `{urn:hl7-org:v3}title`; a reader wants `title` and `sdtc:x`. */
function readableMessage(message: string): string {
  return message
    .replace(/^Schemas validity error : /, "")
    .replaceAll(`{${CDA_NAMESPACE}}`, "")
    .replaceAll(`{${SDTC_NAMESPACE}}`, "sdtc:")
    .trim();
}

/**
 * xmllint reads UTF-8 only. The hardened parser has decoded the input; a declaration naming
 * another encoding (UTF-16) is rewritten so the UTF-8 text handed on does not contradict it.
 */
function asUtf8Text(text: string): string {
  return text.replace(/^(<\?xml[^>]*\bencoding\s*=\s*)(["'])[A-Za-z0-9._-]+\2/, "$1$2UTF-8$2");
}

/** Reads the schema files once; the returned validator reuses them for every document. */
export async function createCdaSchemaValidator(
  options: CdaSchemaValidatorOptions = {},
): Promise<CdaSchemaValidator> {
  const schemaDir = options.schemaDir ?? defaultCdaSchemaDir();
  const limits = { ...DEFAULT_CDA_LIMITS, ...options.limits };
  const { root, others } = await loadSchemaFiles(schemaDir);

  return {
    async validate(document) {
      let text: string;
      try {
        text = parseXml(document, { limits }).text;
      } catch (error) {
        if (!(error instanceof MalformedInputError)) throw error;
        return { valid: false, stage: "parse", errors: [{ line: null, message: error.message }] };
      }
      let result: Awaited<ReturnType<typeof validateXML>>;
      try {
        result = await validateXML({
          xml: { fileName: "document.xml", contents: asUtf8Text(text) },
          schema: root,
          preload: others,
          ...(options.maxMemoryPages !== undefined ? { maxMemoryPages: options.maxMemoryPages } : {}),
        });
      } catch (cause) {
        // The validator itself failed (out of memory on a huge document): a refusal, not a crash.
        const detail = cause instanceof Error ? cause.message : String(cause);
        return {
          valid: false,
          stage: "schema",
          errors: [
            { line: null, message: `the schema validator could not process the document (${detail})` },
          ],
        };
      }
      if (result.valid) return { valid: true, stage: "schema", errors: [] };
      const errors: CdaSchemaError[] = result.errors.slice(0, MAX_ERRORS_LISTED).map((e) => ({
        line: e.loc?.lineNumber ?? null,
        message: readableMessage(e.message),
      }));
      if (result.errors.length > MAX_ERRORS_LISTED) {
        errors.push({ line: null, message: `… and ${result.errors.length - MAX_ERRORS_LISTED} more errors` });
      }
      if (errors.length === 0) {
        // xmllint said invalid without a parsable error line: report its output, never a bare false.
        errors.push({ line: null, message: readableMessage(result.rawOutput) || "schema validation failed" });
      }
      return { valid: false, stage: "schema", errors };
    },
  };
}
