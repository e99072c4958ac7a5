/**
 * `tilts sign`: makes an eDoc (ASiC-E + XAdES), an enveloped XAdES document or a detached
 * XAdES signature, at level B, T, LT or LTA (issue "Trust II" CLI contract — outside tools call
 * it exactly so; keep the flags and exit codes stable). The key comes from a PKCS#12 file whose
 * password is read from the environment variable named by --password-env, never from argv.
 * The TSA (--tsa) and the OCSP/CRL/CA-certificate sources named in the certificates (for LT)
 * are reached with real HTTP here, in the CLI layer only; the library gets them as functions.
 */
import { writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  augmentXades,
  MalformedInputError,
  PdfError,
  parseCertificate,
  readAsicE,
  readPkcs12,
  signEdoc,
  signPdf,
  signPdfFile,
  signXades,
  signXadesEnveloped,
  TrustError,
  type XadesLevel,
} from "@tilts/trust";
import { type CliIo, type Command, UsageError } from "../command.ts";
import { BadInput, checkInputFile, readInputFile } from "../input-file.ts";
import { httpFetchers, httpTsa } from "./sign-http.ts";
import { signingCertificateRevocation } from "./sign-revocation.ts";

const FORMATS = ["edoc", "xades-enveloped", "xades-detached", "pdf"] as const;
const LEVELS: XadesLevel[] = ["B", "T", "LT", "LTA"];
/** Largest data file signed (eDoc readers refuse bigger entries by default). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

const help = `Usage: tilts sign --in FILE [--in FILE]... --out FILE
         --format edoc|xades-enveloped|xades-detached|pdf --key FILE.p12 --password-env VAR
         [--level B|T|LT|LTA] [--tsa URL] [--add-to EXISTING.edoc]

Signs files with an XAdES baseline signature (ETSI EN 319 132-1): Canonical XML 1.1,
SHA-256 (SHA-384 for P-384 keys), ECDSA or RSA by key type, SigningCertificateV2,
SigningTime and a DataObjectFormat per file — or a PDF with a PAdES baseline signature
(ETSI EN 319 142-1, /SubFilter ETSI.CAdES.detached) in an incremental update.

Formats:
  edoc             an ASiC-E container (Latvian .edoc): the --in files plus
                   META-INF/signatures0.xml; with --add-to, one more signature file is added
                   to EXISTING.edoc and earlier signatures stay valid
  xades-enveloped  one --in XML document with the signature inside it
  xades-detached   a signature document whose references name the --in files by file name
                   (keep them next to it for verification)
  pdf              one --in PDF; the signature is appended as an incremental update, so every
                   earlier byte — and every earlier signature — stays as it was (to add a
                   signature to a signed PDF, sign it again). B-LT adds a DSS (certificates,
                   OCSP/CRL) and B-LTA a document time-stamp, each in its own update; B and T
                   read the PDF from disk piece by piece (up to 256 MB, in little memory)

Levels:
  B    basic signature (default)
  T    + signature time-stamp from --tsa (RFC 3161)
  LT   + the certificates and OCSP responses/CRLs of the signer's and the TSA's chains,
       fetched from the URLs in the certificates (AIA OCSP, CRL distribution points)
  LTA  + an archive time-stamp from --tsa

Options:
  --in FILE            a file to sign (repeatable; with --add-to, optional: if given, it must
                       equal a data file of the container)
  --out FILE           where to write the result
  --format F           edoc | xades-enveloped | xades-detached | pdf
  --key FILE.p12       PKCS#12 file with the signer's private key, certificate and chain
  --password-env VAR   name of the environment variable holding the PKCS#12 password
  --level L            B | T | LT | LTA (default B)
  --tsa URL            RFC 3161 time-stamping service (HTTP POST); required for T, LT, LTA
  --add-to FILE        add the signature to this existing eDoc (format edoc only)

Before signing, the signing certificate's validity period is checked, and its revocation
status is asked from its OCSP responder (or CRL) named in the certificate; an unreachable
service does not stop signing, a "revoked" answer does.

Exit codes: 0 signed and written; 1 signing failed (the certificate expired, not yet valid or
revoked — checked before signing, nothing is written —, TSA refused or unreachable, no
revocation data, a service answered garbage); 2 usage error, unreadable input (also a PDF
that cannot be read or is encrypted), wrong PKCS#12 password.`;

/** A certificate that was refused before anything was signed (exit 1). */
class SigningRefused extends Error {}

