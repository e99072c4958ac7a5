import { describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { addSignature, createAsicE, nextSignatureEntryName } from "./asic-create.ts";
import { readAsicE } from "./asic-read.ts";
import { ASIC_E_MEDIA_TYPE } from "./constants.ts";
import { AsicError } from "./errors.ts";
import { resolveZipLimits } from "./limits.ts";
import { rawZip } from "./test-zip-builder.ts";
import { readZipDirectory } from "./zip-directory.ts";
import { writeZip } from "./zip-write.ts";

const text = (s: string) => new TextEncoder().encode(s);
const MANIFEST = (files: string[]) =>
  text(
    `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.etsi.asic-e+zip"/>${files
      .map((f) => `<manifest:file-entry manifest:full-path="${f}" manifest:media-type="text/plain"/>`)
      .join("")}</manifest:manifest>`,
  );
const SIG = (id: string) =>
  text(
    `<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"><Id>${id}</Id></asic:XAdESSignatures>`,
  );
const at = new Date(Date.UTC(2025, 4, 17, 10, 43, 48));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedInputError);
    return (error as AsicError).code;
  }
  throw new Error("expected a refusal");
}

describe("createAsicE / readAsicE", () => {
  const pdf = new Uint8Array(5000).map((_, i) => (i * 7) % 251);
  const container = createAsicE({
    dataFiles: [
      { name: "līgums ēka.pdf", mediaType: "application/pdf", content: pdf },
      { name: "test+test.txt", mediaType: "text/plain", content: text("plus is literal") },
      { name: "Sample File.txt", content: text("no media type given") },
    ],
    signatures: [SIG("S0")],
    modifiedAt: at,
    comment: "EDOC/2.0; TILTS",
  });

  it("round-trips names, contents, media types and signatures", () => {
    const read = readAsicE(container);
    expect(read.mediaType).toBe(ASIC_E_MEDIA_TYPE);
    expect(read.warnings).toEqual([]);
    expect(read.mimetypeWarnings).toEqual([]);
    expect(read.dataFiles.map((f) => [f.name, f.mediaType, f.size])).toEqual([
      ["līgums ēka.pdf", "application/pdf", 5000],
      ["test+test.txt", "text/plain", 15],
      ["Sample File.txt", "application/octet-stream", 19],
    ]);
    expect(read.dataFiles[0]?.content).toEqual(pdf);
    expect(read.signatureFiles).toEqual([{ name: "META-INF/signatures0.xml", content: SIG("S0") }]);
    expect(read.manifest?.rootMediaType).toBe(ASIC_E_MEDIA_TYPE);
    expect(read.manifest?.version).toBe("1.2");
    expect(read.comment).toBe("EDOC/2.0; TILTS");
  });

  it("puts mimetype first, STORED, name at offset 30 and content at offset 38 (EN 319 162-1 §A.1)", () => {
    const view = new DataView(container.buffer, container.byteOffset);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(6, true)).toBe(0); // flags
    expect(view.getUint16(8, true)).toBe(0); // STORED
    expect(view.getUint16(26, true)).toBe(8); // name length
    expect(view.getUint16(28, true)).toBe(0); // no extra field
    expect(new TextDecoder().decode(container.subarray(30, 38))).toBe("mimetype");
    expect(new TextDecoder().decode(container.subarray(38, 38 + ASIC_E_MEDIA_TYPE.length))).toBe(
      ASIC_E_MEDIA_TYPE,
    );
    const entries = readZipDirectory(container, resolveZipLimits()).entries;
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ["mimetype", 0],
      ["līgums ēka.pdf", 8],
      ["test+test.txt", 8],
      ["Sample File.txt", 8],
      ["META-INF/manifest.xml", 8],
      ["META-INF/signatures0.xml", 8],
    ]);
  });

  it("escapes manifest attributes", () => {
    const c = createAsicE({
      dataFiles: [{ name: `a&b<c>"d'.txt`, mediaType: 'text/plain; x="1&2"', content: text("x") }],
    });
    const read = readAsicE(c);
    expect(read.warnings).toEqual([]);
    expect(read.dataFiles[0]).toMatchObject({ name: `a&b<c>"d'.txt`, mediaType: 'text/plain; x="1&2"' });
    const manifest = new TextDecoder().decode(
      read.otherMetaInfFiles.find((f) => f.name === "META-INF/manifest.xml")?.content,
    );
    expect(manifest).toContain('manifest:full-path="a&#38;b&#60;c&#62;&#34;d\'.txt"');
  });

  it("refuses unusable data files", () => {
    const c = (name: string) => () => createAsicE({ dataFiles: [{ name, content: text("x") }] });
    expect(codeOf(c("../x.txt"))).toBe("path-traversal");
    expect(codeOf(c("/etc/passwd"))).toBe("path-traversal");
    expect(codeOf(c("a\\b.txt"))).toBe("path-traversal");
    expect(codeOf(c("META-INF/signatures0.xml"))).toBe("bad-argument");
    expect(codeOf(c("meta-inf/x.xml"))).toBe("bad-argument");
    expect(codeOf(c("mimetype"))).toBe("bad-argument");
    expect(codeOf(c("dir/"))).toBe("bad-file-name");
    expect(codeOf(c("x".repeat(2000)))).toBe("name-too-long");
    expect(codeOf(() => createAsicE({ dataFiles: [] }))).toBe("bad-argument");
    expect(
      codeOf(() =>
        createAsicE({
          dataFiles: [
            { name: "a", content: text("1") },
            { name: "a", content: text("2") },
          ],
        }),
      ),
    ).toBe("duplicate-entry");
  });
});

