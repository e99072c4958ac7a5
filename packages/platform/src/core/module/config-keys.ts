/**
 * Configuration keys as schema fragments: each key names its environment variable, says what it
 * means (shown by `tilts start --help` and the README tables) and parses its raw value, failing
 * with one line that names the variable. The core owns its own keys; each module declares its
 * keys in its manifest, and the composition root joins them into one schema.
 */
import { resolve } from "node:path";
import { ConfigError } from "../../config/config-error.ts";

/** A raw value: from the environment (text), a JSON file or a command-line override. */
export type RawValue = string | number | boolean;

export interface KeySpec<T, Partial = Record<string, unknown>> {
  env: string;
  description: string;
  parse: (value: RawValue, key: string) => T;
  /** The value when none is given; may read keys declared before it (core keys come first). */
  default?: (partial: Partial) => T | undefined;
  /** In production: an address that must be https:// (people and outside services), or a secret that must be long. */
  production?: "https-address" | "secret";
  /**
   * The value names a PEM file of certificates, read and checked when the configuration is
   * loaded (config/pem-certificates.ts): a missing file, one without a certificate, or — with
   * `requireCa` — a certificate that is not a CA stops the start. Declared here rather than read
   * in `parse`, so a manifest stays light (the reader lives in the core's configuration).
   */
  pemCertificates?: { requireCa?: boolean };
}

/** A fragment of the schema: one spec per key of `Config`, in the order they are read. */
export type ConfigFragment<Config, Known = Record<string, unknown>> = {
  [K in keyof Config]-?: KeySpec<Config[K], Partial<Known & Config>>;
};

export const integer = (min: number, max: number) => (value: RawValue, key: string) => {
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(
      key,
      `expected a whole number from ${min} to ${max}, got ${JSON.stringify(String(value))}`,
    );
  }
  return Number(text);
};

export const oneOf =
  <T extends string>(...allowed: T[]) =>
  (value: RawValue, key: string): T => {
    if (!allowed.includes(String(value) as T)) {
      throw new ConfigError(
        key,
        `expected one of ${allowed.join(", ")}, got ${JSON.stringify(String(value))}`,
      );
    }
    return String(value) as T;
  };

export const text = (value: RawValue, key: string): string => {
  const s = String(value).trim();
  if (!s) throw new ConfigError(key, "must not be empty");
  return s;
};

/** A file or folder path, made absolute against the working directory. */
export const path = (value: RawValue, key: string): string => resolve(text(value, key));

export const boolean = (value: RawValue, key: string): boolean => {
  if (typeof value === "boolean") return value;
  const s = String(value).toLowerCase();
  if (["1", "true", "yes", "on"].includes(s)) return true;
  if (["0", "false", "no", "off"].includes(s)) return false;
  throw new ConfigError(key, `expected true or false, got ${JSON.stringify(String(value))}`);
};

export const url =
  (...protocols: string[]) =>
  (value: RawValue, key: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(String(value));
    } catch {
      throw new ConfigError(key, "is not a valid URL");
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(key, `expected a ${protocols.join(" or ")} URL, got ${parsed.protocol}`);
    }
    return String(value).replace(/\/+$/, "");
  };
