/**
 * Signing a large PDF from disk (SIG-2; the Signing acceptance: "signing a 200 MB PDF streams
 * it, memory under 2× the largest single object, not the file"). A ~200 MB PDF of 20 pages,
 * each a 10 MB content stream (the largest object), is written to disk in chunks; a fresh
 * process warms up on a small file, then `signPdfFile` signs the large one at B-B. Reported:
 * the growth of that process's peak RSS against the largest object and the file, the time,
 * and one SHA-384 pass over the file from disk in this process (the floor: signing must read
 * every byte once for the digest, and the copy reads it again in the kernel).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { edocTestPki } from "../packages/trust/src/edoc/testing/edoc-test-pki.ts";
import { signFileInFreshProcess, writeLargeTestPdf } from "../packages/trust/src/pades/testing/large-pdf.ts";
import { validatePdf } from "../packages/trust/src/pades/validate-pdf.ts";

const MB = 1024 * 1024;

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pades-large-bench-"));
  try {
    const pki = edocTestPki();
    const largest = 10 * MB;
    const input = join(dir, "large.pdf");
    const output = join(dir, "large-signed.pdf");
    const size = writeLargeTestPdf(input, { pages: 20, streamBytes: largest });
    const floorMs = await sha384OfFile(input);
    const m = signFileInFreshProcess(input, output, pki.issueSigner());
    const report = await validatePdf(new Uint8Array(readFileSync(output)), {
      anchors: [pki.root],
      fetchers: pki.fetchers,
    });
    if (!report.valid) throw new Error("the signed large PDF does not validate");
    const mb = (n: number) => (n / MB).toFixed(1);
    console.log(`  file ${mb(size)} MB, largest object ${mb(largest)} MB`);
    console.log(`  SHA-384 over the file from disk (floor): ${floorMs.toFixed(0)} ms`);
    console.log(`  signPdfFile B-B (fresh process): ${m.ms.toFixed(0)} ms`);
    console.log(
      `  RSS ${mb(m.before)} MB after warm-up → peak ${mb(m.after)} MB: growth ≤ ${mb(m.growth)} MB ` +
        `(${(m.growth / largest).toFixed(2)}× the largest object, ${(m.growth / size).toFixed(3)}× the file)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sha384OfFile(path: string): Promise<number> {
  const t0 = performance.now();
  const handle = await open(path, "r");
  try {
    const hash = createHash("sha384");
    const buffer = Buffer.alloc(MB);
    for (let at = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
    hash.digest();
  } finally {
    await handle.close();
  }
  return performance.now() - t0;
}
