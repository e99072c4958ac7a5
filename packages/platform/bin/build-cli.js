// @ts-check
/**
 * Compiles the `tilts` CLI to JavaScript so a call starts in milliseconds instead of having tsx
 * compile the platform's TypeScript on every start. Run at install (`prepare`), by
 * `npm run build`, and by bin/tilts.js itself when a source changed since the last build.
 *
 * Why a bundle: the workspace packages export their `.ts` sources (Vitest and tsx run them as
 * they are), which plain node cannot load. esbuild bundles src/cli/main.ts with every `@tilts/*`
 * import inlined and npm dependencies left external (node resolves those from node_modules as
 * usual) — except the pure-JavaScript ASN.1/X.509/XML/ZIP stack of @tilts/trust (INLINED_PACKAGES),
 * whose hundreds of small CommonJS files cost `tilts verify` ~150 ms of CPU to load one by one.
 * Code splitting makes each dynamic `import()` — one per command, see src/cli/commands.ts — its
 * own chunk, so `tilts --version` loads one small file.
 *
 * Each build goes to its own folder, dist/cli/build-<time>-<pid>/, and dist/cli/current.json
 * (written atomically) names the current one together with every input file's size, mtime and
 * SHA-256: bin/compiled-cli.js compares them before trusting the build, so stale code never
 * runs. Concurrent rebuilds each finish their own folder and the last rename wins.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const platformDir = fileURLToPath(new URL("..", import.meta.url));
const repoDir = resolve(platformDir, "../..");
export const cliDistDir = join(platformDir, "dist", "cli");
export const currentFile = join(cliDistDir, "current.json");

/** Files outside the bundle's inputs that still change what it compiles to. */
const extraInputs = [
  "tsconfig.json",
  "packages/platform/package.json",
  "packages/trust/package.json",
  "packages/testbed/package.json",
  "packages/platform/bin/build-cli.js",
];

/**
 * npm packages bundled into the CLI (with everything they import) rather than loaded from
 * node_modules. Only pure JavaScript that no external package imports in turn: a package both
 * inlined and loaded by an external one would exist twice, with two sets of classes and registries.
 */
const INLINED_PACKAGES = /^(@peculiar\/|pkijs$|asn1js$|@xmldom\/xmldom$|fflate$|reflect-metadata$)/;

/**
 * Builds other than the current one are removed once they are an hour old, and beyond the five
 * newest: a `tilts start` begun from an older build may still load a chunk from it for a while.
 */
const KEEP_OLD_BUILDS_MS = 60 * 60 * 1000;
const KEEP_OLD_BUILDS = 5;

/**
 * @typedef {{ size: number, mtimeMs: number, sha256: string }} InputStamp
 * @typedef {{ build: string, esbuild: string, builtAt: string, inputs: Record<string, InputStamp> }} CurrentBuild
 */

/** @param {string} file absolute path */
export function stampOf(file) {
  const bytes = readFileSync(file);
  const { size, mtimeMs } = statSync(file);
  return { size, mtimeMs, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** The folder in node_modules that `name` resolves to from `fromDir` (node's lookup walk). */
function packageDirFrom(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * npm packages stay external (but for INLINED_PACKAGES), and only when the bundle resolves them to
 * the same copy as the source that imports them.
 * @param {string} outdir @returns {esbuild.Plugin}
 */
function externalNpmPackages(outdir) {
  return {
    name: "external-npm-packages",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        if (args.path.startsWith("@tilts/")) return undefined; // inlined: they export .ts sources
        if (args.importer.includes(`${sep}node_modules${sep}`)) return undefined; // inside an inlined package
        if (INLINED_PACKAGES.test(args.path)) return undefined;
        const name = packageName(args.path);
        const fromSource = packageDirFrom(name, args.resolveDir);
        const fromBundle = packageDirFrom(name, outdir);
        if (!fromSource || fromSource !== fromBundle) {
          return {
            errors: [
              {
                text: `${name} resolves to ${fromSource ?? "nothing"} from ${args.importer} but to ${fromBundle ?? "nothing"} from the bundle`,
              },
            ],
          };
        }
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * `import.meta.url` names the bundle chunk, not the source file, so files that read data next
 * to themselves (package.json, schemas, stylesheets) would look in the wrong place. Each use is
 * rewritten to the source file's URL, computed relative to the chunk so the checkout may move.
 * @param {string} outdir @returns {esbuild.Plugin}
 */
function sourceImportMetaUrl(outdir) {
  return {
    name: "source-import-meta-url",
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = readFileSync(args.path, "utf8");
        if (!source.includes("import.meta.url")) return undefined;
        const fromChunk = relative(outdir, args.path).split(sep).join("/");
        return {
          contents: source.replaceAll(
            "import.meta.url",
            `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`,
          ),
          loader: args.path.endsWith(".tsx") ? "tsx" : "ts",
        };
      });
    },
  };
}

/** Builds the CLI into a new folder and makes it current. Resolves to the new current.json. */
export async function buildCli() {
  const build = `build-${Date.now()}-${process.pid}`;
  const outdir = join(cliDistDir, build);
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: repoDir,
    entryPoints: { main: join(platformDir, "src/cli/main.ts") },
    outdir,
    entryNames: "[name]",
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: join(repoDir, "tsconfig.json"),
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    logLevel: "silent",
    plugins: [externalNpmPackages(outdir), sourceImportMetaUrl(outdir)],
    // Inlined CommonJS code may require() a node built-in, which an ES module has no require for.
    banner: {
      js: 'import { createRequire as __tiltsCreateRequire } from "node:module"; const require = __tiltsCreateRequire(import.meta.url);',
    },
  });
  // What each chunk holds and imports, for finding out why a command loads what it loads.
  writeFileSync(join(outdir, "meta.json"), JSON.stringify(result.metafile));
  /** @type {Record<string, InputStamp>} */
  const inputs = {};
  for (const input of [...Object.keys(result.metafile.inputs), ...extraInputs]) {
    inputs[input] = stampOf(join(repoDir, input));
  }
  /** @type {CurrentBuild} */
  const current = { build, esbuild: esbuild.version, builtAt: new Date().toISOString(), inputs };
  const temporary = `${currentFile}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(current));
  renameSync(temporary, currentFile);
  pruneOldBuilds(build);
  return current;
}

function pruneOldBuilds(current) {
  const older = readdirSync(cliDistDir)
    .filter((entry) => entry.startsWith("build-") && entry !== current)
    .map((entry) => ({ folder: join(cliDistDir, entry), mtimeMs: statSync(join(cliDistDir, entry)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  older.forEach(({ folder, mtimeMs }, newest) => {
    if (newest >= KEEP_OLD_BUILDS || Date.now() - mtimeMs > KEEP_OLD_BUILDS_MS) {
      rmSync(folder, { recursive: true, force: true });
    }
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const current = await buildCli();
  const files = Object.keys(current.inputs).length;
  console.log(
    `tilts CLI compiled to ${relative(repoDir, join(cliDistDir, current.build))} (${files} inputs, ${Math.round(performance.now() - started)} ms)`,
  );
}
