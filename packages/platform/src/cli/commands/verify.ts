/**
 * `tilts verify`: validates the signatures of an eDoc (ASiC-E) or an XML document per ETSI
 * EN 319 102-1 and prints the report (issue "Trust II" CLI contract — keep the flags, the JSON
 * fields and the exit codes stable). Trust comes from --anchor certificates and/or --tl trusted
 * lists; nothing is fetched from the network unless --online is given. `--crypto-only` (implied
 * by `--key` / `--cert`) checks only the cryptography, in `verify-crypto-only.ts`.
 */

import { createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  type DocumentReport,
  type ExternalResolver,
  looksLikePem,
  MalformedInputError,
  parseCertificate,
  readPemBlocks,
  type SignatureReport,
  TrustError,
  type TrustedList,
  verifyDocument,
} from "@tilts/trust";
import { readTrustedListFile, TrustedListFileError } from "../../config/trusted-list-files.ts";
import { type CliIo, type Command, UsageError } from "../command.ts";
import { BadInput, readInputFile } from "../input-file.ts";
import { decodeFile } from "./cert-verify.ts";
import { httpFetchers } from "./sign-http.ts";
import { type CallerKey, type CryptoOnlyReport, verifyCryptoOnly } from "./verify-crypto-only.ts";

/** Largest input read; the ASiC-E reader's own limits (entries, ratios, totals) apply inside. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

const help = `Usage: tilts verify FILE [--anchor CERT]... [--tl FILE]... [--at ISO-8601] [--online] [--json]
       tilts verify FILE --crypto-only [--key KEY | --cert CERT] [--json]

Validates every signature of FILE — an eDoc / ASiC-E container (.edoc, .asice), an XML
document with XAdES or plain XML-DSig signatures (enveloped; detached ones find their files
next to FILE) or a PDF with PAdES signatures — per ETSI EN 319 102-1 (basic, with time,
long-term) and prints a report. A PDF is reported in the same shape: container "PDF", one
file (the PDF), format PAdES-BASELINE-B/T/LT/LTA (or PDF-NOT-ETSI), document time-stamps
among each signature's timestamps (type ARCHIVE), and scope PARTIAL when the PDF was changed
after the signature beyond what is allowed (further signatures, DSS, time-stamps).

Each signature gets an indication TOTAL-PASSED, TOTAL-FAILED or INDETERMINATE with a
sub-indication (FORMAT_FAILURE, HASH_FAILURE, SIG_CRYPTO_FAILURE, REVOKED, EXPIRED,
NOT_YET_VALID, NO_SIGNING_CERTIFICATE_FOUND, NO_CERTIFICATE_CHAIN_FOUND, REVOKED_NO_POE,
REVOKED_CA_NO_POE, OUT_OF_BOUNDS_NO_POE, TRY_LATER, SIGNED_DATA_NOT_FOUND, …), its level
(XAdES-BASELINE-B/T/LT/LTA, XML-NOT-ETSI, PAdES-BASELINE-B/T/LT/LTA), signer, times, covered files and time-stamps.
Certificates and revocation data embedded in the signature are used first.

Options:
  --anchor CERT   a trusted root or CA certificate, PEM or DER (repeatable)
  --tl FILE       a trusted list (ETSI TS 119 612 XML) to take trust anchors (CA/QC and TSA
                  services) and the qualification (QESig, AdESig, …) from (repeatable). The
                  list is trusted as given, like --anchor; its signature must verify with the
                  certificate in its KeyInfo or with an --anchor certificate
  --at ISO-8601   validation time (default: now)
  --online        fetch missing OCSP responses and CRLs over HTTP (default: offline)
  --json          print one JSON object: {"container", "files": [{"name","size","mediaType"}],
                  "valid", "signatures": [{"id", "format", "signedBy", "signerId",
                  "claimedSigningTime", "bestSignatureTime", "indication", "subIndication",
                  "qualification", "signatureValueValid", "referencesIntact", "scope",
                  "coveredFiles", "timestamps": [{"type","time","valid"}], "warnings",
                  "errors"}], "errors"}

Cryptographic check only (no trust anchor or revocation data at hand, or a key that is not
in the document, as xmlsec1 --pubkey-pem):
  --crypto-only   check each signature's references and SignatureValue (XML-DSig core) and
                  nothing else: no certificate path, revocation or time-stamp. The report
                  keeps the fields above and adds "mode": "crypto-only", "trust":
                  "not-evaluated" and "intact"; "valid" is always false. Per signature:
                  "keySource" (key, certificate or key-info) and "trust": "not-evaluated";
                  an intact signature is INDETERMINATE with the warning trust-not-evaluated, a
                  broken one TOTAL-FAILED (HASH_FAILURE, SIG_CRYPTO_FAILURE, FORMAT_FAILURE)
  --key KEY       verify with this public key (PEM "PUBLIC KEY" / DER SubjectPublicKeyInfo)
                  instead of the document's KeyInfo; implies --crypto-only
  --cert CERT     verify with this signer certificate's key (PEM or DER); implies
                  --crypto-only (its path is not validated)
  --anchor, --tl, --at and --online do not apply with --crypto-only (usage error).

Exit codes: 0 the file holds at least one signature and every signature is TOTAL-PASSED;
1 otherwise; 2 unreadable or unsupported input (not ASiC-E, XML or PDF, a legacy eDoc 1.x,
a zip bomb, malformed XML, a hostile or encrypted PDF) or a usage error. With --crypto-only (or --key / --cert):
0 every signature's references and SignatureValue are intact (trust NOT evaluated);
1 otherwise; 2 as above.`;

function readInput(file: string): Uint8Array {
  return readInputFile(file, MAX_FILE_BYTES);
}

interface Options {
  anchor?: string[];
  tl?: string[];
  at?: string;
  online?: boolean;
  json?: boolean;
  key?: string;
  cert?: string;
  "crypto-only"?: boolean;
}

function parseOptions(args: string[]): { o: Options; file: string } {
  let parsed: { values: Options; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: {
        anchor: { type: "string", multiple: true },
        tl: { type: "string", multiple: true },
        at: { type: "string" },
        online: { type: "boolean" },
        json: { type: "boolean" },
        key: { type: "string" },
        cert: { type: "string" },
        "crypto-only": { type: "boolean" },
      },
      strict: true,
      allowPositionals: true,
    }) as { values: Options; positionals: string[] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== 1) throw new UsageError("give exactly one FILE to verify");
  const o = parsed.values;
  if (o.key !== undefined && o.cert !== undefined) throw new UsageError("give --key or --cert, not both");
  if (o.key !== undefined || o.cert !== undefined) o["crypto-only"] = true;
  if (o["crypto-only"]) {
    const trustOptions = ["anchor", "tl", "at", "online"] as const;
    const given = trustOptions.filter((k) => o[k] !== undefined);
    if (given.length > 0)
      throw new UsageError(`--crypto-only evaluates no trust: --${given.join(", --")} does not apply`);
  }
  return { o, file: parsed.positionals[0]! };
}

/** `--key`: a SubjectPublicKeyInfo, PEM ("PUBLIC KEY", text around it ignored) or DER. */
function callerKeyOf(file: string): CallerKey {
  const bytes = readInput(file);
  let key: KeyObject;
  try {
    const blocks = looksLikePem(bytes) ? readPemBlocks(bytes, ["PUBLIC KEY"]) : [{ der: bytes }];
    if (blocks.length !== 1) throw new Error(`expected one PUBLIC KEY PEM block, found ${blocks.length}`);
    key = createPublicKey({ key: Buffer.from(blocks[0]!.der), format: "der", type: "spki" });
  } catch (error) {
    throw new BadInput(`${file}: not a public key (SubjectPublicKeyInfo): ${(error as Error).message}`);
  }
  return { source: "key", key };
}

