/**
 * `tilts testbed revoke`: revokes a certificate of the test PKI at any hour (SIG-4). The next CRL
 * and every OCSP answer the testbed serves reflect it at once, also from a running server.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { certificatesFromPemOrDer, UnknownCertificateError } from "@tilts/testbed";
import {
  isRevocationReason,
  MalformedInputError,
  type RevocationReason,
  revocationReasonCodes,
} from "@tilts/trust";
import { type Command, UsageError } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";
import { openTestPki, stateOptions, testbedStateDir } from "./testbed-shared.ts";

const reasons = Object.keys(revocationReasonCodes).join("|");

const help = `Usage: tilts testbed revoke <serial|certificate file> [--reason REASON] [--at ISO-8601]
         [--data-dir DIR | --state-dir DIR] [--json]

Revokes a certificate issued by the testbed's test PKI. Give its serial number in hex (colons
and spaces allowed) or a certificate file (PEM or DER). The revocation takes effect at once:
the next CRL and every OCSP answer served by the testbed — also by a server already running
from the same state directory — report the certificate as revoked.

Options:
  --reason REASON    ${reasons}
                     (default unspecified; RFC 5280 §5.3.1)
  --at ISO-8601      revocation time (default now; may be back-dated)
  --data-dir DIR     the platform's data directory (default $DATA_DIR or ./data);
                     the PKI lives in DIR/testbed/pki
  --state-dir DIR    the test PKI's state directory itself (overrides --data-dir)
  --json             print the revocation record as JSON

Exit codes: 0 revoked (or already revoked); 1 no such certificate in the test PKI;
2 usage or bad input (also: no test PKI in the state directory).`;

const MAX_CERT_FILE = 1024 * 1024;

export const testbedRevokeCommand: Command = {
  path: ["testbed", "revoke"],
  summary: "revoke a test-PKI certificate (CRL and OCSP reflect it at once)",
  help,
  async run(args, io) {
    const { values, positionals } = parse(args);
    if (positionals.length !== 1) throw new UsageError("give exactly one serial number or certificate file");
    const reason = (values.reason ?? "unspecified") as RevocationReason;
    if (!isRevocationReason(reason)) throw new UsageError(`unknown reason '${values.reason}'`);
    const at = values.at ? new Date(values.at) : undefined;
    if (at && Number.isNaN(at.getTime())) throw new UsageError(`--at is not an ISO-8601 time: ${values.at}`);
    const stateDir = testbedStateDir(values, io);
    const pki = openTestPki(stateDir, undefined, io, values["data-dir"]);
    if (!pki) {
      io.stderr(`tilts testbed revoke: no test PKI in ${stateDir}\n`);
      return 2;
    }
    const target = positionals[0]!;
    let subject: string | Uint8Array = target;
    if (existsSync(target) && statSync(target).isFile()) {
      if (statSync(target).size > MAX_CERT_FILE)
        throw new UsageError(`${target} is too large for a certificate`);
      const certificates = certificatesFromPemOrDer(readFileSync(target));
      if (certificates.length === 0) throw new UsageError(`${target} holds no certificate`);
      subject = certificates[0]!;
    } else if (!/^[0-9a-fA-F:\s]+$/.test(target)) {
      throw new UsageError(`'${target}' is neither a file nor a hex serial number`);
    }
    try {
      const record = pki.revoke(subject, reason, at);
      if (values.json) io.stdout(`${JSON.stringify(record)}\n`);
      else
        io.stdout(
          record.alreadyRevoked
            ? `Certificate ${record.serial} (CA ${record.caId}) was already revoked at ${record.revokedAt} (${record.reason}).\n`
            : `Revoked certificate ${record.serial} (CA ${record.caId}) at ${record.revokedAt}, reason ${record.reason}.\n`,
        );
      return 0;
    } catch (error) {
      if (error instanceof UnknownCertificateError) {
        io.stderr(`tilts testbed revoke: ${error.message}\n`);
        return 1;
      }
      if (error instanceof MalformedInputError) {
        io.stderr(`tilts testbed revoke: ${target}: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  },
};

function parse(args: string[]) {
  return parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      ...stateOptions,
      reason: { type: "string" },
      at: { type: "string" },
      json: { type: "boolean" },
    },
  });
}
