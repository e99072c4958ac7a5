/**
 * `tilts testbed as4-credentials --out DIR`: a working AS4 access point for development (OOTS-10,
 * DEV-1) from the testbed's PKI — our key and certificate, a testbed partner's, the default OOTS
 * P-Mode for each side, the trust anchors — written as the files the AS4_* keys name, so no one
 * runs openssl by hand. The partner's folder configures a second `tilts start` as the partner.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  AS4_TESTBED_PARTIES,
  certificateToPem,
  type IssuedCredential,
  issueAs4Credentials,
  privateKeyToPem,
  testbedAs4PMode,
} from "@tilts/testbed";
import { type Command, UsageError } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";
import { openTestPki, stateOptions, testbedBaseUrl, testbedStateDir } from "./testbed-shared.ts";

const help = `Usage: tilts testbed as4-credentials --out DIR [--endpoint URL] [--partner-endpoint URL] [common]

Issues two AS4 access points' credentials from the testbed's test PKI (RSA-2048, organisation
CA: digitalSignature and keyEncipherment, as AS4 signing and RSA-OAEP key transport need) and
writes, in --out DIR, one folder per side:
  ${AS4_TESTBED_PARTIES.self}/       our access point        ${AS4_TESTBED_PARTIES.partner}/       the testbed partner
each holding
  pmode.xml              the default OOTS P-Mode (Domibus format) for that side
  key.pem                its private key (PKCS#8, file mode 0600) and certificate
  partners/<party>.pem   the other side's certificate
  anchors.pem            the test PKI's organisation CA and root
and prints the AS4_* settings for each side. The PKI is created in the state directory on
first use; its CRLs are served by the testbed of a running \`tilts start\`.

Options:
  --out DIR                where to write (created if absent; required)
  --endpoint URL           our access point's AS4 endpoint (default http://127.0.0.1:8080/as4)
  --partner-endpoint URL   the partner's (default http://127.0.0.1:8081/as4)
  --data-dir DIR           the platform's data directory (default $DATA_DIR or ./data)
  --state-dir DIR          the test PKI's state directory itself (overrides --data-dir)
  --base-url URL           base URL for CDP/AIA when the PKI is created
  --json                   print the AS4_* settings of both sides as JSON

Exit codes: 0 written; 2 usage or bad input.`;

function parse(args: string[]) {
  return parseCommandArgs({
    args,
    options: {
      ...stateOptions,
      "base-url": { type: "string" },
      out: { type: "string" },
      endpoint: { type: "string" },
      "partner-endpoint": { type: "string" },
      json: { type: "boolean" },
    },
  });
}

function endpointOf(value: string | undefined, fallback: string, option: string): string {
  const url = value ?? fallback;
  if (!/^https?:\/\/[^\s"<>]+$/.test(url)) throw new UsageError(`--${option} must be an http(s) URL`);
  return url;
}

/** Writes one side's files; returns its AS4_* settings. */
function writeSide(
  dir: string,
  self: string,
  own: IssuedCredential,
  partner: { name: string; credential: IssuedCredential },
  pmode: string,
): Record<string, string> {
  mkdirSync(join(dir, "partners"), { recursive: true });
  const settings = {
    AS4_PMODE_FILE: join(dir, "pmode.xml"),
    AS4_KEY: join(dir, "key.pem"),
    AS4_PARTY_CERTIFICATES: join(dir, "partners"),
    AS4_TRUST_ANCHORS: join(dir, "anchors.pem"),
  };
  writeFileSync(settings.AS4_PMODE_FILE, pmode.replace(/party="[^"]*"/, `party="${self}"`));
  writeFileSync(settings.AS4_KEY, privateKeyToPem(own.privateKey) + certificateToPem(own.certificate), {
    mode: 0o600,
  });
  writeFileSync(
    join(dir, "partners", `${partner.name}.pem`),
    certificateToPem(partner.credential.certificate),
  );
  writeFileSync(settings.AS4_TRUST_ANCHORS, own.chain.map(certificateToPem).join(""));
  return settings;
}

export const testbedAs4CredentialsCommand: Command = {
  path: ["testbed", "as4-credentials"],
  summary: "issue AS4 access-point credentials and P-Modes (ours and a testbed partner's) from the test PKI",
  help,
  async run(args, io) {
    const { values } = parse(args);
    if (!values.out) throw new UsageError("--out is required");
    const out = resolve(values.out);
    const endpoints = {
      ap_lv: endpointOf(values.endpoint, "http://127.0.0.1:8080/as4", "endpoint"),
      ap_sk: endpointOf(values["partner-endpoint"], "http://127.0.0.1:8081/as4", "partner-endpoint"),
    };
    const pki = openTestPki(testbedStateDir(values, io), testbedBaseUrl(values, io), io, values["data-dir"])!;
    const issued = issueAs4Credentials(pki);
    const { self, partner } = AS4_TESTBED_PARTIES;
    const sides = {
      [self]: writeSide(
        join(out, self),
        self,
        issued.self,
        { name: partner, credential: issued.partner },
        testbedAs4PMode(self, endpoints),
      ),
      [partner]: writeSide(
        join(out, partner),
        partner,
        issued.partner,
        { name: self, credential: issued.self },
        testbedAs4PMode(partner, endpoints),
      ),
    };
    if (values.json === true) {
      io.stdout(`${JSON.stringify(sides)}\n`);
      return 0;
    }
    const lines = Object.entries(sides).flatMap(([party, settings]) => [
      `# ${party === self ? "our access point" : "the testbed partner"} (${party}, ${endpoints[party as keyof typeof endpoints]})`,
      ...Object.entries(settings).map(([key, value]) => `${key}=${value}`),
      "",
    ]);
    io.stdout(lines.join("\n"));
    return 0;
  },
};