/** `--cert`: the signer's certificate, PEM or DER; its key verifies. */
function callerCertificateOf(file: string): CallerKey {
  const [der] = anchorsOf([file]);
  let key: KeyObject;
  try {
    key = new X509Certificate(der!).publicKey;
  } catch (error) {
    throw new BadInput(`${file}: ${(error as Error).message}`);
  }
  return { source: "certificate", key, certificate: der! };
}

function anchorsOf(files: string[]): Uint8Array[] {
  return files.flatMap((f) => {
    let ders: Uint8Array[];
    try {
      ders = decodeFile(readInput(f), ["CERTIFICATE", "TRUSTED CERTIFICATE"], f);
      for (const der of ders) parseCertificate(der);
    } catch (error) {
      throw new BadInput(`${f}: ${(error as Error).message}`);
    }
    return ders;
  });
}

async function trustedListsOf(files: string[], anchors: Uint8Array[]): Promise<TrustedList[]> {
  const lists: TrustedList[] = [];
  for (const f of files) {
    try {
      lists.push(await readTrustedListFile(f, anchors));
    } catch (error) {
      if (error instanceof TrustedListFileError) throw new BadInput(error.message);
      throw error;
    }
  }
  return lists;
}

function humanReport(file: string, r: DocumentReport): string {
  const lines = [
    `${file}: ${r.container ?? "?"}, ${r.files.length} file(s), ${r.signatures.length} signature(s)`,
  ];
  const sig = (s: SignatureReport) => {
    lines.push(
      `  ${s.id || "(no Id)"}: ${s.indication}${s.subIndication ? `/${s.subIndication}` : ""}  ${s.format}` +
        `${s.qualification ? `  ${s.qualification}` : ""}`,
    );
    lines.push(`    signed by ${s.signedBy ?? "?"}${s.signerId ? ` (${s.signerId})` : ""}`);
    lines.push(
      `    claimed time ${s.claimedSigningTime ?? "-"}, best signature time ${s.bestSignatureTime ?? "-"}`,
    );
    lines.push(`    scope ${s.scope}: ${s.coveredFiles.join(", ") || "-"}`);
    for (const t of s.timestamps)
      lines.push(`    ${t.type} time-stamp ${t.time} ${t.valid ? "valid" : "NOT valid"}`);
    for (const e of s.errors) lines.push(`    error ${e.code}: ${e.message}`);
    for (const w of s.warnings) lines.push(`    warning ${w.code}: ${w.message}`);
  };
  r.signatures.forEach(sig);
  for (const e of r.errors) lines.push(`  error ${e.code}: ${e.message}`);
  lines.push(r.valid ? "VALID" : "NOT VALID");
  return `${lines.join("\n")}\n`;
}

