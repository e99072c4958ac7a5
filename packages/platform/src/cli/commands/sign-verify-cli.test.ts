/**
 * `tilts sign` / `tilts verify` without network: help texts, usage errors, the password only
 * from the environment, enveloped and detached XAdES round trips at level B (offline, so the
 * verdict is INDETERMINATE/TRY_LATER: no revocation data), exit codes.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPkcs12, certificateToPem, issuePerson, TestPki } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../command.ts";
import { main } from "../main.ts";

let dir: string;
let p12: string;
let root: string;

async function tilts(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env };
  return { code: await main(args, io), out, err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-sign-cli-"));
  const pki = TestPki.create(join(dir, "pki"), { baseUrl: "http://127.0.0.1:9/testbed" });
  const person = issuePerson(pki, { givenName: "Anna", surname: "Liepa", ca: "eid" });
  p12 = join(dir, "anna.p12");
  writeFileSync(p12, await buildPkcs12({ ...person, password: "s3cret" }));
  root = join(dir, "root.pem");
  writeFileSync(root, certificateToPem(pki.ca("root").certificate));
  writeFileSync(join(dir, "form.xml"), '<forma xmlns="urn:x"><a>1</a></forma>');
  writeFileSync(join(dir, "data file.txt"), "data\n");
  // Anna's second credential ran out a week ago.
  const expired = issuePerson(pki, {
    givenName: "Anna",
    surname: "Liepa",
    ca: "eid",
    notBefore: new Date(Date.now() - 10 * 86_400_000),
    validityDays: 3,
  });
  writeFileSync(join(dir, "expired.p12"), await buildPkcs12({ ...expired, password: "s3cret" }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tilts sign / verify (offline)", () => {
  it("documents flags and exit codes in --help", async () => {
    const sign = await tilts(["sign", "--help"]);
    expect(sign.code).toBe(0);
    expect(sign.out).toMatch(/--password-env VAR/);
    expect(sign.out).toMatch(/Exit codes: 0/);
    const verify = await tilts(["verify", "--help"]);
    expect(verify.out).toMatch(/--tl FILE/);
    expect(verify.out).toMatch(/Exit codes: 0 the file holds at least one signature/);
  });

  it("an expired signing certificate is refused before signing: exit 1, no file written", async () => {
    const out = join(dir, "never.edoc");
    const result = await tilts(
      [
        "sign",
        "--in",
        join(dir, "form.xml"),
        "--out",
        out,
        "--format",
        "edoc",
        "--key",
        join(dir, "expired.p12"),
        "--password-env",
        "P12_PASSWORD",
      ],
      { P12_PASSWORD: "s3cret" },
    );
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/the signing certificate expired on \d{4}-\d{2}-\d{2}: nothing was signed/);
    expect(existsSync(out)).toBe(false);
  });

  it("usage errors exit 2", async () => {
    expect(
      (
        await tilts([
          "sign",
          "--in",
          "x",
          "--out",
          "y",
          "--format",
          "pdf",
          "--key",
          p12,
          "--password-env",
          "P",
        ])
      ).code,
    ).toBe(2);
    expect(
      (
        await tilts(
          [
            "sign",
            "--in",
            "x",
            "--out",
            "y",
            "--format",
            "edoc",
            "--key",
            p12,
            "--password-env",
            "P",
            "--level",
            "T",
          ],
          { P: "s3cret" },
        )
      ).code,
    ).toBe(2);
    expect(
      (
        await tilts([
          "sign",
          "--in",
          "x",
          "--out",
          "y",
          "--format",
          "edoc",
          "--key",
          p12,
          "--password",
          "s3cret",
        ])
      ).code,
    ).toBe(2);
    expect((await tilts(["verify", "a", "b"])).code).toBe(2);
    expect((await tilts(["verify", join(dir, "form.xml"), "--at", "yesterday"])).code).toBe(2);
  });

  it("enveloped XAdES: sign at B, verify offline → INDETERMINATE/TRY_LATER, exit 1", async () => {
    const out = join(dir, "signed-form.xml");
    const s = await tilts(
      [
        "sign",
        "--in",
        join(dir, "form.xml"),
        "--out",
        out,
        "--format",
        "xades-enveloped",
        "--key",
        p12,
        "--password-env",
        "P",
      ],
      { P: "s3cret" },
    );
    expect([s.code, s.err]).toEqual([0, ""]);
    const v = await tilts(["verify", out, "--anchor", root, "--json"]);
    const report = JSON.parse(v.out);
    expect(v.code).toBe(1);
    expect(report.container).toBe("XML");
    const sig = report.signatures[0];
    expect([
      sig.format,
      sig.indication,
      sig.subIndication,
      sig.scope,
      sig.signatureValueValid,
      sig.referencesIntact,
    ]).toEqual(["XAdES-BASELINE-B", "INDETERMINATE", "TRY_LATER", "FULL", true, true]);
    expect(Object.keys(report)).toEqual(["container", "files", "valid", "signatures", "errors"]);
    expect(Object.keys(sig)).toEqual([
      "id",
      "format",
      "signedBy",
      "signerId",
      "claimedSigningTime",
      "bestSignatureTime",
      "indication",
      "subIndication",
      "qualification",
      "signatureValueValid",
      "referencesIntact",
      "scope",
      "coveredFiles",
      "timestamps",
      "warnings",
      "errors",
    ]);
    const human = await tilts(["verify", out, "--anchor", root]);
    expect(human.out).toMatch(/INDETERMINATE\/TRY_LATER/);
    expect(human.out).toMatch(/NOT VALID/);
  });

  it("detached XAdES: the files are found next to the signature", async () => {
    const out = join(dir, "detached.xml");
    const s = await tilts(
      [
        "sign",
        "--in",
        join(dir, "data file.txt"),
        "--out",
        out,
        "--format",
        "xades-detached",
        "--key",
        p12,
        "--password-env",
        "P",
      ],
      { P: "s3cret" },
    );
    expect(s.code).toBe(0);
    const report = JSON.parse((await tilts(["verify", out, "--anchor", root, "--json"])).out);
    expect([report.signatures[0].referencesIntact, report.signatures[0].coveredFiles]).toEqual([
      true,
      ["data file.txt"],
    ]);
  });

  it("an .edoc and a detached XAdES, --crypto-only: intact from the KeyInfo certificate, trust not evaluated", async () => {
    const edoc = join(dir, "crypto-only.edoc");
    const s = await tilts(
      ["sign", "--in", join(dir, "data file.txt"), "--out", edoc, "--format", "edoc"].concat([
        "--key",
        p12,
        "--password-env",
        "P",
      ]),
      { P: "s3cret" },
    );
    expect([s.code, s.err]).toEqual([0, ""]);
    const v = await tilts(["verify", edoc, "--crypto-only", "--json"]);
    expect(v.code).toBe(0);
    const report = JSON.parse(v.out);
    expect([report.container, report.valid, report.intact, report.trust]).toEqual([
      "ASiC-E",
      false,
      true,
      "not-evaluated",
    ]);
    const sig = report.signatures[0];
    expect([sig.format, sig.keySource, sig.signedBy.toLowerCase(), sig.scope, sig.coveredFiles]).toEqual([
      "XAdES-BASELINE-B",
      "key-info",
      "anna liepa",
      "FULL",
      ["data file.txt"],
    ]);
    // The full validation of the same file stays as it was (no revocation data offline).
    expect((await tilts(["verify", edoc, "--anchor", root, "--json"])).code).toBe(1);
    const detached = join(dir, "detached.xml");
    const d = JSON.parse((await tilts(["verify", detached, "--crypto-only", "--json"])).out);
    expect([d.intact, d.signatures[0].coveredFiles]).toEqual([true, ["data file.txt"]]);
  });

  it("a wrong PKCS#12 password exits 2 without echoing it", async () => {
    const r = await tilts(
      [
        "sign",
        "--in",
        join(dir, "form.xml"),
        "--out",
        join(dir, "x.edoc"),
        "--format",
        "edoc",
        "--key",
        p12,
        "--password-env",
        "P",
      ],
      { P: "wrong-one" },
    );
    expect(r.code).toBe(2);
    expect(r.err).not.toContain("wrong-one");
  });
});
