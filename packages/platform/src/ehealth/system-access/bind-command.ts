/**
 * `tilts ehealth system bind`: binds an institution's connection certificate to one of its
 * systems (DEV-4), so the system-access listener admits it. The operator's approval page will call
 * the same service (binding-store.ts); until then this is how an operator binds one.
 */
import { readFileSync, statSync } from "node:fs";
import { MalformedInputError } from "@tilts/trust";
import type { Command } from "../../cli/command.ts";
import { UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { loadConfig } from "../../config/config.ts";
import { pemCertificates } from "../../config/pem-certificates.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import { bindSystemCertificate } from "./binding-store.ts";
import { SystemAccessError } from "./errors.ts";

const MAX_CERT_FILE = 1024 * 1024;

export const ehealthSystemBindCommand: Command = {
  path: ["ehealth", "system", "bind"],
  summary: "bind an institution's connection certificate to one of its systems (mutual-TLS access)",
  help: `Usage: tilts ehealth system bind <certificate file> --institution REG_NO --system NAME
         [--data-dir DIR] [--json]

Binds a connection certificate (PEM or DER; the first certificate in the file) to an active
institution and a system name. The system-access listener (SYSTEM_ACCESS_PORT) then admits
connections with it while the certificate is valid and not revoked. Audited as
ehealth.system-access.bound.

Options:
  --institution REG_NO  the institution's registration number (11 digits)
  --system NAME         the system's name (1 to 200 characters; unique per institution)
  --data-dir DIR        the platform's data directory (default $DATA_DIR or ./data)
  --json                print the binding as JSON

Exit codes: 0 bound; 1 refused (unknown or inactive institution, already bound, name taken);
2 usage or bad input; 3 the database is unavailable.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      options: {
        institution: { type: "string" },
        system: { type: "string" },
        "data-dir": { type: "string" },
        json: { type: "boolean" },
      },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError("give exactly one certificate file");
    if (!values.institution || !/^\d{11}$/.test(values.institution))
      throw new UsageError("--institution must be an 11-digit registration number");
    if (!values.system) throw new UsageError("--system is required");
    const file = positionals[0]!;
    let certificate: Uint8Array;
    try {
      if (statSync(file).size > MAX_CERT_FILE) throw new UsageError(`${file} is too large for a certificate`);
      const bytes = readFileSync(file);
      const text = bytes.toString("latin1");
      certificate = text.includes("-----BEGIN")
        ? pemCertificates(text, "certificate file", { source: file })[0]!
        : new Uint8Array(bytes);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `cannot read a certificate from ${file}: ${(error as Error).message.split("\n")[0]}`,
      );
    }
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    const database = await openConfiguredDatabase(config);
    try {
      await migrateToLatest(database.db);
      const binding = await bindSystemCertificate(database.db, {
        certificate,
        registrationNumber: values.institution,
        systemName: values.system,
        actor: "cli",
        now: new Date(),
      });
      io.stdout(
        values.json
          ? `${JSON.stringify(binding)}\n`
          : `Bound certificate ${binding.serial} to ${binding.institutionName} (${binding.registrationNumber}), system "${binding.systemName}".\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof SystemAccessError) {
        io.stderr(`tilts ehealth system bind: ${error.message} (${error.code})\n`);
        return 1;
      }
      if (error instanceof MalformedInputError) throw new UsageError(`${file}: ${error.message}`);
      throw error;
    } finally {
      await database.close();
    }
  },
};
