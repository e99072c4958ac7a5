/**
 * `tilts` start-up: CPU (user + system) and wall time per call of the CLI as a person or a
 * script meets it — `node packages/platform/bin/tilts.js …` in a fresh process — for `--version`,
 * `--help` and `verify` of a small eDoc (one XAdES-BASELINE-LT signature, 1 kB data file,
 * offline, exit 0). Measured in the same run:
 *  - the floor: `node -e 0`, a node process that does nothing;
 *  - the compiled CLI (dist/cli, built at install; see packages/platform/bin/build-cli.js);
 *  - the TypeScript sources through tsx (`TILTS_CLI_SOURCES=1`): the fallback when no build can
 *    be made, commands still loaded lazily;
 *  - as before: the sources through tsx with every command's module loaded at start, which is
 *    what each call cost until the CLI was compiled and its commands loaded lazily.
 * CPU comes from `/usr/bin/time` (Debian's `time`) when installed, else from the kernel's count
 * of waited-for children (/proc/self/stat, 10 ms ticks). Targets: --version and --help under
 * 0.3 s of CPU, verify under 0.6 s wall.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { signEdoc } from "../packages/trust/src/edoc/sign-edoc.ts";
import { edocTestPki } from "../packages/trust/src/edoc/testing/edoc-test-pki.ts";
import { median } from "./measure.ts";

const TILTS = fileURLToPath(new URL("../packages/platform/bin/tilts.js", import.meta.url));
const CLI_SOURCES = fileURLToPath(new URL("../packages/platform/src/cli/", import.meta.url));
const REPO = fileURLToPath(new URL("..", import.meta.url));
const GNU_TIME = "/usr/bin/time";

/** The CLI as it started before: tsx, and every command imported before dispatch. */
const EAGER_SOURCES_SCRIPT = `
const { commands } = await import(${JSON.stringify(`${CLI_SOURCES}commands.ts`)});
await Promise.all(commands.map((entry) => entry.load()));
const { main } = await import(${JSON.stringify(`${CLI_SOURCES}main.ts`)});
process.exitCode = await main(process.argv.slice(2));
`;

interface Cost {
  wallMs: number;
  cpuMs: number;
}

/** Waited-for children's user + system time so far, in ms (clock ticks of 10 ms). */
function childrenCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) sit at 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** One call: wall time, and CPU time of the process (and anything it started). */
function once(args: string[], env: NodeJS.ProcessEnv, okCodes: number[]): Cost {
  const useTime = existsSync(GNU_TIME);
  const cpuBefore = useTime ? 0 : childrenCpuMs();
  const start = performance.now();
  const result = useTime
    ? spawnSync(GNU_TIME, ["-f", "TIME %U %S", process.execPath, ...args], {
        env,
        cwd: REPO,
        encoding: "utf8",
      })
    : spawnSync(process.execPath, args, { env, cwd: REPO, encoding: "utf8" });
  const wallMs = performance.now() - start;
  if (!okCodes.includes(result.status ?? -1)) {
    throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stdout}${result.stderr}`);
  }
  if (!useTime) return { wallMs, cpuMs: childrenCpuMs() - cpuBefore };
  const line = /TIME ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
  if (!line) throw new Error(`no timing from ${GNU_TIME}: ${result.stderr}`);
  return { wallMs, cpuMs: (Number(line[1]) + Number(line[2])) * 1000 };
}

function medianCost(runs: number, args: string[], env: NodeJS.ProcessEnv = process.env, okCodes = [0]): Cost {
  const costs = Array.from({ length: runs }, () => once(args, env, okCodes));
  return { wallMs: median(costs.map((c) => c.wallMs)), cpuMs: median(costs.map((c) => c.cpuMs)) };
}

function row(label: string, cost: Cost, floor?: Cost): string {
  const over = floor ? `  (+${(cost.cpuMs - floor.cpuMs).toFixed(0)} ms CPU over node -e 0)` : "";
  return `${label.padEnd(44)} ${cost.cpuMs.toFixed(0).padStart(6)} ms CPU  ${cost.wallMs.toFixed(0).padStart(6)} ms wall${over}`;
}

export default async function bench(): Promise<void> {
  const runs = Number(process.env.CLI_BENCH_RUNS ?? 11);
  const slowRuns = Number(process.env.CLI_BENCH_SOURCE_RUNS ?? 3);
  const dir = mkdtempSync(join(tmpdir(), "cli-bench-"));
  try {
    const pki = edocTestPki();
    const edoc = await signEdoc({
      dataFiles: [
        {
          name: "zinojums.txt",
          content: new TextEncoder().encode("Labdien!\n".repeat(100)),
          mediaType: "text/plain",
        },
      ],
      signer: pki.issueSigner({ key: "p384" }),
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    const edocFile = join(dir, "small.edoc");
    const anchorFile = join(dir, "root.der");
    writeFileSync(edocFile, edoc);
    writeFileSync(anchorFile, pki.root);
    const eager = join(dir, "eager-cli.mjs");
    writeFileSync(eager, EAGER_SOURCES_SCRIPT);
    const eagerCli = ["--import", "tsx", eager];
    const verifyArgs = ["verify", edocFile, "--anchor", anchorFile];

    // A first call builds the CLI if a source changed since the last build; it is not measured.
    const first = spawnSync(process.execPath, [TILTS, "--version"], { encoding: "utf8" });
    if (first.status !== 0) throw new Error(`tilts --version failed: ${first.stderr}`);
    const sources = { ...process.env, TILTS_CLI_SOURCES: "1" };

    console.log(
      `CPU from ${existsSync(GNU_TIME) ? GNU_TIME : "/proc/self/stat (10 ms ticks)"}; medians of ${runs} calls (${slowRuns} through tsx)`,
    );
    const floor = medianCost(runs, ["-e", "0"]);
    console.log(row("node -e 0 (floor)", floor));
    console.log(row("tilts --version, compiled", medianCost(runs, [TILTS, "--version"]), floor));
    console.log(row("tilts --help, compiled", medianCost(runs, [TILTS, "--help"]), floor));
    console.log(row("tilts verify small.edoc, compiled", medianCost(runs, [TILTS, ...verifyArgs]), floor));
    const slow: Array<[string, string[], NodeJS.ProcessEnv]> = [
      ["tilts --version, sources through tsx", [TILTS, "--version"], sources],
      ["tilts --help, sources through tsx", [TILTS, "--help"], sources],
      ["tilts verify small.edoc, sources through tsx", [TILTS, ...verifyArgs], sources],
      ["as before: --version, tsx, all commands loaded", [...eagerCli, "--version"], process.env],
      ["as before: --help, tsx, all commands loaded", [...eagerCli, "--help"], process.env],
      ["as before: verify, tsx, all commands loaded", [...eagerCli, ...verifyArgs], process.env],
    ];
    for (const [label, args, env] of slow) console.log(row(label, medianCost(slowRuns, args, env), floor));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
