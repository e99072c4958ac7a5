/**
 * `tilts cert verify`: every PKITS case through the CLI in-process (main(argv, io)), a few real
 * spawned runs for exit codes, and bad input / usage.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  certPath,
  codeMatches,
  crlPath,
  loadPkitsCases,
  PKITS_ANCHOR,
  PKITS_ROOT_CRL,
  type PkitsCase,
  pkitsAvailable,
  policySet,
} from "@tilts/trust/testing";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../main.ts";

const bin = fileURLToPath(new URL("../../../bin/tilts.js", import.meta.url));
const run = promisify(execFile);

function argvOf(c: PkitsCase): string[] {
  const argv = ["cert", "verify", "--cert", certPath(c.cert), "--anchor", certPath(PKITS_ANCHOR)];
  for (const f of c.path_intermediates ?? c.other_certs ?? []) argv.push("--untrusted", certPath(f));
  for (const f of [PKITS_ROOT_CRL, ...(c.crls ?? [])]) argv.push("--crl", crlPath(f));
  argv.push(
    "--at",
    "2022-05-01T00:00:00Z",
    "--revocation",
    c.revocation === false ? "if-available" : "require",
  );
  for (const p of policySet(c) ?? []) argv.push("--policy", p === "2.5.29.32.0" ? "any" : p);
  if (c.params?.initial_explicit_policy) argv.push("--explicit-policy");
  if (c.params?.initial_policy_mapping_inhibit) argv.push("--inhibit-policy-mapping");
  if (c.params?.initial_any_policy_inhibit) argv.push("--inhibit-any-policy");
  argv.push("--json");
  return argv;
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: {},
  });
  return { code, stdout, stderr };
}

const cases = pkitsAvailable ? loadPkitsCases() : [];
let passed = 0;

describe.skipIf(!pkitsAvailable)("PKITS through tilts cert verify", () => {
  for (const c of cases) {
    it(`${c.id} ${c.name}`, async () => {
      const { code, stdout } = await cli(argvOf(c));
      const out = JSON.parse(stdout) as { valid: boolean; path: unknown[]; failure: { code: string } | null };
      expect(codeMatches(c.error?.class, out.failure?.code as never), stdout).toBe(true);
      expect(out.valid).toBe(!c.error);
      expect(code).toBe(c.error ? 1 : 0);
      if (!c.error) expect(out.path).toHaveLength(c.path_len);
      passed++;
    });
  }
  afterAll(() => {
    console.log(`PKITS (CLI): ${passed} of ${cases.length} cases passed`);
  });
});

describe.skipIf(!pkitsAvailable)("tilts cert verify as a process", () => {
  const valid = cases.find((c) => c.name === "valid_signatures_test1")!;
  const revoked = cases.find((c) => c.name === "invalid_revoked_ee_test3")!;

  it("exits 0 for a valid path and prints the text report", async () => {
    const argv = argvOf(valid).filter((a) => a !== "--json");
    const { stdout } = await run(process.execPath, [bin, ...argv]);
    expect(stdout).toMatch(/^VALID/);
    expect(stdout).toContain("CN=Trust Anchor");
  });

  it("exits 1 for a revoked certificate, with JSON on stdout", async () => {
    const error = await run(process.execPath, [bin, ...argvOf(revoked)]).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(JSON.parse(error!.stdout).failure.code).toBe("revoked");
  });

  it("exits 2 for garbage input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cert-verify-"));
    writeFileSync(join(dir, "bad.der"), Buffer.from("not a certificate"));
    const error = await run(process.execPath, [
      bin,
      "cert",
      "verify",
      "--cert",
      join(dir, "bad.der"),
      "--anchor",
      certPath(PKITS_ANCHOR),
    ]).then(
      () => undefined,
      (e: { code: number }) => e,
    );
    expect(error?.code).toBe(2);
  });
});

describe("tilts cert verify usage", () => {
  it("--help documents the exit codes", async () => {
    const { code, stdout } = await cli(["cert", "verify", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Exit codes: 0");
  });

  it("rejects a missing --cert, unknown flags and bad values with exit 2", async () => {
    expect((await cli(["cert", "verify", "--anchor", "x"])).code).toBe(2);
    expect((await cli(["cert", "verify", "--cert", "x", "--anchor", "x", "--bogus"])).code).toBe(2);
    expect((await cli(["cert", "verify", "--cert", "x", "--anchor", "x", "--purpose", "nope"])).code).toBe(2);
    expect((await cli(["cert", "verify", "--cert", "x", "--anchor", "x", "--at", "yesterday"])).code).toBe(2);
    expect((await cli(["cert", "verify", "--cert", "x", "--anchor", "x", "--policy", "abc"])).code).toBe(2);
  });

  it("reports an unreadable file as bad input (exit 2, JSON failure malformed)", async () => {
    const { code, stdout } = await cli([
      "cert",
      "verify",
      "--cert",
      "/nonexistent",
      "--anchor",
      "/nonexistent",
      "--json",
    ]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).failure.code).toBe("malformed");
  });

  it.skipIf(!pkitsAvailable)("reads PEM files holding several certificates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cert-verify-"));
    const pem = (file: string) =>
      `-----BEGIN CERTIFICATE-----\n${readFileSync(certPath(file)).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
    writeFileSync(join(dir, "chain.pem"), pem("ValidCertificatePathTest1EE.crt") + pem("GoodCACert.crt"));
    const { code, stdout } = await cli([
      "cert",
      "verify",
      "--cert",
      join(dir, "chain.pem"),
      "--anchor",
      certPath(PKITS_ANCHOR),
      "--at",
      "2022-05-01T00:00:00Z",
      "--revocation",
      "off",
      "--json",
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).path).toHaveLength(3);
  });
});

describe.skipIf(!pkitsAvailable)("tilts cert verify on hostile files", () => {
  const dir = mkdtempSync(join(tmpdir(), "cert-verify-hostile-"));
  const base = (file: string) => [
    "cert",
    "verify",
    "--cert",
    file,
    "--anchor",
    certPath(PKITS_ANCHOR),
    "--json",
  ];

  it("10 MB of garbage: exit 2, failure malformed", async () => {
    const file = join(dir, "garbage.der");
    writeFileSync(file, randomBytes(10 * 1024 * 1024));
    const { code, stdout } = await cli(base(file));
    expect(code).toBe(2);
    expect(JSON.parse(stdout).failure.code).toBe("malformed");
  });

  it("a file that is neither PEM nor DER is named as not a certificate", async () => {
    const file = join(dir, "notes.txt");
    writeFileSync(file, "these are my notes, not a certificate\n");
    const { code, stdout } = await cli(base(file));
    expect(code).toBe(2);
    expect(JSON.parse(stdout).failure.message).toBe(`${file}: not a certificate (PEM or DER)`);
  });

  it("a PEM file with broken base64 or no certificate: exit 2", async () => {
    const file = join(dir, "bad.pem");
    writeFileSync(file, "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
    expect((await cli(base(file))).code).toBe(2);
    writeFileSync(file, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    expect((await cli(base(file))).code).toBe(2);
  });

  it("mutated certificates and CRLs give exit 0, 1 or 2 and one JSON object, never an exception", async () => {
    const leaf = readFileSync(certPath("ValidCertificatePathTest1EE.crt"));
    const crl = readFileSync(crlPath("GoodCACRL.crl"));
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        async (onCrl, at, value, truncate) => {
          const original = onCrl ? crl : leaf;
          const pos = at % original.length;
          const bytes = truncate ? original.subarray(0, pos) : Buffer.from(original);
          if (!truncate) bytes[pos] = value;
          const file = join(dir, "mutated.der");
          writeFileSync(file, bytes);
          const argv = onCrl
            ? [
                ...base(certPath("ValidCertificatePathTest1EE.crt")),
                "--untrusted",
                certPath("GoodCACert.crt"),
                "--crl",
                file,
              ]
            : [...base(file), "--untrusted", certPath("GoodCACert.crt"), "--crl", crlPath("GoodCACRL.crl")];
          const { code, stdout } = await cli([...argv, "--at", "2022-05-01T00:00:00Z"]);
          expect([0, 1, 2]).toContain(code);
          expect(JSON.parse(stdout)).toHaveProperty("valid");
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("tilts cert verify with OCSP responses and options", () => {
  it("uses --ocsp files, --purpose and --revocation on a generated PKI", async () => {
    const { simplePki } = await import("@tilts/trust/testing");
    const { ext } = await import("@tilts/trust/testing");
    const { buildCertId, buildOcspResponse, certificateFields } = await import("@tilts/trust");
    const pki = simplePki("p384");
    const leaf = pki.issueLeaf({ extensions: [ext.extKeyUsage(["1.3.6.1.5.5.7.3.2"])] });
    const dir = mkdtempSync(join(tmpdir(), "cert-verify-ocsp-"));
    const file = (name: string, data: Uint8Array | string) => {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    };
    const ocsp = buildOcspResponse({
      responses: [
        {
          certId: buildCertId(certificateFields(leaf), certificateFields(pki.ca)),
          answer: {
            status: "revoked",
            revocationTime: new Date("2024-06-01T00:00:00Z"),
            reason: "keyCompromise",
          },
          thisUpdate: new Date("2024-12-31T00:00:00Z"),
          nextUpdate: new Date("2025-01-02T00:00:00Z"),
        },
      ],
      signerKey: pki.caKey.privateKey,
      signerCertificate: pki.ca,
      producedAt: new Date("2024-12-31T00:00:00Z"),
    });
    const argv = [
      "cert",
      "verify",
      "--cert",
      file("leaf.der", leaf),
      "--untrusted",
      file("ca.der", pki.ca),
      "--anchor",
      file("root.der", pki.root),
      "--crl",
      file("root.crl", pki.rootCrl),
      "--at",
      "2025-01-01T00:00:00Z",
      "--json",
    ];
    const revoked = await cli([...argv, "--ocsp", file("leaf.ocsp", ocsp), "--revocation", "require"]);
    expect(revoked.code).toBe(1);
    expect(JSON.parse(revoked.stdout).failure).toMatchObject({ code: "revoked", certificateIndex: 0 });
    const unavailable = await cli([...argv, "--revocation", "require"]);
    expect(JSON.parse(unavailable.stdout).failure.code).toBe("revocation-unavailable");
    expect((await cli([...argv, "--revocation", "if-available", "--purpose", "clientAuth"])).code).toBe(0);
    const eku = await cli([...argv, "--revocation", "off", "--purpose", "serverAuth"]);
    expect(eku.code).toBe(1);
    expect(JSON.parse(eku.stdout).failure.code).toBe("extended-key-usage");
  });
});
