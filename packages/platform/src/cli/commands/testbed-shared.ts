/** Helpers shared by the `tilts testbed …` commands: where the test PKI lives and how to open it. */
import { resolve } from "node:path";
import { TestPki } from "@tilts/testbed";
import { keyEncryptionOf, loadConfig } from "../../config/config.ts";
import type { CliIo } from "../command.ts";

/** `<data-dir>/testbed/pki`; data-dir from --data-dir, else DATA_DIR, else ./data (the platform's default). */
export function testbedStateDir(values: { "data-dir"?: string; "state-dir"?: string }, io: CliIo): string {
  if (values["state-dir"]) return resolve(values["state-dir"]);
  return resolve(values["data-dir"] ?? io.env.DATA_DIR ?? "data", "testbed", "pki");
}

/** The base URL written into new certificates' CDP/AIA: --base-url, else PUBLIC_URL + "/testbed". */
export function testbedBaseUrl(values: { "base-url"?: string }, io: CliIo): string {
  if (values["base-url"]) return values["base-url"];
  const publicUrl = io.env.PUBLIC_URL ?? `http://127.0.0.1:${io.env.PORT ?? "8080"}`;
  return `${publicUrl.replace(/\/+$/, "")}/testbed`;
}

/** The test PKI, its keys opened with the key-encryption secret of the configuration (--data-dir's). */
export function openTestPki(
  stateDir: string,
  baseUrl: string | undefined,
  io: CliIo,
  dataDir?: string,
): TestPki | undefined {
  const keyPassphrase = keyEncryptionOf(
    loadConfig({ env: io.env, overrides: { dataDir } }),
  ).pkcs8Passphrase();
  if (TestPki.exists(stateDir)) return TestPki.load(stateDir, { keyPassphrase });
  if (!baseUrl) return undefined;
  io.stderr(`Creating a new test PKI in ${stateDir} (base URL ${baseUrl}) …\n`);
  return TestPki.create(stateDir, { baseUrl, keyPassphrase });
}

export const stateOptions = {
  "data-dir": { type: "string" },
  "state-dir": { type: "string" },
} as const;
