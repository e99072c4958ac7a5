/**
 * Test documents and PDF tools for the PAdES tests: PDFs built with pdf-lib (its job here:
 * making ordinary documents, with or without object streams), hand-written incremental
 * updates for the modification suite, and the Debian checkers `pdfsig` and `qpdf`.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { createCipheriv } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { PdfDocument } from "../pdf-document.ts";

export async function buildTestPdf(
  options: { pages?: number; text?: string; objectStreams?: boolean; padBytes?: number } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date("2026-01-01T00:00:00Z"));
  doc.setModificationDate(new Date("2026-01-01T00:00:00Z"));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < (options.pages ?? 1); i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(options.text ?? `Nosūtījums ${i + 1}`.replace("ū", "u").replace("ī", "i"), {
      x: 50,
      y: 780,
      size: 14,
      font,
    });
  }
  if (options.padBytes) {
    // An incompressible attachment makes a file of the wanted size (AES-CTR keystream: fast,
    // deterministic).
    const data = createCipheriv("aes-128-ctr", Buffer.alloc(16, 1), Buffer.alloc(16, 2)).update(
      Buffer.alloc(options.padBytes),
    );
    await doc.attach(new Uint8Array(data), "data.bin", { mimeType: "application/octet-stream" });
  }
  return doc.save({ useObjectStreams: options.objectStreams ?? true });
}

/** Appends a hand-written incremental update: objects given as "n 0 obj … endobj" bodies. */
export function appendUpdate(
  pdf: Uint8Array,
  objects: Record<number, string>,
  extra: {
    root?: number;
    noPrev?: boolean;
    /** Entries pointing at objects already in the file: [number, offset]. */
    keep?: [number, number][];
  } = {},
): Uint8Array {
  const doc = PdfDocument.open(pdf);
  let body = "\n";
  const offsets: [number, number][] = [];
  for (const [num, text] of Object.entries(objects)) {
    offsets.push([Number(num), pdf.length + Buffer.byteLength(body, "latin1")]);
    body += `${num} 0 obj\n${text}\nendobj\n`;
  }
  offsets.push(...(extra.keep ?? []));
  offsets.sort((a, b) => a[0] - b[0]);
  const xrefAt = pdf.length + Buffer.byteLength(body, "latin1");
  body += "xref\n";
  for (const [num, off] of offsets) body += `${num} 1\n${String(off).padStart(10, "0")} 00000 n\r\n`;
  const root = extra.root ?? doc.rootRef().num;
  const size = Math.max(doc.size(), ...offsets.map(([n]) => n + 1));
  body += `trailer\n<</Size ${size} /Root ${root} 0 R${extra.noPrev ? "" : ` /Prev ${doc.startxref}`}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([pdf, Buffer.from(body, "latin1")]));
}

export const hasTool = (tool: string) => spawnSync("which", [tool]).status === 0;

function tempFile(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "tilts-pades-"));
  const file = join(dir, "doc.pdf");
  writeFileSync(file, bytes);
  return file;
}

/** `pdfsig -nocert`: the signatures' cryptographic verdicts and signer names (poppler). */
export function pdfsig(bytes: Uint8Array): { signer: string; type: string; validation: string }[] {
  const r = spawnSync("pdfsig", ["-nocert", tempFile(bytes)], { encoding: "utf8", timeout: 30_000 });
  return parsePdfsig(r.stdout);
}

function parsePdfsig(stdout: string): { signer: string; type: string; validation: string }[] {
  return blocks(stdout).map(({ signer, type, validation }) => ({ signer, type, validation }));
}

function blocks(stdout: string) {
  return stdout
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block) => {
      const field = (label: string) => new RegExp(`- ${label}: (.*)$`, "m").exec(block)?.[1]?.trim() ?? "";
      return {
        signer: field("Signer Certificate Common Name"),
        type: field("Signature Type"),
        validation: field("Signature Validation"),
        certificate: field("Certificate Validation"),
      };
    });
}

/**
 * `pdfsig` with certificate checks: a fresh NSS database (certutil) in which only `anchors`
 * are trusted for signing ("CT,C,C"), and NSS's OCSP check against the URL the certificates
 * name. Asynchronous, so that a revocation server in this process can answer (see
 * `revocation-server.ts`). poppler 22.12 reads NSS's last error even when the chain verifies,
 * so a failed OCSP fetch shows as "Unknown issue with Certificate": the responder must answer.
 */
export async function pdfsigTrusted(
  bytes: Uint8Array,
  anchors: Uint8Array[],
): Promise<{ signer: string; type: string; validation: string; certificate: string }[]> {
  const run = promisify(execFile);
  const file = tempFile(bytes);
  const dir = mkdtempSync(join(tmpdir(), "tilts-nss-"));
  const db = `sql:${dir}`;
  await run("certutil", ["-N", "-d", db, "--empty-password"]);
  for (const [i, anchor] of anchors.entries()) {
    writeFileSync(join(dir, `anchor-${i}.der`), anchor);
    await run("certutil", [
      "-A",
      "-d",
      db,
      "-n",
      `anchor-${i}`,
      "-t",
      "CT,C,C",
      "-i",
      join(dir, `anchor-${i}.der`),
    ]);
  }
  const { stdout } = await run("pdfsig", ["-nssdir", db, file], { timeout: 60_000 });
  return blocks(stdout);
}

/** `qpdf --check`: exit 0 and no errors (exit 3 = warnings only, also reported). */
export function qpdfCheck(bytes: Uint8Array): { status: number; output: string } {
  try {
    const output = execFileSync("qpdf", ["--check", tempFile(bytes)], { encoding: "utf8", timeout: 30_000 });
    return { status: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, output: `${e.stdout}${e.stderr}` };
  }
}
