/**
 * The VPM stand-in over Fastify inject: WS-Federation request checks (wa, known realm, exact
 * wreply), the means list, a bank's login page, the signed answer (SAML 1.1 by default, SAML 2.0
 * for a `wreq` asking for it or a relying party registered so), the level of each means, cancel,
 * expiry, and the answer page's CSP (script from a served file, no inline script).
 */
import { X509Certificate } from "node:crypto";
import { parseXml, verifyXmlSignature } from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultStandInPersons } from "../eparaksts/eparaksts-standin.ts";
import { createVpmSigningCredential } from "./vpm-credential.ts";
import { requestedTokenType, VPM_STANDIN_STS_PATH, vpmStandIn } from "./vpm-standin.ts";

const credential = createVpmSigningCredential();
const REALM = "https://rp.example/";
const REPLY = "https://rp.example/signin/callback/latvija-lv";
const persons = defaultStandInPersons();
const person = persons.find((p) => p.previousCodes.length > 0)!;
const WREQ_SAML2 =
  '<trust:RequestSecurityToken xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512"><trust:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</trust:TokenType></trust:RequestSecurityToken>';

let app: FastifyInstance;
let clock = Date.parse("2024-05-01T08:00:00Z");

beforeEach(async () => {
  clock = Date.parse("2024-05-01T08:00:00Z");
  app = Fastify();
  await app.register(vpmStandIn, {
    prefix: "/vpm",
    credential,
    relyingParties: [
      { realm: REALM, replyUrls: [REPLY] },
      { realm: "urn:saml2-rp", replyUrls: ["https://two.example/cb"], tokenType: "2.0" },
    ],
    now: () => clock,
  });
});
afterEach(() => app.close());

const form = (url: string, fields: Record<string, string>) =>
  app.inject({
    method: "POST",
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });

async function start(extra: Record<string, string> = {}) {
  const query = new URLSearchParams({
    wa: "wsignin1.0",
    wtrealm: REALM,
    wreply: REPLY,
    wctx: "ctx-1",
    ...extra,
  });
  const page = await app.inject({ method: "GET", url: `/vpm${VPM_STANDIN_STS_PATH}?${query}` });
  return { page, request: /name="request" value="([^"]+)"/.exec(page.body)?.[1] ?? "" };
}

function fieldsOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    out[m[1]!] = m[2]!.replace(/&#(\d+);/g, (_x, n: string) => String.fromCharCode(Number(n)));
  return out;
}

async function signIn(means: string, extra: Record<string, string> = {}) {
  const { request } = await start(extra);
  const identify = await form("/vpm/sts/means", { request, means });
  expect(identify.statusCode).toBe(200);
  const answer = await form("/vpm/sts/authenticate", {
    request,
    personal_code: person.personalCode,
    action: "continue",
  });
  expect(answer.statusCode).toBe(200);
  return { answer, identify, fields: fieldsOf(answer.body) };
}

