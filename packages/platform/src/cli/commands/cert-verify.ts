/**
 * `tilts cert verify`: RFC 5280 path validation of one certificate (issue 3's CLI contract —
 * outside tools call it exactly so; keep the flags, JSON fields and exit codes stable).
 */

import { parseArgs } from "node:util";
import {
  looksLikePem,
  MalformedInputError,
  type PathValidationInput,
  type PathValidationResult,
  type Purpose,
  parseCertificate,
  parseCrl,
  readPemBlocks,
  validateCertificatePath,
} from "@tilts/trust";
import { type CliIo, type Command, UsageError } from "../command.ts";
import { BadInput, readInputFile } from "../input-file.ts";

const PURPOSES: Purpose[] = [
  "any",
  "clientAuth",
  "serverAuth",
  "emailProtection",
  "codeSigning",
  "timeStamping",
  "ocspSigning",
];
const MODES = ["require", "if-available", "off"] as const;
const ANY_POLICY = "2.5.29.32.0";
/** Largest input file read (a CRL of several million entries fits). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

const help = `Usage: tilts cert verify --cert FILE [--untrusted FILE]... --anchor FILE [--anchor FILE]...
         [--crl FILE]... [--ocsp FILE]... [--at ISO-8601]
         [--purpose any|clientAuth|serverAuth|emailProtection|codeSigning|timeStamping|ocspSigning]
         [--revocation require|if-available|off] [--policy OID]... [--explicit-policy]
         [--inhibit-policy-mapping] [--inhibit-any-policy] [--json]

Validates a certificate per RFC 5280 §6: builds a path from --cert through the --untrusted
certificates to one of the --anchor certificates, and checks signatures, validity, names,
basic constraints, key usage, extended key usage, name constraints, certificate policies and
revocation (OCSP responses given with --ocsp, CRLs given with --crl).

Files are PEM or DER; a PEM file may hold several certificates (for --cert, the first is the
certificate to verify and the others join the untrusted pool).

Options:
  --cert FILE               the certificate to verify (required)
  --untrusted FILE          intermediate certificates for path building (repeatable)
  --anchor FILE             trust-anchor certificates (required, repeatable)
  --crl FILE                CRLs, complete or delta (repeatable)
  --ocsp FILE               DER OCSP responses (repeatable)
  --at ISO-8601             validation time (default: now)
  --purpose P               required extended key usage (default: any)
  --revocation MODE         require: missing revocation information fails;
                            if-available: check what is available (default);
                            off: no revocation checking
  --policy OID              acceptable certificate policy; "any" = anyPolicy (repeatable;
                            default: anyPolicy)
  --explicit-policy         initial-explicit-policy: the path must carry an acceptable policy
  --inhibit-policy-mapping  initial-policy-mapping-inhibit
  --inhibit-any-policy      initial-any-policy-inhibit
  --json                    print one JSON object: {"valid": bool, "path": [{"subject",
                            "issuer", "serial"}…] (leaf first, anchor last; [] when no path),
                            "failure": null | {"code", "certificateIndex", "message"}}

Failure codes: signature-invalid, expired, not-yet-valid, name-chaining, basic-constraints,
path-length, key-usage, extended-key-usage, name-constraints, policy,
unknown-critical-extension, weak-algorithm, revoked, revocation-unavailable,
revocation-stale, no-path, malformed.

Exit codes: 0 the certificate is valid; 1 it is not valid; 2 bad input (unreadable or
malformed files) or usage.`;

function readInput(file: string): Uint8Array {
  return readInputFile(file, MAX_FILE_BYTES);
}

/** DER as is, or every PEM block of the accepted labels (RFC 7468: text around blocks ignored). */
export function decodeFile(bytes: Uint8Array, labels: string[], file: string): Uint8Array[] {
  if (!looksLikePem(bytes)) return [bytes];
  let blocks: Uint8Array[];
  try {
    blocks = readPemBlocks(bytes, labels).map((b) => b.der);
  } catch (error) {
    throw new BadInput(`${file}: ${(error as Error).message}`);
  }
  if (blocks.length === 0) throw new BadInput(`${file}: no ${labels[0]} PEM block`);
  return blocks;
}

function certificates(files: string[]): Uint8Array[] {
  return files.flatMap((f) => {
    const bytes = readInput(f);
    notJunk(bytes, f, "certificate");
    const ders = decodeFile(bytes, ["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"], f);
    for (const der of ders) check(() => parseCertificate(der), f);
    return ders;
  });
}

/**
 * A file that is neither PEM nor DER (DER certificates and CRLs open with a SEQUENCE, 0x30) is
 * named as such — "not a certificate (PEM or DER)" says more to a person than a DER length error.
 */
function notJunk(bytes: Uint8Array, file: string, what: "certificate" | "CRL"): void {
  if (!looksLikePem(bytes) && bytes[0] !== 0x30) throw new BadInput(`${file}: not a ${what} (PEM or DER)`);
}

function check(parse: () => unknown, file: string): void {
  try {
    parse();
  } catch (error) {
    if (error instanceof MalformedInputError) throw new BadInput(`${file}: ${error.message}`);
    throw error;
  }
}

