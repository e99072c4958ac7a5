import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildTimeStampRequest,
  MalformedInputError,
  parseTimeStampResponse,
  verifyTimeStampToken,
} from "@tilts/trust";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificateToPem } from "./keys.ts";
import { OID_TESTBED_POLICY_TSA } from "./oids.ts";
import { TestPki } from "./test-pki.ts";
import { respondToTimeStampRequest } from "./time-stamp-authority.ts";

let dir: string;
let pki: TestPki;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-tsa-"));
  pki = TestPki.create(join(dir, "state"), {
    baseUrl: "http://127.0.0.1:1/testbed",
    caKeys: { org: "p384" },
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("time-stamp authority", () => {
  it("grants a token that verifies (ours and openssl ts -verify), echoing the nonce and honouring certReq", () => {
    const data = new TextEncoder().encode("sign me");
    const nonce = randomBytes(8);
    const request = buildTimeStampRequest({ data, nonce, certReq: true });
    const response = respondToTimeStampRequest(pki, request);
    const parsed = parseTimeStampResponse(response);
    expect(parsed.status).toBe(0);
    const check = verifyTimeStampToken(parsed.token!);
    expect(check.valid).toBe(true);
    if (!check.valid) return;
    expect(check.info.policy).toBe(OID_TESTBED_POLICY_TSA);
    expect(Buffer.from(check.info.messageImprint.hashedMessage)).toEqual(
      createHash("sha256").update(data).digest(),
    );
    expect(Buffer.from(check.info.nonce!).toString("hex").replace(/^00/, "")).toBe(nonce.toString("hex"));
    expect(check.certificates).toHaveLength(3);

    writeFileSync(join(dir, "data.txt"), data);
    writeFileSync(join(dir, "req.tsq"), request);
    writeFileSync(join(dir, "resp.tsr"), response);
    writeFileSync(join(dir, "root.pem"), certificateToPem(pki.ca("root").certificate));
    writeFileSync(join(dir, "chain.pem"), certificateToPem(pki.ca("org").certificate));
    const out = execFileSync(
      "openssl",
      [
        "ts",
        "-verify",
        "-queryfile",
        join(dir, "req.tsq"),
        "-in",
        join(dir, "resp.tsr"),
        "-CAfile",
        join(dir, "root.pem"),
        "-untrusted",
        join(dir, "chain.pem"),
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    expect(out).toContain("Verification: OK");
  });

  it("omits certificates without certReq; a tampered token fails", () => {
    const response = respondToTimeStampRequest(
      pki,
      buildTimeStampRequest({ data: new Uint8Array([1, 2, 3]) }),
    );
    const token = parseTimeStampResponse(response).token!;
    expect(verifyTimeStampToken(token)).toMatchObject({ valid: false, code: "no-signer-certificate" });
    expect(verifyTimeStampToken(token, { signerCertificate: pki.tsa().certificate }).valid).toBe(true);
    const bad = token.slice();
    const at = Buffer.from(bad).indexOf(Buffer.from("Z", "latin1"));
    bad[at - 1] = bad[at - 1]! ^ 1; // genTime digit inside TSTInfo
    expect(verifyTimeStampToken(bad, { signerCertificate: pki.tsa().certificate })).toMatchObject({
      valid: false,
    });
  });

  it("rejects bad requests with a PKIStatus rejection", () => {
    expect(parseTimeStampResponse(respondToTimeStampRequest(pki, randomBytes(30))).status).toBe(2);
    const wrongLength = buildTimeStampRequest({ digest: new Uint8Array(5) });
    expect(parseTimeStampResponse(respondToTimeStampRequest(pki, wrongLength))).toMatchObject({ status: 2 });
    const otherPolicy = buildTimeStampRequest({ data: new Uint8Array(1), policy: "1.2.3.4" });
    expect(parseTimeStampResponse(respondToTimeStampRequest(pki, otherPolicy)).statusText).toMatch(/policy/);
    expect(() => verifyTimeStampToken(randomBytes(100))).toThrow(MalformedInputError);
  });
});
