/**
 * For tests: real `tilts start` processes (bin/tilts.js) and one-off CLI calls, each bounded in
 * time. A node is started as the leader of its own process group, so stopping it — or killing it
 * after a failed test — reaches every process it started, never leaving one behind.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../../../bin/tilts.js", import.meta.url));

export type ProcessEnv = Record<string, string | undefined>;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one `tilts` command to its end; killed (and rejected) after `timeoutMs`. */
export function runCli(args: string[], env: ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`tilts ${args.slice(0, 3).join(" ")} did not finish in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `count` distinct TCP ports free on 127.0.0.1 now (a node's web port must be known before it
 * starts: PUBLIC_URL names it). All are held open until each is known, so none repeats.
 */
export async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    probes.map(
      (probe) =>
        new Promise<number>((resolve, reject) => {
          probe.once("error", reject);
          probe.listen(0, "127.0.0.1", () => resolve((probe.address() as { port: number }).port));
        }),
    ),
  );
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

export interface RunningNode {
  /** This node's own web address, http://127.0.0.1:<port> (its PUBLIC_URL may name another). */
  webUrl: string;
  /** The mutual-TLS port for institutions' systems. */
  systemsPort: number;
  /** What the node wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** SIGTERM to the process group; SIGKILL when it has not exited within `timeoutMs`. Resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL to the process group at once (afterAll, whatever state the test left). */
  kill(): void;
}

/**
 * Starts `tilts start` on web port `port` (not 0) with the system-access port on; resolves once it prints its banner, or
 * rejects (and kills it) when it exits first or takes longer than `timeoutMs`.
 */
export async function startNode(
  options: { port: number; dataDir: string; env: ProcessEnv },
  timeoutMs = 120_000,
): Promise<RunningNode> {
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, "start", "--port", String(options.port), "--data-dir", options.dataDir],
    { env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const pid = child.pid as number;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const banner = new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      stdout += d;
      const systems = /systems: +https:\/\/[^:]+:(\d+)\//.exec(stdout);
      if (systems && stdout.includes("Stop with")) resolve(Number(systems[1]));
    });
    void exited.then((code) => reject(new Error(`tilts start exited (${code}) before it ran: ${stderr}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`tilts start did not run within ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
  });
  try {
    const systemsPort = await Promise.race([banner, timeout]);
    return {
      webUrl: `http://127.0.0.1:${options.port}`,
      systemsPort,
      stderr: () => stderr,
      async stop(stopTimeoutMs = 30_000) {
        if (exitCode !== undefined) return exitCode;
        signalGroup("SIGTERM");
        const killer = setTimeout(() => signalGroup("SIGKILL"), stopTimeoutMs);
        const code = await exited;
        clearTimeout(killer);
        return code;
      },
      kill: () => signalGroup("SIGKILL"),
    };
  } catch (error) {
    signalGroup("SIGKILL");
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
