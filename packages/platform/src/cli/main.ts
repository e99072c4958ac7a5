import { readFileSync } from "node:fs";
import { ConfigError } from "../config/config.ts";
import { DatabaseUnavailableError } from "../db/database.ts";
import { MigrationError } from "../db/migrations.ts";
import { type CliIo, type Command, UsageError } from "./command.ts";
import { commands } from "./commands.ts";

const version: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
).version;

function overview(): string {
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
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  if (argv[0] === "--version" || argv[0] === "-v") {
    io.stdout(`${version}\n`);
    return 0;
  }
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.stdout(`${overview()}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr(`tilts: unknown command '${argv.join(" ")}'\n\n${overview()}\n`);
    return 2;
  }
  const { command, rest } = found;
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
