// @ts-check
/**
 * Finds the compiled CLI (see build-cli.js) and makes sure it is current before bin/tilts.js
 * runs it: every input file recorded at build time must still have the same size and either the
 * same mtime or, when only the mtime moved (a checkout, a `touch`), the same SHA-256. A stat per
 * input costs a few milliseconds; hashing happens only for files whose mtime changed.
 *
 * When the build is missing or stale, the CLI is rebuilt (esbuild, about a second) and that
 * build runs; if the rebuild fails, it resolves to undefined and bin/tilts.js falls back to
 * running the TypeScript sources through tsx. Stale code never runs.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const platformDir = fileURLToPath(new URL("..", import.meta.url));
const repoDir = resolve(platformDir, "../..");
const cliDistDir = join(platformDir, "dist", "cli");

/**
 * @typedef {import("./build-cli.js").CurrentBuild} CurrentBuild
 * @typedef {{ entry: string } | { entry: undefined, reason: string }} Found
 */

/** @returns {CurrentBuild | undefined} */
function readCurrent() {
  try {
    return JSON.parse(readFileSync(join(cliDistDir, "current.json"), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The first input that changed since the build, or undefined when none did.
 * @param {CurrentBuild} current @param {string} baseDir the folder input paths are relative to
 */
export async function changedInput(current, baseDir = repoDir) {
  for (const [input, stamp] of Object.entries(current.inputs)) {
    const file = join(baseDir, input);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return input;
    }
    if (stat.size !== stamp.size) return input;
    if (stat.mtimeMs === stamp.mtimeMs) continue;
    const { createHash } = await import("node:crypto");
    if (createHash("sha256").update(readFileSync(file)).digest("hex") !== stamp.sha256) return input;
  }
  return undefined;
}

function entryOf(/** @type {CurrentBuild} */ current) {
  return pathToFileURL(join(cliDistDir, current.build, "main.js")).href;
}

/**
 * The URL of the current compiled CLI's entry module, rebuilding it first when a source changed.
 * @param {(line: string) => void} note where a rebuild is reported (one line)
 * @returns {Promise<Found>}
 */
export async function compiledCli(note) {
  const current = readCurrent();
  let stale = "there is no build yet";
  if (current) {
    if (!existsSync(fileURLToPath(entryOf(current)))) stale = `${current.build} is missing`;
    else {
      const changed = await changedInput(current);
      if (!changed) return { entry: entryOf(current) };
      stale = `${changed} changed`;
    }
  }
  try {
    const started = performance.now();
    const { buildCli } = await import("./build-cli.js");
    const rebuilt = await buildCli();
    note(`tilts: rebuilt the CLI (${stale}) in ${Math.round(performance.now() - started)} ms`);
    return { entry: entryOf(rebuilt) };
  } catch (error) {
    return { entry: undefined, reason: `${stale} and the rebuild failed: ${firstLine(error)}` };
  }
}

function firstLine(/** @type {unknown} */ error) {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}
