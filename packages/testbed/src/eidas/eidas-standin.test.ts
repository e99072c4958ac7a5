/**
 * The foreign-node stand-in checks the connector's AuthnRequest as a real node does: the Issuer
 * must be a configured connector, whose fetched metadata must be signed with its own signing key,
 * and the request must be signed with that key over the whole request and addressed to this node.
 * The connector side is built here by hand (signXml of @tilts/trust), not by the platform.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DIGEST_SHA256,
  EXC_C14N,
  parseXml,
  SIG_RSA_PSS_SHA256_MGF1,
  signXml,
  TRANSFORM_ENVELOPED_SIGNATURE,
} from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EidasTestbed, ensureEidasTestbed } from "./eidas-keys.ts";
import { eidasNodeStandIn } from "./eidas-standin.ts";

const BASE = "https://tilts.test/testbed/eidas";
const SP = "https://tilts.test/signin/eidas/metadata";
const ACS = "https://tilts.test/signin/callback/eidas";
let dir: string;
let testbed: EidasTestbed;
let app: FastifyInstance;

async function signed(xml: string, key = testbed.connectorSigning): Promise<string> {
  const { document } = parseXml(xml);
  const root = document.documentElement!;
  const out = await signXml({
    document,
    placement: { parent: root, before: root.firstChild?.nextSibling ?? null },
    references: [
      {
        uri: `#${root.getAttribute("ID")}`,
        digestAlgorithm: DIGEST_SHA256,
        transforms: [{ algorithm: TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
      },
    ],
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: SIG_RSA_PSS_SHA256_MGF1,
    key: key.key,
    certificates: [key.certificate],
  });
  return out.xml;
}

const b64 = (der: Uint8Array) => Buffer.from(der).toString("base64");

async function metadata(): Promise<string> {
  return signed(
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_m" entityID="${SP}"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${b64(testbed.connectorSigning.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${b64(testbed.connectorEncryption.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ACS}" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>`,
  );
}

function request(issuer = SP, destination = `${BASE}/EE/sso`): string {
  return `<saml2p:AuthnRequest xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Destination="${destination}" ForceAuthn="true" ID="_req1" IssueInstant="2026-11-25T12:00:00Z" Version="2.0"><saml2:Issuer>${issuer}</saml2:Issuer><saml2p:RequestedAuthnContext Comparison="minimum"><saml2:AuthnContextClassRef>http://eidas.europa.eu/LoA/substantial</saml2:AuthnContextClassRef></saml2p:RequestedAuthnContext></saml2p:AuthnRequest>`;
}

async function post(xml: string, country = "EE") {
  return app.inject({
    method: "POST",
    url: `/testbed/eidas/${country}/sso`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({
      SAMLRequest: Buffer.from(xml).toString("base64"),
      RelayState: "s.EE.substantial",
    }).toString(),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-eidas-standin-"));
  testbed = ensureEidasTestbed({ stateDir: dir, baseUrl: BASE, modulusLength: 2048 });
  const meta = await metadata();
  app = Fastify();
  await app.register(eidasNodeStandIn, {
    prefix: "/testbed/eidas",
    stateDir: dir,
    baseUrl: BASE,
    connectorMetadataUrls: [SP],
    fetchMetadata: async (url) => {
      if (url !== SP) throw new Error("unexpected fetch");
      return meta;
    },
  });
}, 120_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("eIDAS node stand-in", () => {
  it("lists the foreign test persons in the chosen language, in the platform's style", async () => {
    const lv = await app.inject({ method: "GET", url: "/testbed/eidas/" });
    expect(lv.body).toContain('<html lang="lv">');
    expect(lv.body).toContain("eIDAS testa mezgli");
    expect(lv.body).toContain("Igaunija (testa mezgls)");
    expect(lv.body).toContain('rel="stylesheet"');
    expect(lv.body).toContain('href="/testbed/eidas/?lang=en"');
    const en = await app.inject({ method: "GET", url: "/testbed/eidas/", headers: { cookie: "lang=en" } });
    expect(en.body).toContain("Estonia (test node)");
    expect(en.body).toContain("Jaan Tamm");
  });

  it("accepts the connector's signed request and shows the test persons and the level asked", async () => {
    const response = await post(await signed(request()));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Jaan Tamm");
    expect(response.body).toContain("level <strong>substantial</strong>");
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("refuses an unsigned request, one signed with another key, an unknown connector and a wrong Destination", async () => {
    expect((await post(request())).body).toContain("request signature");
    const other = testbed.nodes.get("LT")!;
    expect((await post(await signed(request(), other))).body).toContain("request signature");
    expect((await post(await signed(request("https://evil.test/metadata")))).body).toContain(
      "unknown connector",
    );
    expect((await post(await signed(request(SP, `${BASE}/LT/sso`)))).body).toContain("wrong Destination");
    expect((await post(await signed(request()), "XX")).statusCode).toBe(404);
  });

  it("answers a login with a Response posted to the metadata's ACS; an expired or reused request is refused", async () => {
    const page = (await post(await signed(request()))).body;
    const key = /name="request" value="([^"]+)"/.exec(page)![1]!;
    const login = () =>
      app.inject({
        method: "POST",
        url: "/testbed/eidas/EE/login",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          request: key,
          person: "0",
          level: "high",
          action: "approve",
        }).toString(),
      });
    const answer = await login();
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain(`action="${ACS}"`);
    const samlResponse = /name="SAMLResponse" value="([^"]+)"/.exec(answer.body)![1]!;
    const xml = Buffer.from(samlResponse, "base64").toString("utf8");
    expect(xml).toContain('InResponseTo="_req1"');
    expect(xml).toContain("EncryptedAssertion");
    expect(xml).not.toContain("38001085718"); // the attributes travel encrypted
    expect(answer.headers["content-security-policy"]).toContain("form-action 'self' https://tilts.test");
    expect((await login()).statusCode).toBe(400);
  });
});
