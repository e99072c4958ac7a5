/**
 * `tilts augment FILE --level T|LT|LTA --tsa URL --out FILE`: raises the signatures of an
 * existing eDoc (XAdES, EN 319 132-1 §6) or PDF (PAdES, EN 319 142-1 §5.4–5.5) to a higher
 * baseline level without touching what is signed (SIG-2 preservation: a document signed today
 * must still verify decades later). Only unsigned data is added — time-stamps, certificates,
 * OCSP responses/CRLs — and for a PDF only as incremental updates after the last byte.
 * The TSA and the OCSP/CRL/CA-certificate URLs named in the certificates are reached over
 * HTTP here, in the CLI layer.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { augmentEdoc, augmentPdf, MalformedInputError, PdfError, TrustError } from "@tilts/trust";
import { type CliIo, type Command, UsageError } from "../command.ts";
import { BadInput, readInputFile } from "../input-file.ts";
import { MAX_INPUT_BYTES } from "./sign.ts";
import { httpFetchers, httpTsa } from "./sign-http.ts";

const LEVELS = ["T", "LT", "LTA"] as const;
type Level = (typeof LEVELS)[number];

const help = `Usage: tilts augment FILE --level T|LT|LTA --tsa URL --out FILE

Raises every signature of FILE — an eDoc / ASiC-E container or a signed PDF — to a higher
baseline level, adding only unsigned evidence: what was signed (data files, signed
properties, signature values, every earlier byte of a PDF) stays exactly as it was.

Levels:
  T    + a signature time-stamp (eDoc). A PDF signature made at B cannot gain one afterwards
       (it lives inside the signed /Contents): such a PDF is refused (exit 1)
  LT   + the certificates and OCSP responses/CRLs of the signers' and TSAs' chains, fetched
       from the URLs in the certificates (PDF: a DSS in an incremental update)
  LTA  + an archive time-stamp (eDoc) / document time-stamp (PDF) over everything before it.
       On a file that is already LTA, one more is added over the earlier ones (with fresh
       revocation data first): run it before the last time-stamp's TSA certificate expires
       or its algorithms weaken, and the evidence chain stays unbroken

A signature already at the level asked for is left as it is (except LTA, renewed as above).

Options:
  --level L   T | LT | LTA
  --tsa URL   RFC 3161 time-stamping service (HTTP POST)
  --out FILE  where to write the result (FILE itself is never overwritten in place)

Exit codes: 0 augmented and written; 1 augmenting failed (TSA refused or unreachable, no
revocation data, a PDF signature at B, a signature that does not verify); 2 usage error,
unreadable or unsupported input (neither ASiC-E nor PDF).`;

interface Options {
  level?: string;
  tsa?: string;
  out?: string;
}

function parseOptions(args: string[]): { o: Options; file: string } {
  let parsed: { values: Options; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { level: { type: "string" }, tsa: { type: "string" }, out: { type: "string" } },
      strict: true,
      allowPositionals: true,
    }) as { values: Options; positionals: string[] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== 1) throw new UsageError("give exactly one FILE to augment");
  const o = parsed.values;
  if (!o.level || !LEVELS.includes(o.level as Level))
    throw new UsageError(`--level must be one of ${LEVELS.join(", ")}`);
  if (!o.tsa || !/^https?:\/\//i.test(o.tsa)) throw new UsageError("--tsa URL (http or https) is required");
  if (!o.out) throw new UsageError("--out is required");
  return { o, file: parsed.positionals[0]! };
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3;
const isPdf = (b: Uint8Array) => Buffer.from(b.subarray(0, 1024)).includes("%PDF-");

async function run(args: string[], io: CliIo): Promise<number> {
  const { o, file } = parseOptions(args);
  const level = o.level as Level;
  const bytes = readInputFile(file, MAX_INPUT_BYTES);
  const tsa = httpTsa(o.tsa!);
  const fetchers = httpFetchers();
  let output: Uint8Array;
  let profile: string;
  if (isZip(bytes)) {
    output = await augmentEdoc({ container: bytes, level, tsa, fetchers });
    profile = "XAdES";
  } else if (isPdf(bytes)) {
    output = await augmentPdf({ pdf: bytes, level, tsa, fetchers });
    profile = "PAdES";
  } else throw new BadInput(`${file}: neither an eDoc (ASiC-E) nor a PDF`);
  writeFileSync(o.out!, output);
  io.stdout(`augmented (${profile}-BASELINE-${level}) → ${o.out}\n`);
  return 0;
}

export const augmentCommand: Command = {
  path: ["augment"],
  summary:
    "raise the signatures of an eDoc or PDF to level T, LT or LTA (renews LTA) without touching what is signed",
  help,
  run: async (args, io) => {
    try {
      return await run(args, io);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if (
        error instanceof BadInput ||
        error instanceof MalformedInputError ||
        error instanceof PdfError ||
        (error instanceof TrustError && error.code.startsWith("asic-"))
      ) {
        io.stderr(`tilts augment: ${error.message}\n`);
        return 2;
      }
      if (error instanceof TrustError || (error as { code?: string }).code?.startsWith?.("xades-")) {
        io.stderr(`tilts augment: ${(error as Error).message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
