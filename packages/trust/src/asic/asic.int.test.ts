/**
 * Interop with an independent ZIP implementation, Info-ZIP (Debian `unzip`, `zipinfo`, `zip`):
 * what we write they list, test and extract byte for byte; what `zip` writes we read.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addSignature, createAsicE } from "./asic-create.ts";
import { readAsicE } from "./asic-read.ts";
import { ASIC_E_MEDIA_TYPE } from "./constants.ts";

const text = (s: string) => new TextEncoder().encode(s);
const work = mkdtempSync(join(tmpdir(), "tilts-asic-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (cmd: string, args: string[], cwd = work) =>
  execFileSync(cmd, args, { cwd, env: { ...process.env, LC_ALL: "C.UTF-8" } });

describe("Info-ZIP reads what we write", () => {
  const pdf = new Uint8Array(20_000).map((_, i) => (i * 131) % 256);
  const container = addSignature(
    createAsicE({
      dataFiles: [
        { name: "līgums ēka.pdf", mediaType: "application/pdf", content: pdf },
        { name: "test+test.txt", mediaType: "text/plain", content: text("plus stays plus\n") },
      ],
      signatures: [text("<asic:XAdESSignatures xmlns:asic='http://uri.etsi.org/02918/v1.2.1#'/>")],
    }),
    text(
      "<asic:XAdESSignatures xmlns:asic='http://uri.etsi.org/02918/v1.2.1#'><second/></asic:XAdESSignatures>",
    ),
  );
  const file = join(work, "container.edoc");
  writeFileSync(file, container);

  it("unzip -t finds no errors and unzip -l lists every entry", () => {
    expect(run("unzip", ["-t", file]).toString()).toContain("No errors detected");
    const listing = run("unzip", ["-Z1", file]).toString().trim().split("\n");
    expect(listing).toEqual([
      "mimetype",
      "līgums ēka.pdf",
      "test+test.txt",
      "META-INF/manifest.xml",
      "META-INF/signatures0.xml",
      "META-INF/signatures1.xml",
    ]);
    expect(run("unzip", ["-l", file]).toString()).toContain("6 files");
  });

  it("zipinfo shows mimetype first and stored, data deflated", () => {
    const lines = run("zipinfo", [file]).toString().split("\n");
    const entryLines = lines.filter((l) => /^[-d?l]/.test(l));
    expect(entryLines[0]).toMatch(/\bstor\b.*\smimetype$/);
    expect(entryLines[1]).toMatch(/\bdef[NXFS]\b.*\slīgums ēka\.pdf$/);
  });

  it("unzip -p extracts the same bytes", () => {
    expect(run("unzip", ["-p", file, "mimetype"]).toString()).toBe(ASIC_E_MEDIA_TYPE);
    expect(new Uint8Array(run("unzip", ["-p", file, "līgums ēka.pdf"]))).toEqual(pdf);
    expect(run("unzip", ["-p", file, "test+test.txt"]).toString()).toBe("plus stays plus\n");
    expect(run("unzip", ["-p", file, "META-INF/signatures1.xml"]).toString()).toContain("<second/>");
  });
});

describe("we read what Info-ZIP writes", () => {
  it("reads a container made with zip -X -0 mimetype, then zip -r", () => {
    const dir = join(work, "src");
    mkdirSync(join(dir, "META-INF"), { recursive: true });
    writeFileSync(join(dir, "mimetype"), ASIC_E_MEDIA_TYPE);
    writeFileSync(join(dir, "Sample File.txt"), "x ".repeat(1000));
    writeFileSync(
      join(dir, "META-INF", "manifest.xml"),
      `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="${ASIC_E_MEDIA_TYPE}"/><manifest:file-entry manifest:full-path="Sample File.txt" manifest:media-type="text/plain"/></manifest:manifest>`,
    );
    writeFileSync(join(dir, "META-INF", "signatures0.xml"), "<sig/>");
    const out = join(work, "by-zip.asice");
    run("zip", ["-q", "-X", "-0", out, "mimetype"], dir);
    run("zip", ["-q", "-X", "-r", out, "Sample File.txt", "META-INF"], dir);
    const read = readAsicE(new Uint8Array(readFileSync(out)));
    expect(read.warnings).toEqual([]);
    expect(read.dataFiles.map((f) => [f.name, f.mediaType, f.size])).toEqual([
      ["Sample File.txt", "text/plain", 2000],
    ]);
    expect(read.signatureFiles.map((f) => f.name)).toEqual(["META-INF/signatures0.xml"]);

    // Info-ZIP writes extra fields and a directory entry (META-INF/); adding a signature keeps them.
    const signed = addSignature(new Uint8Array(readFileSync(out)), text("<sig2/>"));
    const file = join(work, "by-zip-signed.asice");
    writeFileSync(file, signed);
    expect(run("unzip", ["-t", file]).toString()).toContain("No errors detected");
    expect(run("unzip", ["-p", file, "META-INF/signatures1.xml"]).toString()).toBe("<sig2/>");
  });

  it("reads Zip64 records (zip -fz) and data descriptors (zip to a pipe), and appends to both", () => {
    const dir = join(work, "z64");
    mkdirSync(join(dir, "META-INF"), { recursive: true });
    writeFileSync(join(dir, "mimetype"), ASIC_E_MEDIA_TYPE);
    writeFileSync(join(dir, "līgums ēka.pdf"), "līgums\n".repeat(300));
    writeFileSync(join(dir, "META-INF", "signatures0.xml"), "<sig/>");
    const files = ["līgums ēka.pdf", "META-INF/signatures0.xml"];
    const zip64 = join(work, "zip64.asice");
    run("zip", ["-q", "-X", "-0", "-fz", zip64, "mimetype"], dir);
    run("zip", ["-q", "-X", "-fz", zip64, ...files], dir);
    // Writing to stdout (not seekable) makes zip put sizes in data descriptors after each entry.
    const streamed = new Uint8Array(run("zip", ["-q", "-X", "-", "mimetype", ...files], dir));
    for (const [bytes, expected] of [
      [new Uint8Array(readFileSync(zip64)), ["mimetype-extra-field", "manifest-missing"]],
      [streamed, ["mimetype-compressed", "manifest-missing"]],
    ] as const) {
      const read = readAsicE(bytes);
      expect(read.warnings.map((w) => w.code)).toEqual(expected);
      expect(read.dataFiles.map((f) => [f.name, f.size])).toEqual([["līgums ēka.pdf", 2400]]);
      const signed = addSignature(bytes, text("<sig2/>"));
      const file = join(work, "appended.asice");
      writeFileSync(file, signed);
      expect(run("unzip", ["-t", file]).toString()).toContain("No errors detected");
      expect(readAsicE(signed).signatureFiles.map((f) => f.name)).toEqual([
        "META-INF/signatures0.xml",
        "META-INF/signatures1.xml",
      ]);
    }
  });
});
