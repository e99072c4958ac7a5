/**
 * "Phone lost" (SIG-4): a test person signs in to the stand-in's self-service page with PIN1 and
 * suspends, then revokes, their own signing certificate; the testbed's OCSP responder and CRL
 * answer "revoked" at once. Wrong PINs count as for the OAuth sign-in, a session from the page
 * is needed for a change, and nobody changes another person's certificate.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildOcspRequest, parseCrl, parseOcspResponse } from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testbedPkiPlugin } from "../http/testbed-pki-plugin.ts";
import { issuePerson } from "../pki/issue-credentials.ts";
import { TestPki } from "../pki/test-pki.ts";
import { defaultStandInPersons, eparakstsStandIn } from "./eparaksts-standin.ts";
import { SELF_SERVICE_PATH } from "./self-service-routes.ts";

const [alice, bob] = defaultStandInPersons();
const form = { "content-type": "application/x-www-form-urlencoded" };
const client = { clientId: "portal", clientSecret: "portal-secret", redirectUris: ["http://127.0.0.1:9/cb"] };

let app: FastifyInstance;
let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-eparaksts-self-"));
  const stateDir = join(dir, "pki");
  const base = "http://127.0.0.1:9/testbed";
  pki = TestPki.create(stateDir, { baseUrl: base });
  app = Fastify();
  await app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir });
  await app.register(eparakstsStandIn, {
    prefix: "/lvrtc",
    clients: [client],
    signing: { pkiStateDir: stateDir, pkiBaseUrl: base },
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const signingCertificate = (person: typeof alice) =>
  issuePerson(pki, {
    givenName: person!.givenName,
    surname: person!.familyName,
    personalCode: person!.personalCode,
    ca: "eparaksts",
    usage: "sign",
  });

async function signIn(personalCode: string, pin1 = "1234", lang = "lv") {
  return app.inject({
    method: "POST",
    url: `/lvrtc${SELF_SERVICE_PATH}`,
    headers: form,
    payload: new URLSearchParams({ user_number: personalCode, pin1, lang }).toString(),
  });
}

const sessionOf = (body: string) => /name="session" value="([^"]+)"/.exec(body)?.[1];

async function change(session: string, serial: string, what: "suspend" | "revoke") {
  return app.inject({
    method: "POST",
    url: `/lvrtc${SELF_SERVICE_PATH}/change`,
    headers: form,
    payload: new URLSearchParams({ session, serial, change: what, lang: "lv" }).toString(),
  });
}

async function ocspStatus(certificate: Uint8Array) {
  const request = buildOcspRequest({ certificate, issuer: pki.ca("eparaksts").certificate });
  const response = await app.inject({
    method: "POST",
    url: "/testbed/ocsp",
    headers: { "content-type": "application/ocsp-request" },
    payload: Buffer.from(request),
  });
  const parsed = parseOcspResponse(new Uint8Array(response.rawPayload));
  if (parsed.kind !== "basic") throw new Error(`OCSP answered ${parsed.kind}`);
  return parsed.responses[0]!.status;
}

describe("eParaksts self-service: suspend or revoke one's own signing certificate (SIG-4)", () => {
  it("shows the sign-in form in Latvian and English", async () => {
    const lv = await app.inject({ method: "GET", url: `/lvrtc${SELF_SERVICE_PATH}` });
    expect(lv.statusCode).toBe(200);
    expect(lv.body).toContain('<html lang="lv"');
    expect(lv.body).toContain("mans parakstīšanas sertifikāts");
    const en = await app.inject({ method: "GET", url: `/lvrtc${SELF_SERVICE_PATH}?lang=en` });
    expect(en.body).toContain("my signing certificate");
    // The stand-in's index leads there.
    const index = await app.inject({ method: "GET", url: "/lvrtc/" });
    expect(index.body).toContain(`href="/lvrtc${SELF_SERVICE_PATH}"`);
  });

  it("a wrong PIN1 is counted and shows no certificates", async () => {
    const wrong = await signIn(bob!.personalCode, "0000");
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("Atlikušie mēģinājumi: 2");
    expect(sessionOf(wrong.body)).toBeUndefined();
  });

  it("suspends, then revokes the certificate; OCSP and the CRL say so at once", async () => {
    const issued = signingCertificate(alice);
    const others = signingCertificate(bob);
    expect(await ocspStatus(issued.certificate)).toMatchObject({ kind: "good" });

    const page = await signIn(alice!.personalCode);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(issued.record.serial);
    expect(page.body).not.toContain(others.record.serial);
    const session = sessionOf(page.body)!;

    // Nobody changes another person's certificate, even signed in.
    const foreign = await change(session, others.record.serial, "revoke");
    expect(foreign.statusCode).toBe(400);
    expect(await ocspStatus(others.certificate)).toMatchObject({ kind: "good" });

    const suspended = await change(session, issued.record.serial, "suspend");
    expect(suspended.statusCode).toBe(200);
    expect(suspended.body).toContain("Sertifikāts apturēts");
    expect(suspended.body).toContain("apturēts kopš");
    expect(await ocspStatus(issued.certificate)).toMatchObject({ kind: "revoked", reasonCode: 6 }); // certificateHold;

    const revoked = await change(session, issued.record.serial, "revoke");
    expect(revoked.body).toContain("Sertifikāts atsaukts");
    expect(await ocspStatus(issued.certificate)).toMatchObject({ kind: "revoked", reasonCode: 1 }); // keyCompromise;
    const crl = await app.inject({ method: "GET", url: "/testbed/crl/eparaksts.crl" });
    expect(parseCrl(new Uint8Array(crl.rawPayload)).find(issued.record.serial)).toMatchObject({
      reason: "keyCompromise",
    });
  });

  it("refuses a change without a session from the page", async () => {
    const issued = signingCertificate(bob);
    const forged = await change("x".repeat(43), issued.record.serial, "revoke");
    expect(forged.statusCode).toBe(401);
    expect(await ocspStatus(issued.certificate)).toMatchObject({ kind: "good" });
  });
});
