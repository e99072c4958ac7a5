/**
 * `tilts sign --format pdf`, `tilts verify file.pdf` and `tilts augment` end to end over
 * loopback HTTP with the testbed (PKI, RFC 3161 TSA, OCSP/CRL, trusted list) — SIG-2, SIG-3:
 * PAdES at B, T, LT and LTA in the eDoc JSON contract, checked by poppler's pdfsig and
 * `qpdf --check` as well; a second signer; augmenting an eDoc and a PDF without changing what
 * is signed; no "OCSP before the time-stamp" warning on our own LT signatures; a revoked
 * signing certificate refused before signing (SIG-4).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPkcs12, issuePerson, TestPki, testbedPkiPlugin } from "@tilts/testbed";
import { readAsicE } from "@tilts/trust";
import { buildTestPdf, hasTool, pdfsig, qpdfCheck } from "@tilts/trust/testing";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../command.ts";
import { main } from "../main.ts";

let dir: string;
let app: FastifyInstance;
let base: string;
let pki: TestPki;
let tlFile: string;
let pdfFile: string;
const P12_ENV = { TILTS_P12_PASSWORD: "parole-1" };
const POPPLER = hasTool("pdfsig") && hasTool("qpdf");

async function tilts(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env };
  const code = await main(args, io);
  return { code, out, err };
}

async function person(name: string, surname: string, file: string) {
  const credential = issuePerson(pki, { givenName: name, surname, ca: "eid" });
  const path = join(dir, file);
  writeFileSync(path, await buildPkcs12({ ...credential, password: "parole-1" }));
  return { p12: path, serial: credential.record.serial };
}

function signArgs(input: string, out: string, p12: string, level: string, format = "pdf"): string[] {
  return [
    "sign",
    "--in",
    input,
    "--out",
    out,
    "--format",
    format,
    "--key",
    p12,
    "--password-env",
    "TILTS_P12_PASSWORD",
    "--level",
    level,
    ...(level === "B" ? [] : ["--tsa", `${base}/tsa`]),
  ];
}

async function verifyJson(file: string, extra: string[] = []) {
  const r = await tilts(["verify", file, "--json", "--tl", tlFile, ...extra]);
  return { code: r.code, report: JSON.parse(r.out), err: r.err };
}

type Sig = { indication: string; subIndication: string | null; format: string; warnings: { code: string }[] };
const verdicts = (report: { signatures: Sig[] }) =>
  report.signatures.map((s) => [s.indication, s.subIndication, s.format]);
const warningCodes = (report: { signatures: Sig[] }) =>
  report.signatures.flatMap((s) => s.warnings.map((w) => w.code));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-sign-pdf-"));
  const stateDir = join(dir, "data", "testbed", "pki");
  app = Fastify();
  await app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir });
  base = `${await app.listen({ host: "127.0.0.1", port: 0 })}/testbed`;
  pki = TestPki.create(stateDir, { baseUrl: base });
  tlFile = join(dir, "LV.xml");
  writeFileSync(tlFile, new Uint8Array(await (await fetch(`${base}/tl/LV.xml`)).arrayBuffer()));
  pdfFile = join(dir, "Līgums.pdf");
  writeFileSync(pdfFile, await buildTestPdf({ objectStreams: false }));
  writeFileSync(join(dir, "Līgums.txt"), "Puses vienojas…\n");
}, 60_000);

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("tilts sign --format pdf → tilts verify file.pdf", () => {
  for (const level of ["B", "T", "LT", "LTA"]) {
    it(`PAdES B-${level}: TOTAL-PASSED and QESig in the eDoc contract; pdfsig and qpdf agree`, async () => {
      const { p12 } = await person("Anna", "Bērziņa", `anna-${level}.p12`);
      const out = join(dir, `signed-${level}.pdf`);
      const signed = await tilts(signArgs(pdfFile, out, p12, level), P12_ENV);
      expect([signed.code, signed.err, signed.out]).toEqual([
        0,
        "",
        `signed (pdf, PAdES-BASELINE-${level}) → ${out}\n`,
      ]);
      const bytes = new Uint8Array(readFileSync(out));
      // Incremental: the original is the signed file's first bytes.
      expect(Buffer.from(bytes.subarray(0, readFileSync(pdfFile).length)).equals(readFileSync(pdfFile))).toBe(
        true,
      );
      const online = level === "B" || level === "T" ? ["--online"] : [];
      const { code, report } = await verifyJson(out, online);
      expect(report.container).toBe("PDF");
      expect(report.files).toEqual([
        { name: `signed-${level}.pdf`, size: bytes.length, mediaType: "application/pdf" },
      ]);
      const s = report.signatures[0];
      expect(s.errors).toEqual([]);
      expect([s.indication, s.subIndication, s.qualification, s.format, s.scope]).toEqual([
        "TOTAL-PASSED",
        null,
        "QESig",
        `PAdES-BASELINE-${level}`,
        "FULL",
      ]);
      expect(s.signedBy).toMatch(/BĒRZIŅA/i);
      expect(s.signerId).toMatch(/^PNOLV-\d{6}-\d{5}$/);
      expect(s.coveredFiles).toEqual([`signed-${level}.pdf`]);
      expect(s.timestamps.map((t: { type: string }) => t.type)).toEqual(
        { B: [], T: ["SIGNATURE"], LT: ["SIGNATURE"], LTA: ["SIGNATURE", "ARCHIVE"] }[level],
      );
      // Our OCSP answers are fetched after the time-stamp: no "OCSP before TST" warning.
      expect(warningCodes(report)).not.toContain("ocsp-before-timestamp");
      expect([code, report.valid]).toEqual([0, true]);
      if (POPPLER) {
        // poppler checks signatures, not document time-stamps ("not yet verified"): ours only.
        const cades = pdfsig(bytes).filter((p) => p.type === "ETSI.CAdES.detached");
        expect(cades.map((p) => [p.signer, p.validation])).toEqual([["ANNA BĒRZIŅA", "Signature is Valid."]]);
        expect(qpdfCheck(bytes).status).toBe(0);
      }
    }, 60_000);
  }

  it("a second signer signs the signed PDF: both TOTAL-PASSED; a changed byte is HASH_FAILURE", async () => {
    const first = await person("Ilze", "Ozola", "ilze.p12");
    const second = await person("Jānis", "Kalniņš", "janis.p12");
    const one = join(dir, "one.pdf");
    const two = join(dir, "two.pdf");
    expect((await tilts(signArgs(pdfFile, one, first.p12, "LT"), P12_ENV)).code).toBe(0);
    expect((await tilts(signArgs(one, two, second.p12, "LTA"), P12_ENV)).code).toBe(0);
    const { code, report } = await verifyJson(two);
    expect(verdicts(report)).toEqual([
      ["TOTAL-PASSED", null, "PAdES-BASELINE-LTA"],
      ["TOTAL-PASSED", null, "PAdES-BASELINE-LTA"],
    ]);
    expect(code).toBe(0);
    // The page text "Nosutijums 1" is inside the first signature's byte range.
    const tampered = Buffer.from(readFileSync(two));
    const at = tampered.indexOf("/MediaBox");
    tampered[at + 1] = "N".charCodeAt(0);
    writeFileSync(join(dir, "tampered.pdf"), tampered);
    const bad = await verifyJson(join(dir, "tampered.pdf"));
    expect(bad.code).toBe(1);
    expect(bad.report.signatures[0].indication).toBe("TOTAL-FAILED");
    expect(bad.report.signatures[0].subIndication).toBe("HASH_FAILURE");
  }, 60_000);

  it("usage and input errors: two --in files, a non-PDF, a missing --tsa exit 2", async () => {
    const { p12 } = await person("Maija", "Liepa", "maija.p12");
    const two = signArgs(pdfFile, join(dir, "x.pdf"), p12, "B");
    two.splice(3, 0, "--in", pdfFile);
    expect((await tilts(two, P12_ENV)).code).toBe(2);
    const notPdf = await tilts(signArgs(join(dir, "Līgums.txt"), join(dir, "y.pdf"), p12, "B"), P12_ENV);
    expect(notPdf.code).toBe(2);
    expect(existsSync(join(dir, "y.pdf"))).toBe(false);
    expect((await tilts(["augment", pdfFile, "--level", "LTA", "--out", join(dir, "z.pdf")])).code).toBe(2);
  }, 60_000);
});

describe("tilts sign refuses a revoked signing certificate (SIG-4)", () => {
  it("revoked (OCSP says so) → exit 1 before signing, nothing written", async () => {
    const { p12, serial } = await person("Pēteris", "Zariņš", "revoked.p12");
    pki.revoke(serial, "keyCompromise", new Date(Date.now() - 3_600_000));
    for (const [format, input] of [
      ["pdf", pdfFile],
      ["edoc", join(dir, "Līgums.txt")],
    ] as const) {
      const out = join(dir, `revoked.${format}`);
      const r = await tilts(signArgs(input, out, p12, "B", format), P12_ENV);
      expect([r.code, existsSync(out)]).toEqual([1, false]);
      expect(r.err).toMatch(/the signing certificate \(.*ZARIŅŠ.*\) is revoked.*: nothing was signed/i);
    }
  }, 60_000);
});

describe("tilts augment: higher levels without touching what is signed", () => {
  it("an LT eDoc → LTA (and renewed): signature values and data unchanged, still TOTAL-PASSED", async () => {
    const { p12 } = await person("Līga", "Krūmiņa", "liga.p12");
    const lt = join(dir, "lt.edoc");
    expect((await tilts(signArgs(join(dir, "Līgums.txt"), lt, p12, "LT", "edoc"), P12_ENV)).code).toBe(0);
    const before = await verifyJson(lt);
    expect(verdicts(before.report)).toEqual([["TOTAL-PASSED", null, "XAdES-BASELINE-LT"]]);
    expect(warningCodes(before.report)).not.toContain("ocsp-before-timestamp");
    const lta = join(dir, "lta.edoc");
    const renewed = join(dir, "lta-renewed.edoc");
    const up = await tilts(["augment", lt, "--level", "LTA", "--tsa", `${base}/tsa`, "--out", lta]);
    expect([up.code, up.err]).toEqual([0, ""]);
    expect(
      (await tilts(["augment", lta, "--level", "LTA", "--tsa", `${base}/tsa`, "--out", renewed])).code,
    ).toBe(0);
    const signedParts = (file: string) => {
      const c = readAsicE(new Uint8Array(readFileSync(file)));
      const xml = new TextDecoder().decode(c.signatureFiles[0]!.content);
      return {
        data: c.dataFiles.map((f) => Buffer.from(f.content).toString("base64")),
        signedInfo: /<ds:SignedInfo[\s\S]*<\/ds:SignedInfo>/.exec(xml)?.[0],
        signatureValue: /<ds:SignatureValue[\s\S]*?<\/ds:SignatureValue>/.exec(xml)?.[0],
        signedProperties: /<xades:SignedProperties[\s\S]*<\/xades:SignedProperties>/.exec(xml)?.[0],
        archiveTimeStamps: (xml.match(/ArchiveTimeStamp /g) ?? []).length,
      };
    };
    const original = signedParts(lt);
    expect(original.signatureValue).toBeTruthy();
    for (const [file, stamps] of [
      [lta, 1],
      [renewed, 2],
    ] as const) {
      expect(signedParts(file)).toEqual({ ...original, archiveTimeStamps: stamps });
      const { code, report } = await verifyJson(file);
      expect(verdicts(report)).toEqual([["TOTAL-PASSED", null, "XAdES-BASELINE-LTA"]]);
      expect(code).toBe(0);
    }
  }, 60_000);

  it("a T PDF → LT → LTA → LTA again: every earlier byte kept, pdfsig and our verifier agree", async () => {
    const { p12 } = await person("Rūta", "Egle", "ruta.p12");
    const t = join(dir, "t.pdf");
    expect((await tilts(signArgs(pdfFile, t, p12, "T"), P12_ENV)).code).toBe(0);
    let previous = new Uint8Array(readFileSync(t));
    for (const [level, format, stamps] of [
      ["LT", "PAdES-BASELINE-LT", 0],
      ["LTA", "PAdES-BASELINE-LTA", 1],
      ["LTA", "PAdES-BASELINE-LTA", 2],
    ] as const) {
      const out = join(dir, `augmented-${level}-${stamps}.pdf`);
      const r = await tilts(
        ["augment", join(dir, "current.pdf"), "--level", level, "--tsa", `${base}/tsa`, "--out", out].map(
          (a) => (a === join(dir, "current.pdf") ? writeCurrent(previous) : a),
        ),
      );
      expect([r.code, r.err]).toEqual([0, ""]);
      const bytes = new Uint8Array(readFileSync(out));
      expect(Buffer.from(bytes.subarray(0, previous.length)).equals(Buffer.from(previous))).toBe(true);
      expect(bytes.length).toBeGreaterThan(previous.length);
      const { code, report } = await verifyJson(out);
      expect(verdicts(report)).toEqual([["TOTAL-PASSED", null, format]]);
      expect(
        report.signatures[0].timestamps.filter((x: { type: string }) => x.type === "ARCHIVE"),
      ).toHaveLength(stamps);
      expect(code).toBe(0);
      if (POPPLER) {
        const cades = pdfsig(bytes).filter((p) => p.type === "ETSI.CAdES.detached");
        expect(cades.map((p) => p.validation)).toEqual(["Signature is Valid."]);
        expect(qpdfCheck(bytes).status).toBe(0);
      }
      previous = bytes;
    }
  }, 90_000);

  it("a B PDF cannot gain a signature time-stamp afterwards: exit 1, nothing written", async () => {
    const { p12 } = await person("Ainārs", "Vītols", "ainars.p12");
    const b = join(dir, "b.pdf");
    expect((await tilts(signArgs(pdfFile, b, p12, "B"), P12_ENV)).code).toBe(0);
    const out = join(dir, "b-lt.pdf");
    const r = await tilts(["augment", b, "--level", "LT", "--tsa", `${base}/tsa`, "--out", out]);
    expect([r.code, existsSync(out)]).toEqual([1, false]);
    expect(r.err).toMatch(/no signature time-stamp/);
  }, 60_000);
});

function writeCurrent(bytes: Uint8Array): string {
  const file = join(dir, "current.pdf");
  writeFileSync(file, bytes);
  return file;
}
