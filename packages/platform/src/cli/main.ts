/**
 * The CLI's dispatcher. It imports nothing heavy: commands come from the light list in
 * commands.ts and are loaded only when they run, and the error classes of the configuration
 * and database layers are imported only when a command has failed (by then the command has
 * loaded them, so this costs nothing) — `tilts --version` and `--help` stay a few milliseconds.
 */
import { readFileSync } from "node:fs";
import { type CliIo, UsageError } from "./command.ts";
import { type CommandEntry, commands } from "./commands.ts";

const version: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
).version;

function overview(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(" ").length), 10);
  const lines = commands.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`);
  return [
    "Usage: tilts <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Options:",
    "  --help, -h     show help (also: tilts <command> --help)",
    "  --version      print the version",
    "",
    "Exit codes: 0 success; 1 a negative result (see each command); 2 usage, bad input or bad",
    "configuration; 3 the database is unavailable. Each command's --help lists its own.",
  ].join("\n");
}

/** Finds the command whose path is the longest prefix of argv. */
function findCommand(
  commands: readonly CommandEntry[],
  argv: string[],
): { entry: CommandEntry; rest: string[] } | undefined {
  let best: CommandEntry | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { entry: best, rest: argv.slice(best.path.length) } : undefined;
}

/** Runs one command line; `entries` are the platform's commands (a test composes its own the same way). */
export async function main(
  argv: string[],
  io: CliIo = defaultIo(),
  entries: readonly CommandEntry[] = commands,
): Promise<number> {
  if (argv[0] === "--version" || argv[0] === "-v") {
    io.stdout(`${version}\n`);
    return 0;
  }
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.stdout(`${overview(entries)}\n`);
    return 0;
  }
  const found = findCommand(entries, argv);
  if (!found) {
    io.stderr(`tilts: unknown command '${argv.join(" ")}'\n\n${overview(entries)}\n`);
    return 2;
  }
  const { entry, rest } = found;
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.help.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`tilts ${command.path.join(" ")}: ${error.message}\n\n${command.help.trimEnd()}\n`);
      return 2;
    }
    // Known operational failures: one clear line, no stack trace.
    const [{ ConfigError }, { DatabaseUnavailableError }, { MigrationError }] = await Promise.all([
      import("../config/config.ts"),
      import("../db/database.ts"),
      import("../db/migrations.ts"),
    ]);
    if (error instanceof ConfigError) {
      io.stderr(`tilts: configuration error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof DatabaseUnavailableError || error instanceof MigrationError) {
      io.stderr(`tilts: ${error.message}\n`);
      return 3;
    }
    throw error;
  }
}

function defaultIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
  };
}
