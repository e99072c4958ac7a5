/**
 * One CLI command. Each command lives in `cli/commands/<name>.ts` and is listed in
 * `cli/commands.ts`; `main.ts` dispatches on the longest matching name path
 * (e.g. ["cert", "verify"]).
 *
 * Exit codes are part of the contract outside tools rely on; each command documents its own
 * in `help`. Common ones: 0 success, 1 a negative outcome (e.g. "not valid"), 2 usage or bad input.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  /** Words that select the command, e.g. ["audit", "verify"]. */
  path: string[];
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text: usage, options, exit codes. */
  help: string;
  /** Runs the command with the arguments after its path; resolves to the exit code. */
  run: (args: string[], io: CliIo) => Promise<number>;
  /** Long-running commands (start) keep the process alive; main must not force an exit. */
  longRunning?: boolean;
}

/** A usage error: main prints its message and the command's help, and exits with 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
