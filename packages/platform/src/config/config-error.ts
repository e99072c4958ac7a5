/** A configuration problem: the key and what is wrong, one line (the start stops with it). */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`${key}: ${problem}`);
  }
}