interface Options {
  cert?: string;
  untrusted?: string[];
  anchor?: string[];
  crl?: string[];
  ocsp?: string[];
  at?: string;
  purpose?: string;
  revocation?: string;
  policy?: string[];
  "explicit-policy"?: boolean;
  "inhibit-policy-mapping"?: boolean;
  "inhibit-any-policy"?: boolean;
  json?: boolean;
}

function parseOptions(args: string[]): Options {
  try {
    return parseArgs({
      args,
      options: {
        cert: { type: "string" },
        untrusted: { type: "string", multiple: true },
        anchor: { type: "string", multiple: true },
        crl: { type: "string", multiple: true },
        ocsp: { type: "string", multiple: true },
        at: { type: "string" },
        purpose: { type: "string" },
        revocation: { type: "string" },
        policy: { type: "string", multiple: true },
        "explicit-policy": { type: "boolean" },
        "inhibit-policy-mapping": { type: "boolean" },
        "inhibit-any-policy": { type: "boolean" },
        json: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }).values as Options;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Turns flags into the library input; usage errors throw UsageError, unreadable files BadInput. */
function buildInput(o: Options): PathValidationInput {
  if (!o.cert) throw new UsageError("--cert is required");
  if (!o.anchor?.length) throw new UsageError("at least one --anchor is required");
  let at: Date | undefined;
  if (o.at !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(o.at) || Number.isNaN(Date.parse(o.at))) {
      throw new UsageError(`--at: not an ISO-8601 time: ${o.at}`);
    }
    at = new Date(o.at);
  }
  const purpose = (o.purpose ?? "any") as Purpose;
  if (!PURPOSES.includes(purpose)) throw new UsageError(`--purpose must be one of ${PURPOSES.join(", ")}`);
  const revocation = (o.revocation ?? "if-available") as (typeof MODES)[number];
  if (!MODES.includes(revocation)) throw new UsageError(`--revocation must be one of ${MODES.join(", ")}`);
  const policies = (o.policy ?? []).map((p) => {
    if (p === "any") return ANY_POLICY;
    if (!/^[0-2](\.\d+)+$/.test(p)) throw new UsageError(`--policy: not an OID: ${p}`);
    return p;
  });
  const [leaf, ...extra] = certificates([o.cert]);
  const crls = (o.crl ?? []).flatMap((f) => {
    const bytes = readInput(f);
    notJunk(bytes, f, "CRL");
    const ders = decodeFile(bytes, ["X509 CRL"], f);
    for (const der of ders) check(() => parseCrl(der), f);
    return ders;
  });
  const ocsp = (o.ocsp ?? []).flatMap((f) => decodeFile(readInput(f), ["OCSP RESPONSE"], f));
  return {
    leaf: leaf!,
    untrusted: [...extra, ...certificates(o.untrusted ?? [])],
    anchors: certificates(o.anchor),
    crls,
    ocspResponses: ocsp,
    at,
    purpose,
    revocation,
    initialPolicySet: policies.length > 0 ? policies : undefined,
    initialExplicitPolicy: o["explicit-policy"] ?? false,
    initialPolicyMappingInhibit: o["inhibit-policy-mapping"] ?? false,
    initialAnyPolicyInhibit: o["inhibit-any-policy"] ?? false,
  };
}

function toJson(result: PathValidationResult): string {
  return JSON.stringify({
    valid: result.valid,
    path: result.path.map((c) => ({ subject: c.subject, issuer: c.issuer, serial: c.serial })),
    failure: result.failure ?? null,
  });
}

function toText(result: PathValidationResult): string {
  const lines = [result.valid ? "VALID" : `NOT VALID: ${result.failure?.code}`];
  if (result.failure)
    lines.push(`  at certificate ${result.failure.certificateIndex}: ${result.failure.message}`);
  if (result.path.length > 0) {
    lines.push("Path (leaf first, trust anchor last):");
    result.path.forEach((c, i) => {
      lines.push(`  [${i}] ${c.subject}`, `      issuer ${c.issuer}, serial ${c.serial}`);
    });
  }
  return `${lines.join("\n")}\n`;
}

function report(io: CliIo, json: boolean, result: PathValidationResult): number {
  io.stdout(json ? `${toJson(result)}\n` : toText(result));
  if (result.valid) return 0;
  return result.failure?.code === "malformed" ? 2 : 1;
}

export const certVerifyCommand: Command = {
  path: ["cert", "verify"],
  summary: "validate a certificate path (RFC 5280) with CRL/OCSP revocation checking",
  help,
  async run(args, io) {
    const options = parseOptions(args);
    const json = options.json ?? false;
    let input: PathValidationInput;
    try {
      input = buildInput(options);
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      io.stderr(`tilts cert verify: ${error.message}\n`);
      const failure = { code: "malformed" as const, certificateIndex: 0, message: error.message };
      if (json) io.stdout(`${toJson({ valid: false, path: [], failure })}\n`);
      return 2;
    }
    return report(io, json, await validateCertificatePath(input));
  },
};
