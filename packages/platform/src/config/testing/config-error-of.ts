/** For tests: the ConfigError `run` throws (anything else is rethrown; no error fails the test). */
import { ConfigError } from "../config.ts";

export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, got none");
}
