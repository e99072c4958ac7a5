import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildOcspRequest, checkOcspResponse, ocspUrlsOf } from "@tilts/trust";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCrl } from "./crl-builder.ts";
import {
  issueInstitution,
  issuePerson,
  issueTsa,
  personalCodeCheckDigit,
  randomPersonalCode,
} from "./issue-credentials.ts";
import { certificateToPem } from "./keys.ts";
import { respondToOcspRequest } from "./ocsp-responder.ts";
import { TestPki } from "./test-pki.ts";

let dir: string;
let pki: TestPki;
const base = "http://127.0.0.1:1/testbed";

function openssl(args: string[]): string {
  return execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function writePem(name: string, ders: Uint8Array[]): string {
  const file = join(dir, name);
  writeFileSync(file, ders.map(certificateToPem).join(""));
  return file;
}

function crlPem(der: Uint8Array): string {
  return `-----BEGIN X509 CRL-----\n${Buffer.from(der)
    .toString("base64")
    .replace(/.{1,64}/g, "$&\n")}-----END X509 CRL-----\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-pki-"));
  pki = TestPki.create(join(dir, "state"), { baseUrl: base });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("test PKI", () => {
  it("issues an LV eID-style signing certificate (P-384, QC statements, QCP-n-qscd, CDP, AIA)", () => {
    const person = issuePerson(pki, { givenName: "Jānis", surname: "Bērziņš", personalCode: "010180-15097" });
    const file = writePem("person.pem", [person.certificate]);
    const text = openssl(["x509", "-in", file, "-noout", "-text", "-nameopt", "utf8"]);
    expect(text).toContain("serialNumber=PNOLV-010180-15097");
    expect(text).toContain("CN=JĀNIS BĒRZIŅŠ");
    expect(text).toContain("NIST CURVE: P-384");
    expect(text).toContain("Non Repudiation");
    expect(text).toContain("0.4.0.194112.1.2");
    expect(text).toContain(`${base}/crl/eid.crl`);
    expect(text).toContain(`OCSP - URI:${base}/ocsp`);
    expect(text).toContain(`CA Issuers - URI:${base}/ca/eid.crt`);
    expect(ocspUrlsOf(person.certificate)).toEqual([`${base}/ocsp`]);
    // The chain verifies with openssl against the root.
    const root = writePem("root.pem", [pki.ca("root").certificate]);
    const chain = writePem("chain.pem", [pki.ca("eid").certificate]);
    expect(openssl(["verify", "-CAfile", root, "-untrusted", chain, file])).toContain("OK");
  });

  it("issues authentication, institution and TSA certificates with their key usages", () => {
    const auth = issuePerson(pki, {
      givenName: "Anna",
      surname: "Ozola",
      usage: "auth",
      ca: "eparaksts",
      key: "p256",
    });
    expect(openssl(["x509", "-in", writePem("auth.pem", [auth.certificate]), "-noout", "-text"])).toMatch(
      /Digital Signature, Key Agreement[\s\S]*TLS Web Client Authentication/,
    );
    const inst = issueInstitution(pki, { name: "SIA Klīnika", registrationNumber: "40003123456" });
    const instText = openssl([
      "x509",
      "-in",
      writePem("inst.pem", [inst.certificate]),
      "-noout",
      "-text",
      "-nameopt",
      "utf8",
    ]);
    expect(instText).toContain("organizationIdentifier=NTRLV-40003123456");
    expect(instText).toContain("Public-Key: (2048 bit)");
    const tsa = issueTsa(pki);
    expect(openssl(["x509", "-in", writePem("tsa.pem", [tsa.certificate]), "-noout", "-text"])).toMatch(
      /Extended Key Usage: critical\s+Time Stamping/,
    );
  });

  it("generates personal codes that pass the check digit", () => {
    for (let i = 0; i < 20; i++) {
      const code = randomPersonalCode().replace("-", "");
      expect(personalCodeCheckDigit(code.slice(0, 10))).toBe(Number(code[10]));
    }
  });

  it("revokes: the next CRL (openssl -crl_check) and OCSP answer reflect it; reload from disk sees it", () => {
    const person = issuePerson(pki, { givenName: "Pēteris", surname: "Kalniņš" });
    const leaf = writePem("p.pem", [person.certificate]);
    const root = writePem("r.pem", [pki.ca("root").certificate]);
    const untrusted = writePem("u.pem", [pki.ca("eid").certificate]);
    const crlFile = join(dir, "crls.pem");
    const verify = () => {
      writeFileSync(crlFile, crlPem(buildCrl(pki, "eid")) + crlPem(buildCrl(pki, "root")));
      try {
        return openssl([
          "verify",
          "-crl_check_all",
          "-CAfile",
          root,
          "-untrusted",
          untrusted,
          "-CRLfile",
          crlFile,
          leaf,
        ]);
      } catch (error) {
        return (
          String((error as { stdout?: string; stderr?: string }).stdout) +
          String((error as { stderr?: string }).stderr)
        );
      }
    };
    const ocsp = () => {
      const nonce = randomBytes(16);
      const request = buildOcspRequest({
        certificate: person.certificate,
        issuer: pki.ca("eid").certificate,
        nonce,
      });
      return checkOcspResponse({
        response: respondToOcspRequest(pki, request),
        certificate: person.certificate,
        issuer: pki.ca("eid").certificate,
        at: new Date(),
        expectedNonce: nonce,
      });
    };
    expect(verify()).toContain(": OK");
    expect(ocsp().status).toBe("good");
    const record = pki.revoke(person.record.serial, "keyCompromise");
    expect(record).toMatchObject({ caId: "eid", reason: "keyCompromise", alreadyRevoked: false });
    expect(verify()).toContain("certificate revoked");
    expect(ocsp()).toMatchObject({ status: "revoked", reason: "keyCompromise" });
    // Another process (simulated by a fresh load) sees the same state; revoking twice is idempotent.
    const again = TestPki.load(pki.stateDir);
    expect(again.revoke(person.certificate).alreadyRevoked).toBe(true);
    expect(() => again.revoke("abcdef")).toThrow(/no certificate/);
  });

  it("answers unknown for serials never issued and malformedRequest for garbage", () => {
    const person = issuePerson(pki, { givenName: "Ilze", surname: "Liepa" });
    const other = TestPki.create(join(dir, "other"), { baseUrl: base, caKeys: { org: "p256" } });
    const stranger = issuePerson(other, { givenName: "Ieva", surname: "Svešā" });
    // Same issuer key hash is needed to address our responder; a foreign CA gets "unauthorized".
    const foreign = respondToOcspRequest(
      pki,
      buildOcspRequest({ certificate: stranger.certificate, issuer: other.ca("eid").certificate }),
    );
    expect(
      checkOcspResponse({
        response: foreign,
        certificate: stranger.certificate,
        issuer: other.ca("eid").certificate,
        at: new Date(),
      }),
    ).toMatchObject({
      status: "unknown",
      code: "revocation-unavailable",
    });
    const garbage = respondToOcspRequest(pki, randomBytes(40));
    expect(Buffer.from(garbage).toString("hex")).toBe("30030a0101");
    expect(person.record.serial).toMatch(/^[0-9a-f]+$/);
    expect(readFileSync(join(pki.stateDir, "store.json"), "utf8")).toContain(person.record.serial);
  });
});

describe("suspension", () => {
  it("certificateHold shows as revoked, can be released, or turned into a final revocation", () => {
    const person = issuePerson(pki, { givenName: "Zane", surname: "Kļava", ca: "eparaksts", key: "p256" });
    const issuer = pki.ca("eparaksts").certificate;
    const ocsp = () =>
      checkOcspResponse({
        response: respondToOcspRequest(pki, buildOcspRequest({ certificate: person.certificate, issuer })),
        certificate: person.certificate,
        issuer,
        at: new Date(),
      });
    pki.revoke(person.certificate, "certificateHold");
    expect(ocsp()).toMatchObject({ status: "revoked", reason: "certificateHold" });
    expect(pki.releaseHold(person.record.serial).serial).toBe(person.record.serial);
    expect(ocsp().status).toBe("good");
    expect(() => pki.releaseHold(person.record.serial)).toThrow(/not revoked/);
    const hold = pki.revoke(person.record.serial, "certificateHold");
    const final = pki.revoke(person.record.serial, "keyCompromise");
    expect(final).toMatchObject({
      reason: "keyCompromise",
      revokedAt: hold.revokedAt,
      alreadyRevoked: false,
    });
    expect(ocsp()).toMatchObject({ status: "revoked", reason: "keyCompromise" });
    expect(() => pki.releaseHold(person.certificate)).toThrow(/for good/);
  });
});

describe("serial number spelling", () => {
  it("keeps a leading zero nibble and drops leading zero octets, as serialToHex does", async () => {
    const { normaliseSerialHex } = await import("./state-store.ts");
    expect(normaliseSerialHex("052B:67")).toBe("052b67");
    expect(normaliseSerialHex("52b67")).toBe("052b67");
    expect(normaliseSerialHex("00 ff")).toBe("ff");
    expect(normaliseSerialHex("00")).toBe("00");
  });
});
