/**
 * `tilts testbed release-hold`: lifts a suspension (a revocation with reason certificateHold) in
 * the test PKI; the certificate leaves the next CRL and OCSP answers "good" again (RFC 5280 §5.3.1).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { certificatesFromPemOrDer, NotOnHoldError, UnknownCertificateError } from "@tilts/testbed";
import { type Command, UsageError } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";
import { openTestPki, stateOptions, testbedStateDir } from "./testbed-shared.ts";

const help = `Usage: tilts testbed release-hold <serial|certificate file> [--data-dir DIR | --state-dir DIR]

Lifts the suspension of a test-PKI certificate that was revoked with
"tilts testbed revoke … --reason certificateHold". From the next request on, the CRL no longer
lists it and OCSP answers "good". Certificates revoked for any other reason stay revoked.

Options:
  --data-dir DIR     the platform's data directory (default $DATA_DIR or ./data);
                     the PKI lives in DIR/testbed/pki
  --state-dir DIR    the test PKI's state directory itself (overrides --data-dir)

Exit codes: 0 released; 1 no such certificate, or it is not on hold; 2 usage or bad input.`;

export const testbedReleaseHoldCommand: Command = {
  path: ["testbed", "release-hold"],
  summary: "lift the suspension (certificateHold) of a test-PKI certificate",
  help,
  async run(args, io) {
    const { values, positionals } = parse(args);
    if (positionals.length !== 1) throw new UsageError("give exactly one serial number or certificate file");
    const stateDir = testbedStateDir(values, io);
    const pki = openTestPki(stateDir, undefined, io, values["data-dir"]);
    if (!pki) {
      io.stderr(`tilts testbed release-hold: no test PKI in ${stateDir}\n`);
      return 2;
    }
    const target = positionals[0]!;
    let subject: string | Uint8Array = target;
    if (existsSync(target) && statSync(target).isFile()) {
      const certificates = certificatesFromPemOrDer(readFileSync(target));
      if (certificates.length === 0) throw new UsageError(`${target} holds no certificate`);
      subject = certificates[0]!;
    } else if (!/^[0-9a-fA-F:\s]+$/.test(target)) {
      throw new UsageError(`'${target}' is neither a file nor a hex serial number`);
    }
    try {
      const record = pki.releaseHold(subject);
      io.stdout(`Released the hold on certificate ${record.serial} (CA ${record.caId}).\n`);
      return 0;
    } catch (error) {
      if (error instanceof UnknownCertificateError || error instanceof NotOnHoldError) {
        io.stderr(`tilts testbed release-hold: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};

function parse(args: string[]) {
  return parseCommandArgs({ args, allowPositionals: true, options: { ...stateOptions } });
}