describe("addSignature", () => {
  const original = createAsicE({
    dataFiles: [
      { name: "a.txt", mediaType: "text/plain", content: text("first file") },
      { name: "b c+d.bin", content: new Uint8Array(3000).fill(9) },
    ],
    signatures: [SIG("S0")],
    modifiedAt: at,
    comment: "kept",
  });

  it("appends META-INF/signatures1.xml and keeps every earlier byte", () => {
    const signed = addSignature(original, SIG("S1"), { modifiedAt: at });
    const before = readZipDirectory(original, resolveZipLimits());
    // Everything up to the old central directory (all local headers and compressed data) is unchanged.
    expect(signed.subarray(0, before.centralDirectoryOffset)).toEqual(
      original.subarray(0, before.centralDirectoryOffset),
    );
    const after = readZipDirectory(signed, resolveZipLimits());
    for (const old of before.entries) {
      const now = after.entries.find((e) => e.name === old.name);
      expect(now).toMatchObject({
        localHeaderOffset: old.localHeaderOffset,
        compressedSize: old.compressedSize,
        crc32: old.crc32,
      });
      expect(signed.subarray(old.dataOffset, old.dataOffset + old.compressedSize)).toEqual(
        original.subarray(old.dataOffset, old.dataOffset + old.compressedSize),
      );
    }
    const read = readAsicE(signed);
    expect(read.warnings).toEqual([]);
    expect(read.comment).toBe("kept");
    expect(read.signatureFiles.map((s) => s.name)).toEqual([
      "META-INF/signatures0.xml",
      "META-INF/signatures1.xml",
    ]);
    expect(read.signatureFiles[1]?.content).toEqual(SIG("S1"));
    expect(read.dataFiles.map((f) => f.content)).toEqual(readAsicE(original).dataFiles.map((f) => f.content));

    const third = readAsicE(addSignature(signed, SIG("S2")));
    expect(third.signatureFiles.map((s) => s.name).at(-1)).toBe("META-INF/signatures2.xml");
  });

  it("keeps raw entries of containers written by others (deflated mimetype, data descriptor gap bytes)", () => {
    const foreign = writeZip(
      [
        { name: "doc.txt", content: text("hello"), method: "deflated" },
        { name: "META-INF/manifest.xml", content: MANIFEST(["doc.txt"]), method: "deflated" },
        { name: "META-INF/edoc-signatures-S1.xml", content: SIG("S1"), method: "deflated" },
      ],
      { modifiedAt: at },
    );
    const signed = addSignature(foreign, SIG("S2"));
    const cd = readZipDirectory(foreign, resolveZipLimits()).centralDirectoryOffset;
    expect(signed.subarray(0, cd)).toEqual(foreign.subarray(0, cd));
    const read = readAsicE(signed);
    expect(read.signatureFiles.map((s) => s.name)).toEqual([
      "META-INF/edoc-signatures-S1.xml",
      "META-INF/signatures0.xml",
    ]);
  });

  it("picks one past the highest signature number", () => {
    expect(nextSignatureEntryName([])).toBe("META-INF/signatures0.xml");
    expect(nextSignatureEntryName(["META-INF/signatures001.xml", "META-INF/signatures2.xml"])).toBe(
      "META-INF/signatures3.xml",
    );
    expect(nextSignatureEntryName(["META-INF/edoc-signatures-S1.xml"])).toBe("META-INF/signatures0.xml");
  });

  it("refuses to sign into something that is not ASiC-E", () => {
    expect(codeOf(() => addSignature(text("not a zip at all"), SIG("S1")))).toBe("not-a-zip");
    expect(codeOf(() => addSignature(original, new Uint8Array(0)))).toBe("bad-argument");
  });
});

