#!/usr/bin/env node
// The `tilts` command. It runs the compiled CLI (dist/cli, built at install by `prepare` and
// rebuilt here when a source changed — see compiled-cli.js), with stack traces mapped back to
// the TypeScript. If no current build can be made, it runs the sources through tsx instead,
// as slowly as before (seconds), and says so on stderr. TILTS_CLI_SOURCES=1 asks for the tsx
// path on purpose (bench/cli-startup.bench.ts compares the two).
import { compiledCli } from "./compiled-cli.js";

// A rebuild is worth a line to a person at a terminal; scripts and tests get clean output.
const found =
  process.env.TILTS_CLI_SOURCES === "1"
    ? { entry: undefined, reason: "TILTS_CLI_SOURCES=1" }
    : await compiledCli((line) => {
        if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
      });
let main;
if (found.entry) {
  process.setSourceMapsEnabled(true);
  ({ main } = await import(found.entry));
} else {
  if (process.env.TILTS_CLI_SOURCES !== "1") {
    process.stderr.write(`tilts: running the TypeScript sources through tsx (slow start): ${found.reason}\n`);
  }
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
// Everything the platform writes — the database files, keys, checkpoints, the test PKI, the
// credentials `tilts testbed issue` exports — is for its own user only (files 0600, folders 0700).
process.umask(0o077);
process.exitCode = await main(process.argv.slice(2));
