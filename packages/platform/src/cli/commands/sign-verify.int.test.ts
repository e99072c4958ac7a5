/**
 * `tilts sign` → `tilts verify --json` end to end over loopback HTTP with the testbed: its PKI
 * (eID CA, P-384 persons), its RFC 3161 TSA, OCSP/CRL endpoints and its signed trusted list
 * (GET /tl/LV.xml). Issue "Trust II" acceptance: B, T, LT and LTA round trips, a second signer,
 * QESig against the testbed's trusted list, tampering, a signer revoked before signing, hostile
 * inputs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPkcs12, certificateToPem, issuePerson, TestPki, testbedPkiPlugin } from "@tilts/testbed";
import { createAsicE, readAsicE } from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../command.ts";
import { main } from "../main.ts";

let dir: string;
let app: FastifyInstance;
let base: string;
let pki: TestPki;
let tlFile: string;
let rootPem: string;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function tilts(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env };
  const code = await main(args, io);
  return { code, out, err };
}

async function person(name: string, surname: string, file: string): Promise<{ p12: string; serial: string }> {
  const credential = issuePerson(pki, { givenName: name, surname, ca: "eid" });
  const p12 = await buildPkcs12({
    certificate: credential.certificate,
    privateKey: credential.privateKey,
    chain: credential.chain,
    password: "parole-1",
  });
  const path = join(dir, file);
  writeFileSync(path, p12);
  return { p12: path, serial: credential.record.serial };
}

const P12_ENV = { TILTS_P12_PASSWORD: "parole-1" };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-sign-int-"));
  const stateDir = join(dir, "data", "testbed", "pki");
  app = Fastify();
  await app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  base = `${address}/testbed`;
  pki = TestPki.create(stateDir, { baseUrl: base });
  const tl = await fetch(`${base}/tl/LV.xml`);
  expect(tl.ok).toBe(true);
  tlFile = join(dir, "LV.xml");
  writeFileSync(tlFile, new Uint8Array(await tl.arrayBuffer()));
  rootPem = join(dir, "root.pem");
  writeFileSync(rootPem, certificateToPem(pki.ca("root").certificate));
  writeFileSync(join(dir, "Līgums 2026.txt"), "Puses vienojas…\n");
  writeFileSync(join(dir, "pielikums+1.xml"), "<a>pielikums</a>\n");
}, 60_000);

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function signArgs(out: string, p12: string, level: string): string[] {
  return [
    "sign",
    "--in",
    join(dir, "Līgums 2026.txt"),
    "--in",
    join(dir, "pielikums+1.xml"),
    "--out",
    out,
    "--format",
    "edoc",
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
  const r = await tilts(["verify", file, "--json", ...extra]);
  return { code: r.code, report: JSON.parse(r.out), err: r.err };
}

describe("tilts sign → tilts verify (testbed PKI, TSA, trusted list)", () => {
  for (const level of ["B", "T", "LT", "LTA"]) {
    it(`level ${level}: TOTAL-PASSED, QESig against the testbed's trusted list`, async () => {
      const { p12 } = await person("Anna", "Bērziņa", `anna-${level}.p12`);
      const out = join(dir, `signed-${level}.edoc`);
      const signed = await tilts(signArgs(out, p12, level), P12_ENV);
      expect(signed.err).toBe("");
      expect(signed.code).toBe(0);
      // B and T carry no revocation data: they are checked online.
      const online = level === "B" || level === "T" ? ["--online"] : [];
      const { code, report } = await verifyJson(out, ["--tl", tlFile, ...online]);
      expect(report.container).toBe("ASiC-E");
      expect(report.files.map((f: { name: string }) => f.name)).toEqual([
        "Līgums 2026.txt",
        "pielikums+1.xml",
      ]);
      const s = report.signatures[0];
      expect(s.errors).toEqual([]);
      expect([s.indication, s.subIndication, s.qualification, s.format]).toEqual([
        "TOTAL-PASSED",
        null,
        "QESig",
        `XAdES-BASELINE-${level}`,
      ]);
      expect(s.signedBy).toMatch(/BĒRZIŅA/i);
      expect(s.signerId).toMatch(/^PNOLV-\d{6}-\d{5}$/);
      expect(s.scope).toBe("FULL");
      expect(s.signatureValueValid && s.referencesIntact).toBe(true);
      expect(report.valid).toBe(true);
      expect(code).toBe(0);
      // The same with --anchor instead of the list (no qualification then).
      const anchored = await verifyJson(out, ["--anchor", rootPem, ...online]);
      expect([
        anchored.code,
        anchored.report.signatures[0].indication,
        anchored.report.signatures[0].qualification,
      ]).toEqual([0, "TOTAL-PASSED", null]);
    }, 60_000);
  }

  it("adds a second signer with --add-to; both stay TOTAL-PASSED", async () => {
    const first = await person("Anna", "Ozola", "first.p12");
    const second = await person("Jānis", "Kalniņš", "second.p12");
    const one = join(dir, "one.edoc");
    const two = join(dir, "two.edoc");
    expect((await tilts(signArgs(one, first.p12, "LT"), P12_ENV)).code).toBe(0);
    const add = await tilts(
      [
        "sign",
        "--add-to",
        one,
        "--out",
        two,
        "--format",
        "edoc",
        "--key",
        second.p12,
        "--password-env",
        "TILTS_P12_PASSWORD",
        "--level",
        "LTA",
        "--tsa",
        `${base}/tsa`,
      ],
      P12_ENV,
    );
    expect(add.err).toBe("");
    expect(readAsicE(new Uint8Array(readFileSync(two))).signatureFiles).toHaveLength(2);
    const { code, report } = await verifyJson(two, ["--tl", tlFile]);
    expect(
      report.signatures.map((s: { indication: string; format: string }) => [s.indication, s.format]),
    ).toEqual([
      ["TOTAL-PASSED", "XAdES-BASELINE-LT"],
      ["TOTAL-PASSED", "XAdES-BASELINE-LTA"],
    ]);
    expect(code).toBe(0);
  }, 60_000);

  it("tampering gives TOTAL-FAILED with HASH_FAILURE or SIG_CRYPTO_FAILURE, exit 1", async () => {
    const { p12 } = await person("Ilze", "Liepa", "ilze.p12");
    const out = join(dir, "tamper.edoc");
    expect((await tilts(signArgs(out, p12, "LT"), P12_ENV)).code).toBe(0);
    const c = readAsicE(new Uint8Array(readFileSync(out)));
    const files = c.dataFiles.map((f) => ({
      name: f.name,
      content: new Uint8Array(f.content),
      mediaType: f.mediaType,
    }));
    const sig = new TextDecoder().decode(c.signatureFiles[0]!.content);
    const cases: [string, (typeof files)[number][], string, string][] = [
      [
        "data",
        files.map((f, i) => (i === 0 ? { ...f, content: Buffer.from("Puses nevienojas…\n") } : f)),
        sig,
        "HASH_FAILURE",
      ],
      ["signed-properties", files, sig.replace(/(<xades:SigningTime>\d{3})\d/, "$19"), "HASH_FAILURE"],
      [
        "signature-value",
        files,
        sig.replace(
          /(<ds:SignatureValue[^>]*>)(.)/,
          (_m, open: string, ch: string) => `${open}${ch === "A" ? "B" : "A"}`,
        ),
        "SIG_CRYPTO_FAILURE",
      ],
    ];
    for (const [name, dataFiles, signature, expected] of cases) {
      const file = join(dir, `tampered-${name}.edoc`);
      writeFileSync(file, createAsicE({ dataFiles, signatures: [new TextEncoder().encode(signature)] }));
      const { code, report } = await verifyJson(file, ["--tl", tlFile]);
      expect([name, code, report.signatures[0].indication, report.signatures[0].subIndication]).toEqual([
        name,
        1,
        "TOTAL-FAILED",
        expected,
      ]);
    }
  }, 60_000);

  it("a certificate revoked with a time before the signature: TOTAL-FAILED/REVOKED", async () => {
    const { p12, serial } = await person("Pēteris", "Zariņš", "revoked.p12");
    const out = join(dir, "revoked.edoc");
    // `tilts sign` refuses a certificate already revoked (sign-pdf-augment.int.test.ts), so
    // the revocation is recorded after signing, dated an hour back (keyCompromise may be).
    expect((await tilts(signArgs(out, p12, "T"), P12_ENV)).code).toBe(0);
    pki.revoke(serial, "keyCompromise", new Date(Date.now() - 3_600_000));
    // T: the time-stamp proves the signature was made after the revocation time.
    const { code, report } = await verifyJson(out, ["--tl", tlFile, "--online"]);
    expect([code, report.signatures[0].indication, report.signatures[0].subIndication]).toEqual([
      1,
      "TOTAL-FAILED",
      "REVOKED",
    ]);
  }, 60_000);

  it("hostile and unsupported inputs exit 2 with a clear error", async () => {
    const garbage = join(dir, "garbage.bin");
    writeFileSync(garbage, Buffer.alloc(50 * 1024 * 1024, 0x41));
    const big = await verifyJson(garbage);
    expect(big.code).toBe(2);
    expect(big.report.errors[0].code).toBe("unsupported-document");
    const notZip = join(dir, "broken.edoc");
    writeFileSync(notZip, Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(100)]));
    const broken = await verifyJson(notZip);
    expect(broken.code).toBe(2);
    expect(broken.report.valid).toBe(false);
    const usage = await tilts(["verify"]);
    expect(usage.code).toBe(2);
    const noPassword = await tilts(signArgs(join(dir, "x.edoc"), join(dir, "anna-B.p12"), "B"), {});
    expect(noPassword.code).toBe(2);
    const wrongPassword = await tilts(signArgs(join(dir, "x.edoc"), join(dir, "anna-B.p12"), "B"), {
      TILTS_P12_PASSWORD: "wrong",
    });
    expect(wrongPassword.code).toBe(2);
    expect(wrongPassword.err).toMatch(/password/);
  }, 60_000);
});
