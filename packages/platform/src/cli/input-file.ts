/**
 * Reading the files a CLI command is given: a size limit checked before reading (a command must
 * never be made to load an arbitrary amount into memory), and one error type that commands turn
 * into exit code 2 ("unreadable input").
 */
import { readFileSync, statSync } from "node:fs";

/** Input the command cannot use: missing, unreadable, too large or malformed. Exit code 2. */
export class BadInput extends Error {
  override name = "BadInput";
}

export function readInputFile(file: string, maxBytes: number): Uint8Array {
  checkInputFile(file, maxBytes);
  try {
    return new Uint8Array(readFileSync(file));
  } catch {
    throw new BadInput(`cannot read ${file}`);
  }
}

/** The file exists and is at most `maxBytes` long (for commands that stream it rather than read it). */
export function checkInputFile(file: string, maxBytes: number): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new BadInput(`cannot read ${file}`);
  }
  if (size > maxBytes) throw new BadInput(`${file} is larger than ${maxBytes} bytes`);
}
