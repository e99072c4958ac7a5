/**
 * Entry names: decoding (APPNOTE 4.4.4 bit 11 = UTF-8, otherwise IBM code page 437) and the
 * safety rules that keep a name inside the container. A name is refused here, before any data
 * is read, if it could escape a directory when extracted or confuse a URI match.
 */
import { asicError } from "./errors.ts";

/** IBM PC code page 437, bytes 0x80–0xFF (APPNOTE Appendix D: the default for names without bit 11). */
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

export function decodeCp437(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : (CP437_HIGH[b - 0x80] as string);
  return out;
}

export const CP437_TABLE_LENGTH = CP437_HIGH.length;

const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export interface DecodedName {
  name: string;
  /** True when the name was not valid UTF-8 and was read as CP437. */
  cp437: boolean;
}

/**
 * Bit 11 set: the name must be UTF-8. Bit 11 clear: many writers still store UTF-8 without
 * setting it, so valid UTF-8 is taken as such; anything else is CP437, as APPNOTE says.
 */
export function decodeEntryName(raw: Uint8Array, utf8Flag: boolean): DecodedName {
  try {
    return { name: utf8Strict.decode(raw), cp437: false };
  } catch (cause) {
    if (utf8Flag) throw asicError("bad-file-name", "name flagged UTF-8 is not valid UTF-8", { cause });
    return { name: decodeCp437(raw), cp437: true };
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// C0 controls (NUL is caught earlier as traversal), DEL and C1 controls: no legitimate file name holds them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is refused
const CONTROL = /[\u0001-\u001f\u007f-\u009f]/;

/**
 * Refuse names that could leave the extraction directory or that are not plain relative paths.
 * A trailing "/" (a directory entry) is allowed when `allowDirectory` is set.
 */
export function checkEntryName(name: string, allowDirectory: boolean): void {
  const shown = JSON.stringify(name.slice(0, 200));
  if (name.includes("\u0000")) throw asicError("path-traversal", `NUL in ${shown}`);
  if (name.includes("\\")) throw asicError("path-traversal", `backslash in ${shown}`);
  if (name.startsWith("/")) throw asicError("path-traversal", `absolute name ${shown}`);
  if (/^[A-Za-z]:/.test(name)) throw asicError("path-traversal", `drive letter in ${shown}`);
  if (name.length === 0) throw asicError("bad-file-name", "empty name");
  if (CONTROL.test(name)) throw asicError("bad-file-name", `control character in ${shown}`);
  if (LONE_SURROGATE.test(name)) throw asicError("bad-file-name", `unpaired surrogate in ${shown}`);
  const body = allowDirectory && name.endsWith("/") ? name.slice(0, -1) : name;
  for (const segment of body.split("/")) {
    if (segment === "..") throw asicError("path-traversal", `'..' segment in ${shown}`);
    if (segment === "" || segment === ".")
      throw asicError("bad-file-name", `empty or '.' segment in ${shown}`);
  }
}
