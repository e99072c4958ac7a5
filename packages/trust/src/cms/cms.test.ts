/**
 * CAdES detached SignedData (RFC 5652, ETSI EN 319 122-1): our builder's output read back by
 * our parser, and verified independently by `openssl cms -verify` over the same content.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edocTestPki } from "../edoc/testing/edoc-test-pki.ts";
import { MalformedInputError } from "../errors.ts";
import { buildSignedData, hashForKey, signAttributes } from "./build-signed-data.ts";
import {
  OID_AA_CONTENT_TYPE,
  OID_AA_MESSAGE_DIGEST,
  OID_AA_SIGNING_CERTIFICATE_V2,
  OID_AA_SIGNING_TIME,
  OID_DATA,
} from "./oids.ts";
import { parseSignedData } from "./parse-signed-data.ts";

const OPENSSL = spawnSync("which", ["openssl"]).status === 0;

describe("CMS SignedData for PAdES", () => {
  const pki = edocTestPki();
  const content = new TextEncoder().encode("ByteRange octets stand-in: līgums Nr. 7");

  for (const key of ["p256", "p384", "rsa2048"] as const) {
    it(`${key}: signed attributes without signing-time, read back as built`, () => {
      const signer = pki.issueSigner({ key });
      const hash = hashForKey(signer.key);
      const signed = signAttributes({
        key: signer.key,
        certificate: signer.certificate,
        contentDigest: new Uint8Array(createHash(hash).update(content).digest()),
        hash,
      });
      const der = buildSignedData({
        ...signed,
        certificate: signer.certificate,
        certificates: signer.chain,
        hash,
      });
      const padded = new Uint8Array(der.length + 100);
      padded.set(der);
      const parsed = parseSignedData(padded);
      expect(parsed.length).toBe(der.length);
      expect(parsed.eContentType).toBe(OID_DATA);
      expect(parsed.hasEContent).toBe(false);
      expect(parsed.certificates).toHaveLength(3);
      const si = parsed.signers[0]!;
      expect(si.signedAttrs.map((a) => a.type).sort()).toEqual(
        [OID_AA_CONTENT_TYPE, OID_AA_MESSAGE_DIGEST, OID_AA_SIGNING_CERTIFICATE_V2].sort(),
      );
      expect(si.signedAttrs.some((a) => a.type === OID_AA_SIGNING_TIME)).toBe(false);
      expect(Buffer.compare(si.signedAttrsDer!, signed.signedAttrs)).toBe(0);
    });
  }

  it.skipIf(!OPENSSL)("openssl cms -verify accepts the detached signature over the content", () => {
    const signer = pki.issueSigner({ key: "p384" });
    const signed = signAttributes({
      key: signer.key,
      certificate: signer.certificate,
      contentDigest: new Uint8Array(createHash("sha384").update(content).digest()),
      hash: "sha384",
    });
    const der = buildSignedData({
      ...signed,
      certificate: signer.certificate,
      certificates: signer.chain,
      hash: "sha384",
    });
    const dir = mkdtempSync(join(tmpdir(), "tilts-cms-"));
    writeFileSync(join(dir, "sig.der"), der);
    writeFileSync(join(dir, "content.bin"), content);
    const ok = spawnSync(
      "openssl",
      [
        "cms",
        "-verify",
        "-noverify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        join(dir, "sig.der"),
        "-content",
        join(dir, "content.bin"),
        "-out",
        "/dev/null",
      ],
      { encoding: "utf8" },
    );
    expect(ok.stderr).toContain("Verification successful");
    writeFileSync(join(dir, "other.bin"), new TextEncoder().encode("other octets"));
    const bad = spawnSync(
      "openssl",
      [
        "cms",
        "-verify",
        "-noverify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        join(dir, "sig.der"),
        "-content",
        join(dir, "other.bin"),
        "-out",
        "/dev/null",
      ],
      { encoding: "utf8" },
    );
    expect(bad.status).not.toBe(0);
  });

  it("refuses what is not SignedData with MalformedInputError", () => {
    expect(() => parseSignedData(new Uint8Array([0x30, 0x03, 0x06, 0x01, 0x00]))).toThrow(
      MalformedInputError,
    );
    expect(() => parseSignedData(new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]))).toThrow(
      MalformedInputError,
    );
  });
});