/** The JSON report, fields exactly as the CLI contract lists them. */
function contractJson(r: DocumentReport): string {
  return JSON.stringify({
    container: r.container,
    files: r.files.map((f) => ({ name: f.name, size: f.size, mediaType: f.mediaType })),
    valid: r.valid,
    signatures: r.signatures.map((s) => ({
      id: s.id,
      format: s.format,
      signedBy: s.signedBy,
      signerId: s.signerId,
      claimedSigningTime: s.claimedSigningTime,
      bestSignatureTime: s.bestSignatureTime,
      indication: s.indication,
      subIndication: s.subIndication,
      qualification: s.qualification,
      signatureValueValid: s.signatureValueValid,
      referencesIntact: s.referencesIntact,
      scope: s.scope,
      coveredFiles: s.coveredFiles,
      timestamps: s.timestamps.map((t) => ({ type: t.type, time: t.time, valid: t.valid })),
      warnings: s.warnings.map((w) => ({ code: w.code, message: w.message })),
      errors: s.errors.map((e) => ({ code: e.code, message: e.message })),
    })),
    errors: r.errors.map((e) => ({ code: e.code, message: e.message })),
  });
}

/** Detached XML signatures: plain file names next to FILE only (no paths, no ".."). */
function filesNextTo(folder: string): ExternalResolver {
  return async (uri) => {
    if (uri === null) return "unavailable";
    let name: string;
    try {
      name = decodeURIComponent(uri);
    } catch {
      return "unavailable";
    }
    if (!name || name.includes("/") || name.includes("\\") || name === "." || name === "..")
      return "unavailable";
    try {
      return readInput(join(folder, name));
    } catch {
      return "unavailable";
    }
  };
}

