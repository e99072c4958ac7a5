/**
 * For tests only: `bin/tilts.js` as child processes — `tilts start` servers a test can kill
 * (SIGTERM to stop, SIGKILL to crash) and restart, and one-shot commands.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../../bin/tilts.js", import.meta.url));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The environment a child needs beyond its AS4_* and database keys. */
export function childEnvironment(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
  };
}

export interface RunningTilts {
  child: ChildProcess;
  /** Resolves when the server listens; rejects if it exits first. */
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** Everything it has written so far (stdout and stderr). */
  output(): string;
  /** How many AS4 requests it has answered (its request log names the path twice per request). */
  as4Answers(): number;
  /** SIGTERM and wait: the exit code (0 when it stopped cleanly). */
  stop(): Promise<number | null>;
}

/** Every child started and not yet exited, to kill after each test. */
export const runningServers = new Set<ChildProcess>();

export function killRunningServers(): void {
  for (const child of runningServers) child.kill("SIGKILL");
  runningServers.clear();
}

export function startTilts(port: number, dataDir: string, env: Record<string, string>): RunningTilts {
  const child = spawn(process.execPath, [bin, "start", "--port", String(port), "--data-dir", dataDir], {
    env,
  });
  runningServers.add(child);
  let output = "";
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      runningServers.delete(child);
      resolve(code);
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const look = (d: Buffer) => {
      output += d;
      if (/Tilts is running at/.test(output)) resolve();
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    exited.then(() => reject(new Error(`server exited early: ${output.slice(-2000)}`)));
  });
  return {
    child,
    ready,
    exited,
    output: () => output,
    as4Answers: () => Math.floor((output.match(/"\/as4"/g) ?? []).length / 2),
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

export function runTilts(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env });
    // Killed with the servers if the test ends first (it may hold a PGlite data folder).
    runningServers.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => {
      runningServers.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}
