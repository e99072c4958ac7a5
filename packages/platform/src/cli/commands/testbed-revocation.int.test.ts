/**
 * End to end over loopback HTTP: the testbed PKI plugin on 127.0.0.1:0, a person certificate
 * validated by `validateCertificatePath` with CRLs and OCSP fetched from the testbed, revoked by
 * the CLI and by the HTTP endpoint — the next CRL- and OCSP-based validations fail with `revoked`
 * (issue 3 acceptance; SIG-4). Plus a TSA round trip.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificateToPem, issuePerson, TestPki, testbedPkiPlugin } from "@tilts/testbed";
import {
  buildTimeStampRequest,
  type PathValidationInput,
  parseTimeStampResponse,
  RevocationCache,
  validateCertificatePath,
  verifyTimeStampToken,
} from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../command.ts";
import { main } from "../main.ts";

let dir: string;
let stateDir: string;
let app: FastifyInstance;
let base: string;
let pki: TestPki;

const fetchCrl = async (url: string) => {
  const res = await fetch(url);
  return res.ok ? new Uint8Array(await res.arrayBuffer()) : undefined;
};
const fetchOcsp = async (url: string, request: Uint8Array) => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/ocsp-request" },
    body: Buffer.from(request),
  });
  return res.ok ? new Uint8Array(await res.arrayBuffer()) : undefined;
};

/** openssl as a child process (asynchronously: the testbed server runs in this process). */
function openssl(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile("openssl", args, { encoding: "utf8" }, (_error, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
}

const quietIo: CliIo = { stdout: () => {}, stderr: () => {}, env: {} };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-testbed-int-"));
  stateDir = join(dir, "data", "testbed", "pki");
  app = Fastify();
  await app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  base = `${address}/testbed`;
  // The PKI is created after listening, so its CDP/AIA URLs carry the real port.
  pki = TestPki.create(stateDir, { baseUrl: base });
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function input(leaf: Uint8Array, via: "crl" | "ocsp"): PathValidationInput {
  return {
    leaf,
    untrusted: [pki.ca("eid").certificate],
    anchors: [pki.ca("root").certificate],
    revocation: "require",
    ...(via === "crl" ? { fetchCrl } : { fetchOcsp }),
  };
}

describe("testbed PKI over HTTP with the path validator", () => {
  it("a person certificate validates via CRL and via OCSP, and fails with `revoked` after `tilts testbed revoke`", async () => {
    const person = issuePerson(pki, { givenName: "Jānis", surname: "Bērziņš", personalCode: "010180-15097" });
    for (const via of ["crl", "ocsp"] as const) {
      const result = await validateCertificatePath(input(person.certificate, via));
      expect(result.failure, via).toBeUndefined();
      expect(result.valid).toBe(true);
      expect(result.path).toHaveLength(3);
    }
    const file = join(dir, "person.pem");
    writeFileSync(file, certificateToPem(person.certificate));
    expect(
      await main(
        ["testbed", "revoke", file, "--reason", "keyCompromise", "--data-dir", join(dir, "data")],
        quietIo,
      ),
    ).toBe(0);
    for (const via of ["crl", "ocsp"] as const) {
      const result = await validateCertificatePath(input(person.certificate, via));
      expect(result.valid, via).toBe(false);
      expect(result.failure).toMatchObject({ code: "revoked", certificateIndex: 0 });
    }
  });

  it("a revocation through POST /revoke shows on the next CRL and OCSP answer; the revocation cache notifies its watcher", async () => {
    const person = issuePerson(pki, { givenName: "Anna", surname: "Ozola", usage: "auth", ca: "eid" });
    expect((await validateCertificatePath(input(person.certificate, "ocsp"))).valid).toBe(true);
    const cache = new RevocationCache({ fetchCrl });
    await cache.addDistributionPoint(`${base}/crl/eid.crl`, { issuers: [pki.ca("eid").certificate] });
    const notified: string[] = [];
    cache.watchCertificate(person.certificate, (e) => notified.push(e.reason ?? "unspecified"));

    const res = await fetch(`${base}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ serial: person.record.serial, reason: "affiliationChanged" }),
    });
    expect(res.status).toBe(200);
    for (const via of ["crl", "ocsp"] as const) {
      const result = await validateCertificatePath(input(person.certificate, via));
      expect(result.failure?.code, via).toBe("revoked");
    }
    await cache.refreshNow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(notified).toEqual(["affiliationChanged"]);
    cache.stop();
  });

  it("independent clients agree: openssl verify -crl_download and openssl ocsp -url against the testbed", async () => {
    const person = issuePerson(pki, { givenName: "Ilze", surname: "Liepa" });
    const files = {
      leaf: join(dir, "ilze.pem"),
      root: join(dir, "root.pem"),
      ica: join(dir, "eid.pem"),
    };
    writeFileSync(files.leaf, certificateToPem(person.certificate));
    writeFileSync(files.root, certificateToPem(pki.ca("root").certificate));
    writeFileSync(files.ica, certificateToPem(pki.ca("eid").certificate));
    const verify = () =>
      openssl([
        "verify",
        "-crl_check",
        "-crl_download",
        "-CAfile",
        files.root,
        "-untrusted",
        files.ica,
        files.leaf,
      ]);
    const ocsp = () =>
      openssl([
        "ocsp",
        "-url",
        `${base}/ocsp`,
        "-issuer",
        files.ica,
        "-cert",
        files.leaf,
        "-CAfile",
        files.root,
      ]);
    expect(await verify()).toContain(": OK");
    expect(await ocsp()).toMatch(/: good/);
    expect(
      await main(
        [
          "testbed",
          "revoke",
          person.record.serial,
          "--reason",
          "superseded",
          "--data-dir",
          join(dir, "data"),
        ],
        quietIo,
      ),
    ).toBe(0);
    expect(await verify()).toContain("certificate revoked");
    const answer = await ocsp();
    expect(answer).toMatch(/: revoked/);
    expect(answer).toContain("Response verify OK");
  });

  it("TSA round trip: a token is granted, parses and its signature verifies", async () => {
    const request = buildTimeStampRequest({
      data: new TextEncoder().encode("hello"),
      certReq: true,
      nonce: new Uint8Array([1, 2, 3, 4]),
    });
    const res = await fetch(`${base}/tsa`, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query" },
      body: Buffer.from(request),
    });
    expect(res.headers.get("content-type")).toBe("application/timestamp-reply");
    const parsed = parseTimeStampResponse(new Uint8Array(await res.arrayBuffer()));
    expect(parsed.status).toBe(0);
    const check = verifyTimeStampToken(parsed.token!);
    expect(check.valid).toBe(true);
    if (check.valid) {
      expect(Buffer.from(check.info.nonce!).toString("hex")).toBe("01020304");
      // The TSA certificate itself validates for timeStamping up to the root.
      const tsa = await validateCertificatePath({
        leaf: check.signerCertificate,
        untrusted: check.certificates,
        anchors: [pki.ca("root").certificate],
        purpose: "timeStamping",
        revocation: "require",
        fetchOcsp,
      });
      expect(tsa.failure).toBeUndefined();
    }
  });
});
