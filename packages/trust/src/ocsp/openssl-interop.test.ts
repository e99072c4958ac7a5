/**
 * Interoperability with an independent implementation: OpenSSL's OCSP responder answers our
 * requests and `checkOcspResponse` reads its answers; `openssl ocsp` verifies our responses.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOcspRequest } from "./build-request.ts";
import { buildOcspResponse } from "./build-response.ts";
import { certificateFields, serialToHex } from "./certificate-fields.ts";
import { checkOcspResponse } from "./check-response.ts";
import { parseOcspRequest } from "./parse-request.ts";
import { issue, makeCa, type TestIdentity } from "./testing/fixtures.ts";

let dir: string;
let ca: TestIdentity;
let good: TestIdentity;
let revoked: TestIdentity;
let responder: TestIdentity;

const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der)
    .toString("base64")
    .replace(/.{1,64}/g, "$&\n")}-----END CERTIFICATE-----\n`;
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
/** Runs openssl; stdout and stderr together (it reports verification on stderr); throws on failure. */
function openssl(args: string[]): string {
  const run = spawnSync("openssl", args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr}`);
  return run.stdout + run.stderr;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-ocsp-interop-"));
  ca = await makeCa("CN=Interop CA,C=LV", "rsa");
  good = await issue(ca, "CN=Good,C=LV");
  revoked = await issue(ca, "CN=Revoked,C=LV");
  responder = await issue(ca, "CN=Interop OCSP,C=LV", { ocspSigning: true, noCheck: true });
  const serial = (c: TestIdentity) => serialToHex(certificateFields(c.der).serial).toUpperCase();
  // OpenSSL CA database: V(alid) / R(evoked) lines; the expiry column is required, the name unused.
  file(
    "index.txt",
    `V\t351231235959Z\t\t${serial(good)}\tunknown\t/CN=Good\nR\t351231235959Z\t250101000000Z,keyCompromise\t${serial(revoked)}\tunknown\t/CN=Revoked\n`,
  );
  file("ca.pem", pem(ca.der));
  file("responder.pem", pem(responder.der));
  file("responder.key", responder.key.export({ type: "pkcs8", format: "pem" }).toString());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function opensslAnswer(subject: TestIdentity, nonce: Uint8Array): Uint8Array {
  const reqin = file("req.der", buildOcspRequest({ certificate: subject.der, issuer: ca.der, nonce }));
  const respout = join(dir, "resp.der");
  openssl([
    "ocsp",
    "-index",
    join(dir, "index.txt"),
    "-rsigner",
    join(dir, "responder.pem"),
    "-rkey",
    join(dir, "responder.key"),
    "-CA",
    join(dir, "ca.pem"),
    "-reqin",
    reqin,
    "-respout",
    respout,
    "-ndays",
    "1",
  ]);
  return new Uint8Array(execFileSync("cat", [respout]));
}

describe("OCSP interoperability with OpenSSL", () => {
  it("reads OpenSSL's good and revoked answers, with its nonce echo", () => {
    const nonce = randomBytes(16);
    const ok = checkOcspResponse({
      response: opensslAnswer(good, nonce),
      certificate: good.der,
      issuer: ca.der,
      at: new Date(),
      expectedNonce: nonce,
    });
    expect(ok.status).toBe("good");
    const bad = checkOcspResponse({
      response: opensslAnswer(revoked, nonce),
      certificate: revoked.der,
      issuer: ca.der,
      at: new Date(),
      expectedNonce: nonce,
    });
    expect(bad).toMatchObject({ status: "revoked", reason: "keyCompromise" });
    if (bad.status === "revoked") expect(bad.revocationTime.toISOString()).toBe("2025-01-01T00:00:00.000Z");
  });

  // (-no_nonce: with -cert, `openssl ocsp` builds its own request with its own nonce to compare.)
  it("OpenSSL parses our request and verifies our response", () => {
    const nonce = randomBytes(16);
    const request = buildOcspRequest({ certificate: revoked.der, issuer: ca.der, nonce });
    expect(openssl(["ocsp", "-reqin", file("ours.req", request), "-req_text"])).toContain("OCSP Nonce");
    const response = buildOcspResponse({
      responses: [
        {
          certId: parseOcspRequest(request).certIds[0]!,
          answer: {
            status: "revoked",
            revocationTime: new Date("2025-06-01T00:00:00Z"),
            reason: "superseded",
          },
          thisUpdate: new Date(Date.now() - 60_000),
          nextUpdate: new Date(Date.now() + 3600_000),
        },
      ],
      signerKey: responder.key,
      signerCertificate: responder.der,
      producedAt: new Date(),
      nonce,
      certs: [responder.der],
    });
    const out = openssl([
      "ocsp",
      "-respin",
      file("ours.resp", response),
      "-no_nonce",
      "-issuer",
      join(dir, "ca.pem"),
      "-cert",
      file("revoked.pem", pem(revoked.der)),
      "-CAfile",
      join(dir, "ca.pem"),
    ]);
    expect(out).toContain("Response verify OK");
    expect(out).toMatch(/revoked/);
    expect(out).toContain("Reason: superseded");
  });
});
