/**
 * node:util's parseArgs for CLI commands: an unknown or malformed option becomes a UsageError,
 * which `main` prints with the command's help and exit code 2.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./command.ts";

export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
