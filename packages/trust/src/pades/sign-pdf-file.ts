/**
 * PAdES B-B / B-T of a PDF on disk into a new file, for files too large to hold in memory
 * (SIG-2; memory bounded by the largest object read, not the file). The structure the signer
 * needs is read through `openPartialPdf`; the output starts as a copy of the original (the
 * kernel copies it; the earlier bytes stay untouched, ISO 32000-2 §7.5.6), whose octets reach
 * the digest in chunks from disk, and the incremental update is appended to it.
 * B-LT and B-LTA re-read the signed file for their own updates: `signPdf` / `augmentPdf`.
 */
import type { Hash } from "node:crypto";
import { appendFile, copyFile, open, rm } from "node:fs/promises";
import { PadesError } from "./errors.ts";
import { openPartialPdf } from "./partial-file.ts";
import { type SignPdfOptions, signatureUpdate } from "./sign-pdf.ts";

export interface SignPdfFileOptions extends Omit<SignPdfOptions, "pdf" | "level"> {
  input: string;
  output: string;
  level?: "B" | "T";
}

/** Signs `input` into `output` (a different path); returns the output's length. */
export async function signPdfFile(options: SignPdfFileOptions): Promise<number> {
  const level = options.level ?? "B";
  if (level !== "B" && level !== "T")
    throw new PadesError("pades-bad-input", "signPdfFile makes B-B or B-T only");
  if (level === "T" && !options.tsa) throw new PadesError("pades-bad-input", "level T needs a TSA");
  if (options.input === options.output)
    throw new PadesError("pades-bad-input", "the signed file must not overwrite its original");
  const { input, output, ...rest } = options;
  // The copy is what gets read, hashed and extended: the signed octets are the output's own.
  await copyFile(input, output);
  let file: ReturnType<typeof openPartialPdf> | undefined;
  try {
    file = openPartialPdf(output);
    const size = file.size;
    const update = await signatureUpdate({ ...rest, pdf: file.doc.bytes }, level, {
      doc: file.doc,
      hashOriginal: (hash) => hashFile(output, size, hash),
    });
    await appendFile(output, update);
    return size + update.length;
  } catch (error) {
    // No unsigned copy left behind under the name of a signed file.
    await rm(output, { force: true });
    throw error;
  } finally {
    file?.close();
  }
}

/**
 * Feeds the file's first `size` octets to the digest through one reused buffer (a stream's
 * fresh chunk per read would pile up as garbage the size of the file before a collection).
 */
async function hashFile(path: string, size: number, hash: Hash): Promise<void> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - at), at);
      if (bytesRead === 0) throw new PadesError("pades-bad-input", "the file changed while being signed");
      hash.update(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
}
