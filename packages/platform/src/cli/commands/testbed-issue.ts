/**
 * `tilts testbed issue person|institution|tsa`: test credentials from the testbed's PKI for
 * developers of institution software (DEV-1), as PEM files and a PKCS#12 file.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  buildPkcs12,
  certificateToPem,
  InvalidIssueRequestError,
  type IssuedCredential,
  isKeyKind,
  issueInstitution,
  issuePerson,
  issueTsa,
  type KeyKind,
  keyKinds,
  privateKeyToPem,
} from "@tilts/testbed";
import { type CliIo, type Command, UsageError } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";
import { openTestPki, stateOptions, testbedBaseUrl, testbedStateDir } from "./testbed-shared.ts";

const help = `Usage: tilts testbed issue person --given-name NAME --surname NAME [--personal-code DDMMYY-NNNNN]
                             [--usage sign|auth] [--ca eid|eparaksts] [--key KIND] --out DIR [common]
       tilts testbed issue institution --name NAME --reg-no 11DIGITS [--key KIND] --out DIR [common]
       tilts testbed issue tsa [--name NAME] [--key KIND] --out DIR [common]

Issues a test certificate from the testbed's Latvian-style test PKI and writes, in --out DIR:
  <name>.crt.pem    the certificate
  <name>.key.pem    its private key (PKCS#8, unencrypted, file mode 0600)
  <name>.chain.pem  the issuing CA and root certificates
  <name>.p12        PKCS#12 with key, certificate and chain (AES-256, HMAC-SHA-256)
The PKI is created in the state directory on first use.

person        a natural person like an LV eID / eParaksts holder: subject serialNumber
              PNOLV-<personal code>, CN "GIVEN SURNAME". --usage sign (default): qualified
              signing certificate (nonRepudiation, QCStatements, QCP-n-qscd); --usage auth:
              authentication certificate (digitalSignature, clientAuth). --ca eid (default,
              key P-384 like new eID cards) or eparaksts (key RSA-2048). Without
              --personal-code a random valid "32…" code is used.
institution   an institution's connection (TLS client) certificate: O and CN = --name,
              organizationIdentifier NTRLV-<reg. no>, serialNumber <reg. no>; key RSA-2048.
tsa           a time-stamping certificate (EKU timeStamping, critical); key P-256.

Options:
  --key KIND         ${keyKinds.join("|")}
  --out DIR          where to write the files (created if absent; required)
  --password PASS    PKCS#12 password (default: a random one, printed)
  --data-dir DIR     the platform's data directory (default $DATA_DIR or ./data);
                     the PKI lives in DIR/testbed/pki
  --state-dir DIR    the test PKI's state directory itself (overrides --data-dir)
  --base-url URL     base URL for CDP/AIA when the PKI is created (default
                     $PUBLIC_URL/testbed, else http://127.0.0.1:8080/testbed)
  --json             print the result as JSON

Exit codes: 0 issued; 2 usage or bad input.`;

function parse(args: string[]) {
  return parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      ...stateOptions,
      "base-url": { type: "string" },
      "given-name": { type: "string" },
      surname: { type: "string" },
      "personal-code": { type: "string" },
      usage: { type: "string" },
      ca: { type: "string" },
      key: { type: "string" },
      name: { type: "string" },
      "reg-no": { type: "string" },
      out: { type: "string" },
      password: { type: "string" },
      json: { type: "boolean" },
    },
  });
}

type Values = ReturnType<typeof parse>["values"];

function required(values: Values, name: keyof Values): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value;
}

export const testbedIssueCommand: Command = {
  path: ["testbed", "issue"],
  summary: "issue a test certificate (person, institution or TSA) as PEM and PKCS#12",
  help,
  async run(args, io) {
    const { values, positionals } = parse(args);
    const kind = positionals[0];
    if (positionals.length !== 1 || !["person", "institution", "tsa"].includes(kind ?? "")) {
      throw new UsageError("say what to issue: person, institution or tsa");
    }
    const out = resolve(required(values, "out"));
    let key: KeyKind | undefined;
    if (values.key !== undefined) {
      if (!isKeyKind(values.key)) throw new UsageError(`unknown --key '${values.key}'`);
      key = values.key;
    }
    if (values.usage !== undefined && values.usage !== "sign" && values.usage !== "auth") {
      throw new UsageError("--usage is sign or auth");
    }
    if (values.ca !== undefined && values.ca !== "eid" && values.ca !== "eparaksts") {
      throw new UsageError("--ca is eid or eparaksts");
    }
    const stateDir = testbedStateDir(values, io);
    const pki = openTestPki(stateDir, testbedBaseUrl(values, io), io, values["data-dir"])!;
    let credential: IssuedCredential;
    let baseName: string;
    try {
      if (kind === "person") {
        credential = issuePerson(pki, {
          givenName: required(values, "given-name"),
          surname: required(values, "surname"),
          personalCode: values["personal-code"],
          usage: values.usage as "sign" | "auth" | undefined,
          ca: values.ca as "eid" | "eparaksts" | undefined,
          key,
        });
        baseName = `person-${credential.record.subject.match(/PNOLV-([0-9-]+)/)?.[1] ?? credential.record.serial}-${values.usage ?? "sign"}`;
      } else if (kind === "institution") {
        credential = issueInstitution(pki, {
          name: required(values, "name"),
          registrationNumber: required(values, "reg-no"),
          key,
        });
        baseName = `institution-${values["reg-no"]}`;
      } else {
        credential = issueTsa(pki, { name: values.name, key });
        baseName = `tsa-${credential.record.serial.slice(0, 8)}`;
      }
    } catch (error) {
      if (error instanceof InvalidIssueRequestError) throw new UsageError(error.message);
      throw error;
    }
    const password = values.password ?? randomBytes(12).toString("base64url");
    const files = await writeCredential(out, baseName, credential, password);
    report(io, values.json === true, credential, files, values.password === undefined ? password : undefined);
    return 0;
  },
};

async function writeCredential(
  out: string,
  baseName: string,
  credential: IssuedCredential,
  password: string,
) {
  mkdirSync(out, { recursive: true });
  const files = {
    certificate: join(out, `${baseName}.crt.pem`),
    key: join(out, `${baseName}.key.pem`),
    chain: join(out, `${baseName}.chain.pem`),
    pkcs12: join(out, `${baseName}.p12`),
  };
  writeFileSync(files.certificate, certificateToPem(credential.certificate));
  writeFileSync(files.key, privateKeyToPem(credential.privateKey), { mode: 0o600 });
  writeFileSync(files.chain, credential.chain.map(certificateToPem).join(""));
  const p12 = await buildPkcs12({
    certificate: credential.certificate,
    privateKey: credential.privateKey,
    chain: credential.chain,
    password,
    friendlyName: credential.record.subject.match(/CN=([^,]+)/)?.[1],
  });
  writeFileSync(files.pkcs12, p12, { mode: 0o600 });
  return files;
}

function report(
  io: CliIo,
  json: boolean,
  credential: IssuedCredential,
  files: Record<string, string>,
  generatedPassword?: string,
) {
  const { record } = credential;
  if (json) {
    io.stdout(
      `${JSON.stringify({ serial: record.serial, caId: record.caId, kind: record.kind, subject: record.subject, notAfter: record.notAfter, files, ...(generatedPassword ? { password: generatedPassword } : {}) })}\n`,
    );
    return;
  }
  io.stdout(
    [
      `Issued ${record.kind} certificate ${record.serial} by CA ${record.caId}`,
      `  subject:  ${record.subject}`,
      `  valid to: ${record.notAfter}`,
      ...Object.entries(files).map(([k, f]) => `  ${k.padEnd(11)} ${f}`),
      ...(generatedPassword ? [`  PKCS#12 password: ${generatedPassword}`] : []),
      "",
    ].join("\n"),
  );
}