describe("VPM stand-in", () => {
  it("lists its own means: eID card, eParaksts Mobile, several test banks, Smart-ID", async () => {
    const { page } = await start();
    expect(page.statusCode).toBe(200);
    for (const label of [
      "eID karte",
      "eParaksts Mobile",
      "Swedbank (testa banka)",
      "SEB (testa banka)",
      "Citadele (testa banka)",
      "Luminor (testa banka)",
      "Smart-ID",
    ])
      expect(page.body).toContain(label);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
  });

  it("refuses a wrong wa, an unknown realm and a reply address not registered for it", async () => {
    expect((await start({ wa: "wsignout1.0" })).page.statusCode).toBe(400);
    expect((await start({ wtrealm: "https://evil.example/" })).page.statusCode).toBe(400);
    expect((await start({ wreply: "https://evil.example/cb" })).page.statusCode).toBe(400);
  });

  it("a bank: its login page, then a signed SAML 1.1 token at level 3 with the bank's method URN", async () => {
    const { identify, answer, fields } = await signIn("bank:CITADELE");
    expect(identify.body).toContain("Citadele (testa banka): internetbankas pieteikšanās");
    expect(answer.body).toContain(`action="${REPLY}"`);
    expect(answer.body).toContain('<script src="/vpm/autosubmit.js" defer>');
    expect(answer.body).not.toMatch(/<script>/);
    expect(answer.headers["content-security-policy"]).not.toContain("form-action");
    expect(fields.wa).toBe("wsignin1.0");
    expect(fields.wctx).toBe("ctx-1");
    const doc = parseXml(fields.wresult!).document;
    const assertion = doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:1.0:assertion", "Assertion")[0]!;
    expect(assertion.getAttribute("Issuer")).toBe("http://www.latvija.lv/sts");
    expect(fields.wresult).toContain('AuthenticationMethod="urn:ivis:100001:am-bank-CITADELE"');
    expect(fields.wresult).toMatch(/citizenQAALevel"[^>]*><saml:AttributeValue>3</);
    expect(fields.wresult).toContain(`NotBefore="${new Date(clock).toISOString()}"`);
    for (const code of person.previousCodes) expect(fields.wresult).toContain(`>${code.replace("-", "")}<`);
    const verification = await verifyXmlSignature(doc, {
      key: new X509Certificate(credential.certificate).publicKey,
      idAttributes: [{ localName: "AssertionID" }],
    });
    expect(verification.valid).toBe(true);
    expect(verification.references[0]!.target).toBe(assertion);
  });

  it("eID card and eParaksts Mobile assert level 4; Smart-ID level 3", async () => {
    const eid = (await signIn("eid-card")).fields.wresult!;
    expect(eid).toContain('AuthenticationMethod="urn:ivis:100001:am-eid"');
    expect(eid).toMatch(/citizenQAALevel"[^>]*><saml:AttributeValue>4</);
    expect((await signIn("eparaksts-mobile")).fields.wresult).toMatch(
      /citizenQAALevel"[^>]*><saml:AttributeValue>4</,
    );
    expect((await signIn("smart-id")).fields.wresult).toMatch(
      /citizenQAALevel"[^>]*><saml:AttributeValue>3</,
    );
  });

  it("SAML 2.0 when the wreq asks for it or the relying party is registered so", async () => {
    expect(requestedTokenType(WREQ_SAML2)).toBe("urn:oasis:names:tc:SAML:2.0:assertion");
    expect(requestedTokenType("<not-xml")).toBeUndefined();
    const asked = await signIn("eid-card", { wreq: WREQ_SAML2 });
    expect(asked.fields.wresult).toContain("urn:oasis:names:tc:SAML:2.0:assertion");
    expect(asked.fields.wresult).toContain(`Recipient="${REPLY}"`);
    const registered = await signIn("eid-card", {
      wtrealm: "urn:saml2-rp",
      wreply: "https://two.example/cb",
    });
    expect(registered.fields.wresult).toContain("<saml2:Assertion");
  });

  it("cancel answers without a token; unknown codes are refused; an expired request is gone", async () => {
    const { request } = await start();
    const cancelled = await form("/vpm/sts/means", { request, means: "cancel" });
    expect(fieldsOf(cancelled.body)).toEqual({ wa: "wsignin1.0", wctx: "ctx-1" });
    const again = await start();
    await form("/vpm/sts/means", { request: again.request, means: "smart-id" });
    const unknown = await form("/vpm/sts/authenticate", {
      request: again.request,
      personal_code: "000000-00000",
      action: "continue",
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("Nezināms personas kods.");
    clock += 11 * 60_000;
    const late = await form("/vpm/sts/authenticate", {
      request: again.request,
      personal_code: person.personalCode,
      action: "continue",
    });
    expect(late.statusCode).toBe(400);
  });

  it("serves the auto-submit script and its signing certificate", async () => {
    const script = await app.inject({ method: "GET", url: "/vpm/autosubmit.js" });
    expect(script.headers["content-type"]).toContain("javascript");
    expect(script.body).toContain("wsfed-answer");
    const pem = await app.inject({ method: "GET", url: "/vpm/signing-certificate.pem" });
    expect(pem.body).toContain("BEGIN CERTIFICATE");
    const index = await app.inject({ method: "GET", url: "/vpm/?lang=en" });
    expect(index.body).toContain(person.previousCodes[0]!);
  });
});
