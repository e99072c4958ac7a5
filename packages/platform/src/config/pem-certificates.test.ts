/**
 * The shared PEM reader (config/pem-certificates.ts): text and file limits, the X.509 check, the
 * "no certificate" choice of each call site, and a watched file's re-read and missing-file modes.
 */
import { mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificateToPem, createVpmSigningCredential } from "@tilts/testbed";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import {
  MAX_PEM_CERTIFICATES,
  MAX_PEM_FILE_BYTES,
  pemCertificates,
  readPemCertificates,
  watchedPemCertificates,
} from "./pem-certificates.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-pem-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const certificate = createVpmSigningCredential().certificate;
const pem = certificateToPem(certificate);

function touchLater(path: string, seconds: number): void {
  const later = new Date(Date.now() + seconds * 1000);
  utimesSync(path, later, later);
}

describe("PEM certificates of configuration keys", () => {
  it("reads the certificates of a text; every failure names the key and the source", () => {
    expect(pemCertificates(`# comment\n${pem}${pem}`, "K")).toEqual([certificate, certificate]);
    expect(() => pemCertificates("nothing", "K", { source: "nodes.json [1]" })).toThrow(
      "K: nodes.json [1] holds no PEM certificate",
    );
    expect(pemCertificates("nothing", "K", { allowEmpty: true })).toEqual([]);
    expect(() =>
      pemCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "K"),
    ).toThrow("K: the PEM text: certificate 1 is not valid X.509");
    expect(() => pemCertificates(pem, "K", { requireCa: true })).toThrow(/^K: .* is not a CA certificate$/);
  });

  it("ignores explanatory text before, between and after the blocks (RFC 7468 §2)", () => {
    // As `openssl x509 -text` writes it: a dump, then the block; a note after it.
    const dump = `Certificate:\n    Data:\n        Version: 3 (0x2)\n        Subject: CN = Ārsts\n`;
    const text = `${dump}${pem}\nIssued for the test -----\n${dump}${pem.replace(/\n/g, "\r\n")}Trailing note.\n`;
    expect(pemCertificates(text, "K")).toEqual([certificate, certificate]);
    expect(() =>
      pemCertificates("-----BEGIN CERTIFICATE-----\nAA*A\n-----END CERTIFICATE-----", "K"),
    ).toThrow(/^K: the PEM text: PEM block 1 \(CERTIFICATE\) is not valid base64$/);
  });

  it("bounds the text's size and its number of certificates", () => {
    expect(() => pemCertificates(" ".repeat(MAX_PEM_FILE_BYTES + 1), "K")).toThrow(ConfigError);
    expect(pemCertificates(pem.repeat(MAX_PEM_CERTIFICATES), "K")).toHaveLength(MAX_PEM_CERTIFICATES);
    expect(() => pemCertificates(pem.repeat(MAX_PEM_CERTIFICATES + 1), "K")).toThrow(
      `K: the PEM text holds more than ${MAX_PEM_CERTIFICATES} certificates`,
    );
    const big = join(dir, "big.pem");
    writeFileSync(big, Buffer.alloc(MAX_PEM_FILE_BYTES + 1, 32));
    expect(() => readPemCertificates(big, "K")).toThrow(`K: ${big} is larger than 1024 KiB`);
  });

  it("a watched file: a bad one stops the start; later changes are re-read; a bad change keeps the last good set", () => {
    const file = join(dir, "watched.pem");
    expect(() => watchedPemCertificates(file, "K")).toThrow(/^K: cannot read/);
    writeFileSync(file, pem);
    const read = watchedPemCertificates(file, "K");
    expect(read()).toEqual([certificate]);
    const other = createVpmSigningCredential().certificate;
    writeFileSync(file, certificateToPem(other));
    touchLater(file, 5);
    expect(read()).toEqual([other]);
    writeFileSync(file, "half written");
    touchLater(file, 10);
    expect(read()).toEqual([other]);
    unlinkSync(file);
    expect(read()).toEqual([other]);
  });

  it("a watched file that may be missing: none until it appears, none again when removed", () => {
    const file = join(dir, "later.pem");
    const read = watchedPemCertificates(file, "K", { missingIsEmpty: true });
    expect(read()).toEqual([]);
    writeFileSync(file, pem);
    expect(read()).toEqual([certificate]);
    unlinkSync(file);
    expect(read()).toEqual([]);
  });
});
