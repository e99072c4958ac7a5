#!/usr/bin/env node
// The `tilts` command. The platform ships as TypeScript source; tsx compiles it on load,
// so there is no build step between a checkout and a running CLI.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