function humanCryptoReport(file: string, r: CryptoOnlyReport): string {
  const lines = [
    `${file}: ${r.container}, ${r.files.length} file(s), ${r.signatures.length} signature(s) — crypto-only, trust not evaluated`,
  ];
  for (const s of r.signatures) {
    lines.push(
      `  ${s.id || "(no Id)"}: signature value ${s.signatureValueValid ? "intact" : "NOT intact"}, references ${s.referencesIntact ? "intact" : "NOT intact"}  ${s.format}`,
    );
    lines.push(`    key from ${s.keySource ?? "-"}${s.signedBy ? `, certificate of ${s.signedBy}` : ""}`);
    lines.push(`    scope ${s.scope}: ${s.coveredFiles.join(", ") || "-"}`);
    for (const e of s.errors) lines.push(`    error ${e.code}: ${e.message}`);
  }
  for (const e of r.errors) lines.push(`  error ${e.code}: ${e.message}`);
  lines.push(r.intact ? "INTACT (trust not evaluated)" : "NOT INTACT");
  return `${lines.join("\n")}\n`;
}

async function runCryptoOnly(o: Options, file: string, io: CliIo): Promise<number> {
  const caller =
    o.key !== undefined ? callerKeyOf(o.key) : o.cert !== undefined ? callerCertificateOf(o.cert) : undefined;
  const report = await verifyCryptoOnly(readInput(file), {
    ...(caller ? { caller } : {}),
    fileName: file.split(/[\\/]/).pop() ?? file,
    xmlResolver: filesNextTo(dirname(file)),
  });
  io.stdout(o.json ? `${JSON.stringify(report)}\n` : humanCryptoReport(file, report));
  return report.intact ? 0 : 1;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { o, file } = parseOptions(args);
  if (o["crypto-only"]) return runCryptoOnly(o, file, io);
  let at: Date | undefined;
  if (o.at !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(o.at) || Number.isNaN(Date.parse(o.at)))
      throw new UsageError(`--at: not an ISO-8601 time: ${o.at}`);
    at = new Date(o.at);
  }
  const anchors = anchorsOf(o.anchor ?? []);
  const trustedLists = await trustedListsOf(o.tl ?? [], anchors);
  const bytes = readInput(file);
  const folder = dirname(file);
  const report = await verifyDocument(bytes, {
    anchors,
    trustedLists,
    ...(at ? { validationTime: at } : {}),
    ...(o.online ? { fetchers: httpFetchers() } : {}),
    fileName: file.split(/[\\/]/).pop() ?? file,
    resolver: filesNextTo(folder),
  });
  io.stdout(o.json ? `${contractJson(report)}\n` : humanReport(file, report));
  return report.valid ? 0 : 1;
}

export const verifyCommand: Command = {
  path: ["verify"],
  summary: "validate the signatures of an eDoc (ASiC-E), XML document or PDF (EN 319 102-1 report)",
  help,
  run: async (args, io) => {
    try {
      return await run(args, io);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if (error instanceof BadInput || error instanceof MalformedInputError || error instanceof TrustError) {
        const code = error instanceof TrustError ? error.code : "bad-input";
        if (args.includes("--json"))
          io.stdout(
            `${JSON.stringify({ container: null, files: [], valid: false, signatures: [], errors: [{ code, message: error.message }] })}\n`,
          );
        io.stderr(`tilts verify: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  },
};
