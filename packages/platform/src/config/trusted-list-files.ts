/**
 * Trusted lists (ETSI TS 119 612) the operator keeps as files: read, bounded, parsed and their
 * XML signature checked — with the certificate the list carries, or the anchors given — before a
 * single entry is believed. One implementation for `tilts verify --tl` and the servers' keys
 * (SIGNING_TRUSTED_LISTS): a list whose signature does not verify is refused whole.
 *
 * The file is trusted as the operator placed it (like an anchor file); its signature guards
 * against a damaged or edited copy. Fetching the EU list of lists and following its pointers is
 * the operator's job outside the server (a scheduled download into these files): the server then
 * picks a new copy up when the file changes, keeping the last good one when a new copy is bad.
 */
import { readFileSync, statSync } from "node:fs";
import {
  DSIG_NAMESPACE,
  parseTrustedList,
  parseXml,
  type TrustedList,
  verifyTrustedListSignature,
} from "@tilts/trust";

/** The EU list of lists is ~0.5 MB and national lists a few MB; a larger file is a mistake. */
export const MAX_TRUSTED_LIST_BYTES = 32 * 1024 * 1024;

export class TrustedListFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "TrustedListFileError";
  }
}

function readBounded(file: string): Uint8Array {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new TrustedListFileError(
      file,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  if (size > MAX_TRUSTED_LIST_BYTES)
    throw new TrustedListFileError(
      file,
      `is ${size} bytes, more than a trusted list's ${MAX_TRUSTED_LIST_BYTES}`,
    );
  return new Uint8Array(readFileSync(file));
}

/** The certificates in the list's own signature (ds:X509Certificate), which it may be checked with. */
function ownCertificates(bytes: Uint8Array): Uint8Array[] {
  const doc = parseXml(bytes).document;
  return Array.from(doc.getElementsByTagNameNS(DSIG_NAMESPACE, "X509Certificate")).map(
    (e) => new Uint8Array(Buffer.from((e.textContent ?? "").replace(/\s+/g, ""), "base64")),
  );
}

/** One trusted list file, parsed, its signature verified; throws TrustedListFileError otherwise. */
export async function readTrustedListFile(
  file: string,
  anchors: readonly Uint8Array[] = [],
): Promise<TrustedList> {
  const bytes = readBounded(file);
  let list: TrustedList;
  let own: Uint8Array[];
  try {
    list = parseTrustedList(bytes);
    own = ownCertificates(bytes);
  } catch (error) {
    throw new TrustedListFileError(file, (error as Error).message);
  }
  const check = await verifyTrustedListSignature(bytes, [...own, ...anchors]);
  if (!check.valid)
    throw new TrustedListFileError(
      file,
      `the trusted list's signature does not verify (${check.errors.map((e) => e.code).join(", ")})`,
    );
  return list;
}

export interface WatchedTrustedLists {
  /** The lists in force: the last copies of the files that verified. */
  current(): TrustedList[];
}

/**
 * The lists of `files`, read once now (a bad file stops the caller's start) and again when a
 * file's modification time changes; a new copy that does not verify is reported through
 * `onRefused` and the previous one stays in force.
 */
export async function watchTrustedListFiles(
  files: readonly string[],
  onRefused: (error: TrustedListFileError) => void,
): Promise<WatchedTrustedLists> {
  const mtimeOf = (file: string) => {
    try {
      return statSync(file).mtimeMs;
    } catch {
      return -1;
    }
  };
  const entries = await Promise.all(
    files.map(async (file) => ({ file, mtime: mtimeOf(file), list: await readTrustedListFile(file) })),
  );
  const reloading = new Set<string>();
  return {
    current() {
      for (const entry of entries) {
        const mtime = mtimeOf(entry.file);
        if (mtime === entry.mtime || reloading.has(entry.file)) continue;
        reloading.add(entry.file);
        readTrustedListFile(entry.file)
          .then((list) => {
            entry.list = list;
          })
          .catch((error: TrustedListFileError) => onRefused(error))
          .finally(() => {
            // A refused copy is not retried until the file changes again.
            entry.mtime = mtime;
            reloading.delete(entry.file);
          });
      }
      return entries.map((entry) => entry.list);
    },
  };
}
