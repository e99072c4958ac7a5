/**
 * `tilts verify`: validates the signatures of an eDoc (ASiC-E) or an XML document per ETSI
 * EN 319 102-1 and prints the report (issue "Trust II" CLI contract — keep the flags, the JSON
 * fields and the exit codes stable). Trust comes from --anchor certificates and/or --tl trusted
 * lists; nothing is fetched from the network unless --online is given.
 */

import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  type DocumentReport,
  DSIG_NAMESPACE,
  MalformedInputError,
  parseCertificate,
  parseTrustedList,
  parseXml,
  type SignatureReport,
  TrustError,
  type TrustedList,
  verifyDocument,
  verifyTrustedListSignature,
} from "@tilts/trust";
import { type CliIo, type Command, UsageError } from "../command.ts";
import { BadInput, readInputFile } from "../input-file.ts";
import { decodeFile } from "./cert-verify.ts";
import { httpFetchers } from "./sign.ts";

/** Largest input read; the ASiC-E reader's own limits (entries, ratios, totals) apply inside. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

const help = `Usage: tilts verify FILE [--anchor CERT]... [--tl FILE]... [--at ISO-8601] [--online] [--json]

Validates every signature of FILE — an eDoc / ASiC-E container (.edoc, .asice) or an XML
document with XAdES or plain XML-DSig signatures (enveloped; detached ones find their files
next to FILE) — per ETSI EN 319 102-1 (basic, with time, long-term) and prints a report.

Each signature gets an indication TOTAL-PASSED, TOTAL-FAILED or INDETERMINATE with a
sub-indication (FORMAT_FAILURE, HASH_FAILURE, SIG_CRYPTO_FAILURE, REVOKED, EXPIRED,
NOT_YET_VALID, NO_SIGNING_CERTIFICATE_FOUND, NO_CERTIFICATE_CHAIN_FOUND, REVOKED_NO_POE,
REVOKED_CA_NO_POE, OUT_OF_BOUNDS_NO_POE, TRY_LATER, SIGNED_DATA_NOT_FOUND, …), its level
(XAdES-BASELINE-B/T/LT/LTA or XML-NOT-ETSI), signer, times, covered files and time-stamps.
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

Exit codes: 0 the file holds at least one signature and every signature is TOTAL-PASSED;
1 otherwise; 2 unreadable or unsupported input (not ASiC-E or XML, a legacy eDoc 1.x,
a zip bomb, malformed XML) or a usage error.`;

function readInput(file: string): Uint8Array {
  return readInputFile(file, MAX_FILE_BYTES);
}

interface Options {
  anchor?: string[];
  tl?: string[];
  at?: string;
  online?: boolean;
  json?: boolean;
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
      },
      strict: true,
      allowPositionals: true,
    }) as { values: Options; positionals: string[] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== 1) throw new UsageError("give exactly one FILE to verify");
  return { o: parsed.values, file: parsed.positionals[0]! };
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
    const bytes = readInput(f);
    let list: TrustedList;
    let own: Uint8Array[];
    try {
      list = parseTrustedList(bytes);
      const doc = parseXml(bytes).document;
      own = Array.from(doc.getElementsByTagNameNS(DSIG_NAMESPACE, "X509Certificate")).map(
        (e) => new Uint8Array(Buffer.from((e.textContent ?? "").replace(/\s+/g, ""), "base64")),
      );
    } catch (error) {
      throw new BadInput(`${f}: ${(error as Error).message}`);
    }
    const check = await verifyTrustedListSignature(bytes, [...own, ...anchors]);
    if (!check.valid)
      throw new BadInput(
        `${f}: the trusted list's signature does not verify (${check.errors.map((e) => e.code).join(", ")})`,
      );
    lists.push(list);
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

async function run(args: string[], io: CliIo): Promise<number> {
  const { o, file } = parseOptions(args);
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
    // Detached XML signatures: plain file names next to FILE only (no paths, no "..").
    resolver: async (uri) => {
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
    },
  });
  io.stdout(o.json ? `${contractJson(report)}\n` : humanReport(file, report));
  return report.valid ? 0 : 1;
}

export const verifyCommand: Command = {
  path: ["verify"],
  summary: "validate the signatures of an eDoc (ASiC-E) or XML document (EN 319 102-1 report)",
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
