/**
 * RFC 7468 PEM reading: explanatory text before, between and after blocks (§2) — as
 * `openssl x509 -text` writes it — lax whitespace (§3), mismatched labels, bad base64, and
 * linear time on hostile input.
 */
import { spawnSync } from "node:child_process";
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { looksLikePem, readPemBlocks } from "./pem.ts";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "pem-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasOpenssl)("PEM with explanatory text (openssl x509 -text)", () => {
  const key = join(dir, "key.pem");
  writeFileSync(
    key,
    generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }),
  );
  const made = spawnSync("openssl", [
    "req",
    "-x509",
    "-new",
    "-key",
    key,
    "-subj",
    "/CN=Ārsts PEM",
    "-days",
    "2",
  ]);
  const plain = made.stdout.toString("latin1");
  const texted = spawnSync("openssl", ["x509", "-text"], { input: made.stdout }).stdout.toString("latin1");

  it("reads the certificate after openssl's text dump, and text after the block", () => {
    expect(texted.indexOf("Certificate:")).toBeLessThan(texted.indexOf("-----BEGIN"));
    const blocks = readPemBlocks(`${texted}\nTrailing note: issued for the test.\n`, ["CERTIFICATE"]);
    expect(blocks).toHaveLength(1);
    expect(Buffer.from(blocks[0]!.der)).toEqual(Buffer.from(new X509Certificate(plain).raw));
    expect(looksLikePem(Buffer.from(texted, "latin1"))).toBe(true);
  });

  it("several blocks with text between them; other labels filtered out", () => {
    const pub = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }) as string;
    const text = `Subject: first\n${plain}\nThe signer's key:\n${pub}\nSubject: second\r\n${plain.replace(/\n/g, "\r\n")}`;
    expect(readPemBlocks(text).map((b) => b.label)).toEqual(["CERTIFICATE", "PUBLIC KEY", "CERTIFICATE"]);
    expect(readPemBlocks(text, ["CERTIFICATE"])).toHaveLength(2);
    expect(readPemBlocks(text, ["PUBLIC KEY"])).toHaveLength(1);
  });
});

describe("PEM edge cases", () => {
  const body = Buffer.from("0\u0003\u0002\u0001\u0005", "latin1").toString("base64");
  it("a block whose END label differs is not a block; DER is not PEM", () => {
    expect(readPemBlocks(`-----BEGIN CERTIFICATE-----\n${body}\n-----END PUBLIC KEY-----\n`)).toEqual([]);
    expect(looksLikePem(new Uint8Array([0x30, 0x82, 0x01, 0x00]))).toBe(false);
  });

  it("bad base64 inside a block is a MalformedInputError", () => {
    expect(() => readPemBlocks("-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----")).toThrow(
      MalformedInputError,
    );
  });

  it("many unterminated BEGIN lines are read in linear time and give nothing", () => {
    const hostile = "-----BEGIN X-----AAAA".repeat(200_000);
    expect(readPemBlocks(hostile)).toEqual([]);
    expect(() => readPemBlocks(hostile, undefined, { maxChars: 1000 })).toThrow(/larger than/);
  });
});