describe("tolerant reading", () => {
  const data = { name: "doc.txt", content: text("hello"), method: "deflated" as const };
  const manifest = {
    name: "META-INF/manifest.xml",
    content: MANIFEST(["doc.txt"]),
    method: "deflated" as const,
  };
  const signature = { name: "META-INF/signatures0.xml", content: SIG("S0"), method: "deflated" as const };
  const mimetype = { name: "mimetype", content: text(ASIC_E_MEDIA_TYPE), method: "stored" as const };
  const codes = (bytes: Uint8Array) => readAsicE(bytes).warnings.map((w) => w.code);
  const zip = (entries: Parameters<typeof writeZip>[0]) => writeZip(entries, { modifiedAt: at });

  it("warns when mimetype is last", () => {
    const read = readAsicE(zip([data, manifest, signature, mimetype]));
    expect(read.mimetypeWarnings.map((w) => w.code)).toEqual(["mimetype-not-first"]);
    expect(read.dataFiles.map((f) => [f.name, f.mediaType])).toEqual([["doc.txt", "text/plain"]]);
  });

  it("warns when mimetype is missing but the manifest or signatures say ASiC-E", () => {
    expect(codes(zip([data, manifest, signature]))).toEqual(["mimetype-missing"]);
    expect(codes(zip([data, signature]))).toEqual(["mimetype-missing", "manifest-missing"]);
    expect(codes(zip([data, manifest]))).toEqual(["mimetype-missing"]);
  });

  it("warns when mimetype is deflated or padded", () => {
    expect(codes(zip([{ ...mimetype, method: "deflated" }, data, manifest]))).toEqual([
      "mimetype-compressed",
    ]);
    expect(codes(zip([{ ...mimetype, content: text(`${ASIC_E_MEDIA_TYPE}\n`) }, data, manifest]))).toEqual([
      "mimetype-whitespace",
    ]);
  });

  it("cross-checks manifest and data files", () => {
    const extra = { name: "extra file.txt", content: text("x"), method: "deflated" as const };
    const listsGhost = { ...manifest, content: MANIFEST(["doc.txt", "ghost.txt", "doc.txt"]) };
    const read = readAsicE(zip([mimetype, data, extra, listsGhost]));
    expect(read.warnings.map((w) => w.code)).toEqual([
      "manifest-file-missing",
      "manifest-duplicate-entry",
      "data-file-not-in-manifest",
    ]);
    expect(read.dataFiles.find((f) => f.name === "extra file.txt")?.mediaType).toBe(
      "application/octet-stream",
    );
  });

  it("treats a malformed manifest as a warning, with octet-stream media types", () => {
    for (const bad of ["<manifest", '<!DOCTYPE x [<!ENTITY a "b">]><x/>', "<other xmlns='urn:x'/>"]) {
      const read = readAsicE(zip([mimetype, data, { ...manifest, content: text(bad) }]));
      expect(read.warnings.map((w) => w.code)).toEqual(["manifest-malformed"]);
      expect(read.dataFiles[0]?.mediaType).toBe("application/octet-stream");
    }
  });

  it("refuses ZIPs that are not ASiC-E", () => {
    expect(
      codeOf(() => readAsicE(zip([{ ...mimetype, content: text("application/vnd.etsi.asic-s+zip") }, data]))),
    ).toBe("not-asic-e");
    expect(
      codeOf(() =>
        readAsicE(zip([{ ...mimetype, content: text("application/vnd.oasis.opendocument.text") }])),
      ),
    ).toBe("not-asic-e");
    expect(codeOf(() => readAsicE(zip([data])))).toBe("not-asic-e");
  });

  it("recognises the legacy eDoc 1.x layout as unsupported", () => {
    const legacy = zip([
      { name: "[Content_Types].xml", content: text("<Types/>"), method: "deflated" },
      { name: "_rels/.rels", content: text("<Relationships/>"), method: "deflated" },
      { name: "EDoc/Documents/līgums.doc", content: text("doc"), method: "deflated" },
      { name: "EDoc/Signature/signature1.xml", content: text("<Signature/>"), method: "deflated" },
    ]);
    expect(codeOf(() => readAsicE(legacy))).toBe("unsupported-legacy-edoc");
  });

  it("refuses non-ZIP input", () => {
    expect(codeOf(() => readAsicE(new Uint8Array(0)))).toBe("not-a-zip");
    expect(codeOf(() => readAsicE(text("%PDF-1.7\n...")))).toBe("not-a-zip");
  });

  it("reads names that are not UTF-8 as CP437, with a warning", () => {
    // "Ž" is not in CP437; 0x82 0x84 = "éä" there, and not valid UTF-8 (no bit 11 set).
    const name = new Uint8Array([0x82, 0x84, 0x2e, 0x74, 0x78, 0x74]);
    const bytes = rawZip([
      { name: "mimetype", data: text(ASIC_E_MEDIA_TYPE), flags: 0 },
      { name, data: text("x"), flags: 0 },
      { name: "META-INF/manifest.xml", data: MANIFEST(["éä.txt"]) },
    ]);
    const read = readAsicE(bytes);
    expect(read.dataFiles.map((f) => f.name)).toEqual(["éä.txt"]);
    expect(read.warnings.map((w) => w.code)).toEqual(["file-name-not-utf8"]);
    // With bit 11 set, invalid UTF-8 is refused rather than guessed.
    expect(codeOf(() => readAsicE(rawZip([{ name, data: text("x"), flags: 0x0800 }])))).toBe("bad-file-name");
  });

  it("ignores directory entries", () => {
    const read = readAsicE(
      zip([
        mimetype,
        { name: "sub/", content: new Uint8Array(0), method: "stored" },
        { ...data, name: "sub/doc.txt" },
        { ...manifest, content: MANIFEST(["sub/doc.txt"]) },
      ]),
    );
    expect(read.dataFiles.map((f) => f.name)).toEqual(["sub/doc.txt"]);
    expect(read.warnings).toEqual([]);
  });
});
