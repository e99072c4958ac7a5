import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestPki } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../command.ts";
import { main } from "../main.ts";

let dir: string;
let dataDir: string;

function capture(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env,
    out: () => out,
    err: () => err,
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-cli-"));
  dataDir = join(dir, "data");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openssl = (args: string[]) =>
  execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("tilts testbed issue / revoke", () => {
  it("issues a person (creating the PKI in <data-dir>/testbed/pki) as PEM + PKCS#12 readable by openssl", async () => {
    const io = capture();
    const out = join(dir, "out");
    const code = await main(
      [
        "testbed",
        "issue",
        "person",
        "--given-name",
        "Jānis",
        "--surname",
        "Bērziņš",
        "--personal-code",
        "010180-15097",
        "--usage",
        "auth",
        "--out",
        out,
        "--password",
        "pw",
        "--data-dir",
        dataDir,
        "--base-url",
        "http://127.0.0.1:9/testbed",
        "--json",
      ],
      io,
    );
    expect(code, io.err()).toBe(0);
    const result = JSON.parse(io.out());
    expect(result.kind).toBe("person-auth");
    expect(result.password).toBeUndefined();
    expect(readdirSync(out).sort()).toEqual([
      "person-010180-15097-auth.chain.pem",
      "person-010180-15097-auth.crt.pem",
      "person-010180-15097-auth.key.pem",
      "person-010180-15097-auth.p12",
    ]);
    expect(TestPki.exists(join(dataDir, "testbed", "pki"))).toBe(true);
    const info = openssl(["pkcs12", "-in", result.files.pkcs12, "-passin", "pass:pw", "-info", "-nodes"]);
    expect(info).toContain("PNOLV-010180-15097");
    expect(info).toContain("BEGIN PRIVATE KEY");
    const text = openssl(["x509", "-in", result.files.certificate, "-noout", "-text"]);
    expect(text).toContain("TLS Web Client Authentication");
  });

  it("issues institution and TSA certificates; prints a generated password", async () => {
    const io = capture();
    expect(
      await main(
        [
          "testbed",
          "issue",
          "institution",
          "--name",
          "SIA Test",
          "--reg-no",
          "40003000001",
          "--key",
          "p256",
          "--out",
          join(dir, "inst"),
          "--data-dir",
          dataDir,
        ],
        io,
      ),
    ).toBe(0);
    const password = /PKCS#12 password: (\S+)/.exec(io.out())?.[1];
    expect(password).toBeTruthy();
    expect(
      openssl([
        "pkcs12",
        "-in",
        join(dir, "inst", "institution-40003000001.p12"),
        "-passin",
        `pass:${password}`,
        "-nokeys",
      ]),
    ).toContain("NTRLV-40003000001");
    const tsa = capture();
    expect(
      await main(
        ["testbed", "issue", "tsa", "--out", join(dir, "tsa"), "--data-dir", dataDir, "--password", "x"],
        tsa,
      ),
    ).toBe(0);
    expect(tsa.out()).toContain("Issued tsa certificate");
  });

  it("revokes by serial and by certificate file; unknown serial exits 1; usage errors exit 2", async () => {
    const issue = capture();
    await main(
      [
        "testbed",
        "issue",
        "person",
        "--given-name",
        "A",
        "--surname",
        "B",
        "--out",
        join(dir, "p2"),
        "--data-dir",
        dataDir,
        "--password",
        "x",
        "--json",
      ],
      issue,
    );
    const issued = JSON.parse(issue.out());
    const byFile = capture();
    expect(
      await main(
        [
          "testbed",
          "revoke",
          issued.files.certificate,
          "--reason",
          "keyCompromise",
          "--data-dir",
          dataDir,
          "--json",
        ],
        byFile,
      ),
    ).toBe(0);
    expect(JSON.parse(byFile.out())).toMatchObject({
      serial: issued.serial,
      reason: "keyCompromise",
      alreadyRevoked: false,
    });
    const again = capture();
    expect(await main(["testbed", "revoke", issued.serial.toUpperCase(), "--data-dir", dataDir], again)).toBe(
      0,
    );
    expect(again.out()).toContain("already revoked");
    const pki = TestPki.load(join(dataDir, "testbed", "pki"));
    expect(pki.revocations().map((r) => r.serial)).toContain(issued.serial);

    const hold = capture();
    await main(
      [
        "testbed",
        "issue",
        "person",
        "--given-name",
        "C",
        "--surname",
        "D",
        "--out",
        join(dir, "p3"),
        "--data-dir",
        dataDir,
        "--password",
        "x",
        "--json",
      ],
      hold,
    );
    const held = JSON.parse(hold.out());
    expect(
      await main(
        ["testbed", "revoke", held.serial, "--reason", "certificateHold", "--data-dir", dataDir],
        capture(),
      ),
    ).toBe(0);
    const release = capture();
    expect(
      await main(["testbed", "release-hold", held.files.certificate, "--data-dir", dataDir], release),
    ).toBe(0);
    expect(release.out()).toContain("Released");
    expect(await main(["testbed", "release-hold", held.serial, "--data-dir", dataDir], capture())).toBe(1);
    expect(await main(["testbed", "release-hold", issued.serial, "--data-dir", dataDir], capture())).toBe(1);

    const unknown = capture();
    expect(await main(["testbed", "revoke", "abcdef0123", "--data-dir", dataDir], unknown)).toBe(1);
    expect(
      await main(["testbed", "revoke", "abc", "--reason", "bored", "--data-dir", dataDir], capture()),
    ).toBe(2);
    expect(await main(["testbed", "revoke", "not-hex-or-file", "--data-dir", dataDir], capture())).toBe(2);
    expect(await main(["testbed", "revoke", "ab", "--data-dir", join(dir, "empty")], capture())).toBe(2);
    expect(await main(["testbed", "issue", "dragon", "--out", dir], capture())).toBe(2);
    expect(
      await main(
        ["testbed", "issue", "person", "--surname", "X", "--out", dir, "--data-dir", dataDir],
        capture(),
      ),
    ).toBe(2);
    expect(
      await main(
        [
          "testbed",
          "issue",
          "institution",
          "--name",
          "X",
          "--reg-no",
          "12",
          "--out",
          dir,
          "--data-dir",
          dataDir,
        ],
        capture(),
      ),
    ).toBe(2);
    const help = capture();
    expect(await main(["testbed", "revoke", "--help"], help)).toBe(0);
    expect(help.out()).toContain("keyCompromise");
    expect(readFileSync(join(dataDir, "testbed", "pki", "store.json"), "utf8")).toContain(issued.serial);
  });
});
