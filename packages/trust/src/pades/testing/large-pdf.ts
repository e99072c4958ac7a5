/**
 * A large test PDF written to disk in chunks (never whole in memory): `pages` pages, each with
 * a content stream of about `streamBytes` (a line of text, then comment lines, §7.2.4), an
 * xref table and trailer. For the memory tests and benchmark of signing large files.
 */
import { spawnSync } from "node:child_process";
import type { KeyObject } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function writeLargeTestPdf(path: string, options: { pages: number; streamBytes: number }): number {
  const fd = openSync(path, "w");
  let at = 0;
  const offsets: number[] = [];
  const write = (data: string | Buffer) => {
    const buf = typeof data === "string" ? Buffer.from(data, "latin1") : data;
    writeSync(fd, buf);
    at += buf.length;
  };
  const object = (num: number, body: string) => {
    offsets[num] = at;
    write(`${num} 0 obj\n${body}\nendobj\n`);
  };
  try {
    const line = `%${"x".repeat(78)}\n`;
    const chunk = Buffer.from(line.repeat(Math.max(1, Math.floor((1024 * 1024) / line.length))), "latin1");
    write("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    const fontNum = 3;
    const firstPage = 4;
    const kids = Array.from({ length: options.pages }, (_, i) => `${firstPage + 2 * i} 0 R`).join(" ");
    object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    object(2, `<< /Type /Pages /Kids [${kids}] /Count ${options.pages} >>`);
    object(fontNum, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    for (let i = 0; i < options.pages; i++) {
      const pageNum = firstPage + 2 * i;
      object(
        pageNum,
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${fontNum} 0 R >> >> /Contents ${pageNum + 1} 0 R >>`,
      );
      const text = `BT /F1 12 Tf 72 770 Td (Page ${i + 1}) Tj ET\n`;
      const fillers = Math.max(0, Math.floor((options.streamBytes - text.length) / chunk.length));
      const length = text.length + fillers * chunk.length;
      offsets[pageNum + 1] = at;
      write(`${pageNum + 1} 0 obj\n<< /Length ${length} >>\nstream\n${text}`);
      for (let k = 0; k < fillers; k++) write(chunk);
      write("\nendstream\nendobj\n");
    }
    const size = offsets.length;
    const xrefAt = at;
    let xref = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
    for (let n = 1; n < size; n++) xref += `${String(offsets[n]).padStart(10, "0")} 00000 n\r\n`;
    write(`${xref}trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
    return at;
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `signPdfFile` in a fresh process (this one holds test garbage) after a warm-up signing
 * of a small file (modules, crypto), and the time. `growth` is the peak RSS (maxRSS) after
 * signing minus the RSS just before: an upper bound (the peak may be the warm-up's own).
 */
export function signFileInFreshProcess(
  input: string,
  output: string,
  signer: { key: KeyObject; certificate: Uint8Array; chain: Uint8Array[] },
): { growth: number; before: number; after: number; ms: number } {
  const work = mkdtempSync(join(tmpdir(), "tilts-sign-child-"));
  try {
    writeFileSync(join(work, "key.pem"), signer.key.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(join(work, "cert.der"), signer.certificate);
    writeFileSync(
      join(work, "chain.json"),
      JSON.stringify(signer.chain.map((c) => Buffer.from(c).toString("base64"))),
    );
    const module = (name: string) => JSON.stringify(new URL(name, import.meta.url).href);
    const script = `
      import { readFileSync } from "node:fs";
      import { createPrivateKey } from "node:crypto";
      import { signPdfFile } from ${module("../sign-pdf-file.ts")};
      import { writeLargeTestPdf } from ${module("./large-pdf.ts")};
      const work = ${JSON.stringify(work)};
      const signer = { key: createPrivateKey(readFileSync(work + "/key.pem")), certificate: new Uint8Array(readFileSync(work + "/cert.der")),
        chain: JSON.parse(readFileSync(work + "/chain.json", "utf8")).map((c) => new Uint8Array(Buffer.from(c, "base64"))) };
      writeLargeTestPdf(work + "/small.pdf", { pages: 1, streamBytes: 1024 });
      await signPdfFile({ input: work + "/small.pdf", output: work + "/small-signed.pdf", signer });
      globalThis.gc?.();
      const before = process.memoryUsage().rss;
      const t0 = performance.now();
      await signPdfFile({ input: ${JSON.stringify(input)}, output: ${JSON.stringify(output)}, signer });
      const ms = performance.now() - t0;
      const after = process.resourceUsage().maxRSS * 1024;
      console.log(JSON.stringify({ before, after, ms }));`;
    const r = spawnSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
        timeout: 600_000,
      },
    );
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split("\n").pop()!) as { before: number; after: number; ms: number };
    return { ...m, growth: m.after - m.before };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
