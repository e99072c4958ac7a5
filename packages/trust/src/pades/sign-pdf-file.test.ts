/**
 * Signing a PDF on disk without holding it (SIG-2): the result is the original, byte for byte,
 * plus one incremental update, and it validates; signing a 40 MB file in a fresh process grows
 * its peak memory by far less than the file — bounded by the largest object read, not the file.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { edocTestPki } from "../edoc/testing/edoc-test-pki.ts";
import { signPdf } from "./sign-pdf.ts";
import { signPdfFile } from "./sign-pdf-file.ts";
import { signFileInFreshProcess, writeLargeTestPdf } from "./testing/large-pdf.ts";
import { buildTestPdf } from "./testing/test-pdf.ts";
import { validatePdf } from "./validate-pdf.ts";

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), "tilts-sign-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("signPdfFile", () => {
  const pki = edocTestPki();

  for (const [what, make] of [
    ["xref-table original", () => buildTestPdf({ objectStreams: false })],
    ["xref-stream original with object streams", () => buildTestPdf({ objectStreams: true })],
    [
      "already signed (a second revision)",
      async () => signPdf({ pdf: await buildTestPdf(), signer: pki.issueSigner({ cn: "JANIS OZOLS" }) }),
    ],
  ] as const) {
    it(`B-T of an ${what}: earlier bytes untouched, every signature valid`, async () => {
      const original = await make();
      const input = join(dir, "in.pdf");
      const output = join(dir, "out.pdf");
      writeFileSync(input, original);
      const length = await signPdfFile({
        input,
        output,
        signer: pki.issueSigner(),
        level: "T",
        tsa: pki.tsa,
      });
      const signed = new Uint8Array(readFileSync(output));
      expect(signed.length).toBe(length);
      expect(Buffer.compare(signed.subarray(0, original.length), original)).toBe(0);
      const report = await validatePdf(signed, { anchors: [pki.root], fetchers: pki.fetchers });
      const last = report.signatures.at(-1)!;
      expect([last.signedBy, last.indication, last.format]).toEqual([
        "ANNA BERZINA",
        "TOTAL-PASSED",
        "PAdES-BASELINE-T",
      ]);
      expect(report.valid).toBe(true);
    });
  }

  it("refuses to overwrite the original and leaves no half-signed output", async () => {
    const input = join(dir, "same.pdf");
    writeFileSync(input, await buildTestPdf());
    await expect(signPdfFile({ input, output: input, signer: pki.issueSigner() })).rejects.toMatchObject({
      code: "pades-bad-input",
    });
    writeFileSync(input, Buffer.from("%PDF-1.7\nnot really a PDF\n"));
    const output = join(dir, "never.pdf");
    await expect(signPdfFile({ input, output, signer: pki.issueSigner() })).rejects.toMatchObject({
      code: "pdf-truncated",
    });
    expect(() => readFileSync(output)).toThrow();
  });

  it("a hostile file read in pieces gets the reader's typed errors: a /Prev loop, an offset past the end", async () => {
    const objects = [
      "<</Type /Catalog /Pages 2 0 R>>",
      "<</Type /Pages /Kids [3 0 R] /Count 1>>",
      "<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>>",
    ];
    const write = (name: string, entry: (offsets: number[]) => number[], prevSelf: boolean) => {
      let body = "%PDF-1.7\n";
      const offsets = objects.map((o, i) => {
        const at = body.length;
        body += `${i + 1} 0 obj\n${o}\nendobj\n`;
        return at;
      });
      const xrefAt = body.length;
      const rows = entry(offsets)
        .map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`)
        .join("");
      body += `xref\n0 4\n0000000000 65535 f\r\n${rows}trailer\n<</Size 4 /Root 1 0 R${prevSelf ? ` /Prev ${xrefAt}` : ""}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
      const path = join(dir, name);
      writeFileSync(path, body, "latin1");
      return path;
    };
    const cases = [
      [write("loop.pdf", (o) => o, true), "pdf-xref-loop"],
      [write("past-end.pdf", (o) => [o[0]!, 10_000_000, o[2]!], false), "pdf-truncated"],
    ] as const;
    for (const [input, code] of cases) {
      const output = `${input}.signed`;
      await expect(signPdfFile({ input, output, signer: pki.issueSigner() })).rejects.toMatchObject({ code });
      expect(() => readFileSync(output)).toThrow();
    }
  });

  it("a 40 MB file: peak memory grows by far less than the file, and the result verifies", async () => {
    const input = join(dir, "large.pdf");
    const output = join(dir, "large-signed.pdf");
    const largest = 10 * MB;
    const size = writeLargeTestPdf(input, { pages: 4, streamBytes: largest });
    const m = signFileInFreshProcess(input, output, pki.issueSigner());
    // Growth of the peak over the warmed-up process: the update, the objects read, buffers.
    expect(m.growth).toBeLessThan(largest);
    expect(m.growth).toBeLessThan(size / 8);
    const signed = new Uint8Array(readFileSync(output));
    expect(createHash("sha256").update(signed.subarray(0, size)).digest("hex")).toBe(
      createHash("sha256").update(readFileSync(input)).digest("hex"),
    );
    const report = await validatePdf(signed, { anchors: [pki.root], fetchers: pki.fetchers });
    expect([report.valid, report.signatures[0]!.format]).toEqual([true, "PAdES-BASELINE-B"]);
  }, 120_000);
});
