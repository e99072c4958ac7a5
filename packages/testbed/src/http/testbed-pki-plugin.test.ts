import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildOcspRequest,
  buildTimeStampRequest,
  checkOcspResponse,
  parseTimeStampResponse,
  verifyTimeStampToken,
} from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issuePerson } from "../pki/issue-credentials.ts";
import { TestPki } from "../pki/test-pki.ts";
import { testbedPkiPlugin } from "./testbed-pki-plugin.ts";

let dir: string;
let app: FastifyInstance;
const base = "http://127.0.0.1:1/testbed";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-http-"));
  app = Fastify();
  await app.register(testbedPkiPlugin, {
    prefix: "/testbed",
    stateDir: join(dir, "pki"),
    createWithBaseUrl: base,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("testbed PKI plugin", () => {
  it("creates the PKI on first use and lists its URLs", async () => {
    const res = await app.inject({ url: "/testbed/" });
    expect(res.statusCode).toBe(200);
    expect(res.json().cas.map((c: { crl: string }) => c.crl)).toContain(`${base}/crl/eid.crl`);
  });

  it("shows a browser the index as a page in the chosen language; tools keep the JSON", async () => {
    const accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    const lv = await app.inject({ url: "/testbed/", headers: { accept } });
    expect(lv.headers["content-type"]).toContain("text/html");
    expect(lv.body).toContain('<html lang="lv">');
    expect(lv.body).toContain("Sertifikācijas iestādes");
    expect(lv.body).toContain(`href="${base}/crl/eid.crl"`);
    expect(lv.body).toContain('rel="stylesheet"');
    expect(lv.body).toContain("./data");
    const en = await app.inject({ url: "/testbed/", headers: { accept, cookie: "lang=en" } });
    expect(en.body).toContain("Certification authorities");
    const json = await app.inject({ url: "/testbed/", headers: { accept: "*/*" } });
    expect(json.json().cas.length).toBeGreaterThan(0);
  });

  it("serves CA certificates and fresh CRLs with the right media types, 404 for unknown names", async () => {
    const ca = await app.inject({ url: "/testbed/ca/eid.crt" });
    expect(ca.headers["content-type"]).toBe("application/pkix-cert");
    const crl = await app.inject({ url: "/testbed/crl/eid.crl" });
    expect(crl.headers["content-type"]).toBe("application/pkix-crl");
    expect(crl.headers["cache-control"]).toBe("no-store");
    expect((await app.inject({ url: "/testbed/crl/eid.crt" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/testbed/crl/nope.crl" })).statusCode).toBe(404);
  });

  it("answers OCSP by POST and GET, and reflects an HTTP revocation at once", async () => {
    const pki = TestPki.load(join(dir, "pki"));
    const person = issuePerson(pki, { givenName: "Jānis", surname: "Bērziņš" });
    const issuer = pki.ca("eid").certificate;
    const ask = async (method: "POST" | "GET") => {
      const nonce = randomBytes(16);
      const request = buildOcspRequest({ certificate: person.certificate, issuer, nonce });
      const res =
        method === "POST"
          ? await app.inject({
              method,
              url: "/testbed/ocsp",
              headers: { "content-type": "application/ocsp-request" },
              payload: Buffer.from(request),
            })
          : await app.inject({
              url: `/testbed/ocsp/${encodeURIComponent(Buffer.from(request).toString("base64"))}`,
            });
      expect(res.headers["content-type"]).toBe("application/ocsp-response");
      return checkOcspResponse({
        response: res.rawPayload,
        certificate: person.certificate,
        issuer,
        at: new Date(),
        expectedNonce: nonce,
      });
    };
    expect((await ask("POST")).status).toBe("good");
    expect((await ask("GET")).status).toBe("good");
    const revoke = await app.inject({
      method: "POST",
      url: "/testbed/revoke",
      payload: { serial: person.record.serial, reason: "keyCompromise" },
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toMatchObject({
      serial: person.record.serial,
      reason: "keyCompromise",
      alreadyRevoked: false,
    });
    expect(await ask("POST")).toMatchObject({ status: "revoked", reason: "keyCompromise" });
    expect(await ask("GET")).toMatchObject({ status: "revoked" });
  });

  it("releases a hold over HTTP (409 when the certificate is not on hold)", async () => {
    const pki = TestPki.load(join(dir, "pki"));
    const person = issuePerson(pki, { givenName: "Hold", surname: "Me" });
    const post = (url: string, payload: object) => app.inject({ method: "POST", url, payload });
    expect(
      (await post("/testbed/revoke", { serial: person.record.serial, reason: "certificateHold" })).statusCode,
    ).toBe(200);
    const released = await post("/testbed/release-hold", { serial: person.record.serial });
    expect(released.json()).toEqual({ released: person.record.serial });
    expect((await post("/testbed/release-hold", { serial: person.record.serial })).statusCode).toBe(409);
  });

  it("validates revoke requests", async () => {
    expect(
      (await app.inject({ method: "POST", url: "/testbed/revoke", payload: { serial: "zz" } })).statusCode,
    ).toBe(400);
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/testbed/revoke",
          payload: { serial: "ab", reason: "bored" },
        })
      ).statusCode,
    ).toBe(400);
    const missing = await app.inject({
      method: "POST",
      url: "/testbed/revoke",
      payload: { serial: "abcdef" },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe("testbed-unknown-certificate");
  });

  it("can require a bearer token for revocation", async () => {
    const guarded = Fastify();
    await guarded.register(testbedPkiPlugin, {
      prefix: "/tb",
      stateDir: join(dir, "pki"),
      revokeToken: "s3cret",
    });
    const denied = await guarded.inject({ method: "POST", url: "/tb/revoke", payload: { serial: "ab" } });
    expect(denied.statusCode).toBe(401);
    const wrong = await guarded.inject({
      method: "POST",
      url: "/tb/revoke",
      headers: { authorization: "Bearer nope" },
      payload: { serial: "ab" },
    });
    expect(wrong.statusCode).toBe(401);
    const allowed = await guarded.inject({
      method: "POST",
      url: "/tb/revoke",
      headers: { authorization: "Bearer s3cret" },
      payload: { serial: "ab" },
    });
    expect(allowed.statusCode).toBe(404);
    await guarded.close();
  });

  it("time-stamps application/timestamp-query", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/testbed/tsa",
      headers: { "content-type": "application/timestamp-query" },
      payload: Buffer.from(buildTimeStampRequest({ data: new Uint8Array([1]), certReq: true })),
    });
    expect(res.headers["content-type"]).toBe("application/timestamp-reply");
    const parsed = parseTimeStampResponse(res.rawPayload);
    expect(parsed.status).toBe(0);
    // rawPayload is a Node Buffer (a view into a shared pool): the token must verify all the same.
    expect(verifyTimeStampToken(parsed.token!)).toMatchObject({ valid: true });
    const wrongType = await app.inject({
      method: "POST",
      url: "/testbed/tsa",
      headers: { "content-type": "text/plain" },
      payload: "x",
    });
    expect(wrongType.statusCode).toBe(415);
  });
});