/**
 * A signature made with an expired (or not yet valid) certificate is worthless to its reader:
 * refuse it before signing, with the day, rather than write a file that will never verify.
 */
function refuseOutsideValidity(certificate: Uint8Array, now: Date): void {
  const { notBefore, notAfter } = parseCertificate(certificate);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (now > notAfter)
    throw new SigningRefused(`the signing certificate expired on ${day(notAfter)}: nothing was signed`);
  if (now < notBefore)
    throw new SigningRefused(
      `the signing certificate is valid only from ${day(notBefore)}: nothing was signed`,
    );
}

function readInput(file: string): Uint8Array {
  return readInputFile(file, MAX_INPUT_BYTES);
}

interface Options {
  in?: string[];
  out?: string;
  format?: string;
  key?: string;
  "password-env"?: string;
  level?: string;
  tsa?: string;
  "add-to"?: string;
}

function parseOptions(args: string[]): Options {
  try {
    return parseArgs({
      args,
      options: {
        in: { type: "string", multiple: true },
        out: { type: "string" },
        format: { type: "string" },
        key: { type: "string" },
        "password-env": { type: "string" },
        level: { type: "string" },
        tsa: { type: "string" },
        "add-to": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }).values as Options;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

async function run(args: string[], io: CliIo): Promise<number> {
  const o = parseOptions(args);
  const format = o.format as (typeof FORMATS)[number] | undefined;
  if (!format || !FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  if (!o.out) throw new UsageError("--out is required");
  if (!o.key) throw new UsageError("--key is required");
  if (!o["password-env"])
    throw new UsageError("--password-env is required (the password never goes in argv)");
  const level = (o.level ?? "B") as XadesLevel;
  if (!LEVELS.includes(level)) throw new UsageError(`--level must be one of ${LEVELS.join(", ")}`);
  if (level !== "B" && !o.tsa) throw new UsageError(`--level ${level} needs --tsa URL`);
  if (o.tsa && !/^https?:\/\//i.test(o.tsa)) throw new UsageError("--tsa must be an http(s) URL");
  if (o["add-to"] && format !== "edoc") throw new UsageError("--add-to works with --format edoc only");
  const inputs = o.in ?? [];
  if (inputs.length === 0 && !o["add-to"]) throw new UsageError("at least one --in FILE is required");
  if (format === "xades-enveloped" && inputs.length !== 1)
    throw new UsageError("--format xades-enveloped signs exactly one --in XML file");
  if (format === "pdf" && inputs.length !== 1)
    throw new UsageError("--format pdf signs exactly one --in PDF file");
  const password = io.env[o["password-env"]];
  if (password === undefined)
    throw new UsageError(`the environment variable ${o["password-env"]} is not set`);

  const store = await readPkcs12(readInput(o.key), password);
  refuseOutsideValidity(store.certificate, new Date());
  const revocation = await signingCertificateRevocation(store.certificate, store.chain, new Date());
  if (revocation.revoked) throw new SigningRefused(`${revocation.message}: nothing was signed`);
  const signer = { key: store.privateKey, certificate: store.certificate, chain: store.chain };
  const tsa = o.tsa ? httpTsa(o.tsa) : undefined;
  const fetchers = level === "LT" || level === "LTA" ? httpFetchers() : undefined;
  const network = { ...(tsa ? { tsa } : {}), ...(fetchers ? { fetchers } : {}), certificates: store.chain };

  const profile = format === "pdf" ? "PAdES" : "XAdES";
  if (format === "pdf" && (level === "B" || level === "T") && resolve(inputs[0]!) !== resolve(o.out)) {
    // SIG-2 for large PDFs: B-B/B-T stream the file (memory bounded by the objects read).
    checkInputFile(inputs[0]!, MAX_INPUT_BYTES);
    await signPdfFile({ input: inputs[0]!, output: o.out, signer, level, ...(tsa ? { tsa } : {}) });
    io.stdout(`signed (${format}, ${profile}-BASELINE-${level}) → ${o.out}\n`);
    return 0;
  }
  let output: Uint8Array;
  if (format === "pdf") {
    output = await signPdf({ pdf: readInput(inputs[0]!), signer, level, ...network });
  } else if (format === "edoc") {
    if (o["add-to"]) {
      const existing = readInput(o["add-to"]);
      const container = readAsicE(existing);
      for (const file of inputs) {
        const name = basename(file);
        const entry = container.dataFiles.find((f) => f.name === name);
        if (!entry || !Buffer.from(entry.content).equals(Buffer.from(readInput(file))))
          throw new BadInput(
            `${file} is not a data file of ${o["add-to"]} (the signature covers the container's files)`,
          );
      }
      output = await signEdoc({ existingContainer: existing, signer, level, ...network });
    } else {
      const names = new Set<string>();
      const dataFiles = inputs.map((file) => {
        const name = basename(file);
        if (names.has(name)) throw new UsageError(`two --in files are named ${name}`);
        names.add(name);
        return { name, content: readInput(file), mediaType: mediaTypeOf(name) };
      });
      output = await signEdoc({ dataFiles, signer, level, ...network });
    }
  } else if (format === "xades-enveloped") {
    const xml = await signXadesEnveloped({ document: readInput(inputs[0]!), signer, level, ...network });
    output = new TextEncoder().encode(XML_DECLARATION + xml);
  } else {
    const files = inputs.map((file) => ({ name: basename(file), content: readInput(file) }));
    const signed = await signXades({
      shape: "detached",
      signer,
      dataObjects: files.map((f) => ({
        uri: encodeURIComponent(f.name),
        content: f.content,
        mimeType: mediaTypeOf(f.name),
      })),
    });
    const xml =
      level === "B"
        ? signed.xml
        : await augmentXades({
            xml: signed.xml,
            level,
            ...network,
            resolver: async (uri) => {
              const f = files.find((x) => uri !== null && encodeURIComponent(x.name) === uri);
              return f ? f.content : "unavailable";
            },
          });
    output = new TextEncoder().encode(XML_DECLARATION + xml);
  }
  writeFileSync(o.out, output);
  io.stdout(`signed (${format}, ${profile}-BASELINE-${level}) → ${o.out}\n`);
  return 0;
}

const MEDIA_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  txt: "text/plain",
  xml: "application/xml",
  json: "application/json",
  html: "text/html",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  odt: "application/vnd.oasis.opendocument.text",
};

export function mediaTypeOf(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (ext && MEDIA_TYPES[ext]) || "application/octet-stream";
}

export const signCommand: Command = {
  path: ["sign"],
  summary: "sign files as an eDoc (ASiC-E), XAdES document or PAdES PDF at level B, T, LT or LTA",
  help,
  run: async (args, io) => {
    try {
      return await run(args, io);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if (error instanceof BadInput || error instanceof MalformedInputError) {
        io.stderr(`tilts sign: ${error.message}\n`);
        return 2;
      }
      if (error instanceof PdfError || (error instanceof TrustError && error.code.startsWith("pkcs12-"))) {
        io.stderr(`tilts sign: ${error.message}\n`);
        return 2;
      }
      if (
        error instanceof SigningRefused ||
        error instanceof TrustError ||
        (error as { code?: string }).code?.startsWith?.("xades-")
      ) {
        io.stderr(`tilts sign: ${(error as Error).message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
