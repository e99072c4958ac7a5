/**
 * eID card sign-in (Web eID) end to end over loopback HTTP, with the testbed's software card in
 * place of the browser extension: authorize → /signin/<uid>/method/eid-card → the eID page →
 * challenge → the card (certificate, PIN1, signature over hash(origin) ‖ hash(nonce)) → token →
 * policy → relying party → ID token (AUTH-1, AUTH-4). Professionals reach the method at route
 * level (AUTH-2 shows them only Latvija.lv and eParaksts; the card comes through Latvija.lv's
 * module in the browser). Refusals: replayed and expired nonce, wrong origin, revoked card.
 */
import { createHash } from "node:crypto";
import { defaultStandInPersons } from "@tilts/testbed";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../db/testing.ts";
import {
  authorizeUrl,
  Browserless,
  exchangeCode,
  loopbackFetch,
  newPkce,
  registerTestRelyingParty,
  startTestPlatform,
  type TestPlatform,
  type TestRelyingParty,
} from "./testing/test-platform.ts";

const STARTUP_TIMEOUT_MS = 300_000;
const persons = defaultStandInPersons();
/** Adults (legacy codes carry a birth date; the dated tests run with the clock in 2023). */
const person = persons.find((p) => p.birthDate < "2000-01-01")!;
const PIN1 = "1234";

interface Challenge {
  challengeId: string;
  challengeNonce: string;
}

/** The software card as the stand-in extension uses it, driven from Node. */
async function cardToken(
  platform: TestPlatform,
  personalCode: string,
  nonce: string,
  origin = platform.base,
): Promise<string> {
  const api = `${platform.base}/testbed/eid-card/api`;
  const post = (path: string, body: unknown) =>
    loopbackFetch(`${api}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const certificate = (await (await post("/certificate", { personalCode })).json()) as {
    certificate: string;
    algorithm: string;
  };
  const h = (text: string) => createHash("sha384").update(text, "utf8").digest();
  const digest = createHash("sha384")
    .update(Buffer.concat([h(origin), h(nonce)]))
    .digest("base64");
  const signed = await post("/sign", { personalCode, pin1: PIN1, digest });
  expect(signed.status).toBe(200);
  const { signature } = (await signed.json()) as { signature: string };
  return JSON.stringify({
    unverifiedCertificate: certificate.certificate,
    algorithm: certificate.algorithm,
    signature,
    format: "web-eid:1.0",
    appVersion: "https://tilts.invalid/testbed/software-eid-card/1.0",
  });
}

async function openEidPage(platform: TestPlatform, rp: TestRelyingParty) {
  const browser = new Browserless(platform.base);
  const pkce = newPkce();
  const state = "st-eid";
  const start = await browser.request(authorizeUrl(platform, rp, { state, nonce: "n-eid", pkce }));
  const signIn = await browser.follow(start, () => false);
  await signIn.response.text();
  const uid = new URL(signIn.url).pathname.split("/")[2]!;
  const toMethod = await browser.request(`/signin/${uid}/method/eid-card`, { form: { method: "eid-card" } });
  expect(toMethod.status).toBe(303);
  expect(toMethod.headers.get("location")).toBe(`/signin/${uid}/eid-card`);
  const page = await browser.request(`/signin/${uid}/eid-card`);
  return { browser, pkce, state, uid, page };
}

async function challengeOf(browser: Browserless, uid: string): Promise<Challenge> {
  const response = await browser.request(`/signin/${uid}/eid-card/challenge`, { method: "POST" });
  expect(response.status).toBe(200);
  return (await response.json()) as Challenge;
}

async function auditReasons(platform: TestPlatform): Promise<string[]> {
  const rows = await platform.database.db
    .selectFrom("audit_log")
    .select(["action", "purpose"])
    .where("action", "=", "identity.signin.failed")
    .execute();
  return rows.map((r) => r.purpose ?? "");
}

describe.each(testDatabaseKinds())("eID card sign-in on $name", (kind) => {
  let platform: TestPlatform;
  let citizenRp: TestRelyingParty;
  let professionalRp: TestRelyingParty;

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    citizenRp = await registerTestRelyingParty(platform);
    professionalRp = await registerTestRelyingParty(platform, { professional: true });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await platform?.stop();
  });

  async function signIn(rp: TestRelyingParty, code = person.personalCode) {
    const { browser, pkce, state, uid, page } = await openEidPage(platform, rp);
    expect(page.status).toBe(200);
    await page.text();
    const challenge = await challengeOf(browser, uid);
    const token = await cardToken(platform, code, challenge.challengeNonce);
    const posted = await browser.request(`/signin/${uid}/eid-card/token`, {
      form: { challenge: challenge.challengeId, token },
    });
    const end = await browser.follow(posted, (url) => url.startsWith(rp.redirectUri));
    return { end, pkce, state };
  }

  async function idTokenOf(rp: TestRelyingParty, run: Awaited<ReturnType<typeof signIn>>) {
    const url = new URL(run.end.url);
    expect(url.searchParams.get("state")).toBe(run.state);
    const code = url.searchParams.get("code");
    expect(code, `expected a code at the RP, got ${run.end.url}`).toBeTruthy();
    const tokens = (await (await exchangeCode(platform, rp, code!, run.pkce.verifier)).json()) as {
      id_token: string;
    };
    const { payload } = await jwtVerify(
      tokens.id_token,
      createRemoteJWKSet(new URL("/oidc/jwks", platform.base)),
      { issuer: platform.base, audience: rp.client.clientId },
    );
    return payload;
  }

  it("serves the eID page with its scripts as files under a strict CSP (no inline script)", async () => {
    const { page } = await openEidPage(platform, citizenRp);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).toContain('src="/signin/assets/eid-card.js"');
    expect(html).toContain(`src="${platform.base}/testbed/eid-card/extension.js"`);
    expect(html).not.toMatch(/<script>[^<]/);
    const script = await loopbackFetch(`${platform.base}/signin/assets/eid-card.js`);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(await script.text()).toContain("web-eid:authenticate");
  });

  it("signs a citizen in: sub PNOLV-<code>, acr high, amr eid-card, audited", async () => {
    const payload = await idTokenOf(citizenRp, await signIn(citizenRp));
    expect(payload.sub).toBe(`PNOLV-${person.personalCode}`);
    expect(payload.acr).toBe("high");
    expect(payload.amr).toEqual(["eid-card"]);
    expect(payload.family_name).toBe(person.familyName.toUpperCase());
    const success = await platform.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "identity.signin.success")
      .execute();
    expect(success.some((r) => r.purpose?.includes("method=eid-card; level=high"))).toBe(true);
  });

  for (const day of ["2024-01-02T10:00:00Z", "2023-12-31T10:00:00Z"]) {
    it(`accepts the eID card for a professional service at ${day.slice(0, 10)} (AUTH-1; route level, AUTH-2)`, async () => {
      platform.clock.now = new Date(day);
      try {
        const payload = await idTokenOf(professionalRp, await signIn(professionalRp));
        expect(payload.sub).toBe(`PNOLV-${person.personalCode}`);
        expect(payload.acr).toBe("high");
        expect(payload.amr).toEqual(["eid-card"]);
      } finally {
        platform.clock.now = undefined;
      }
    });
  }

  it("refuses a replayed token: the challenge is single use (eid-nonce-replayed)", async () => {
    const { browser, uid } = await openEidPage(platform, citizenRp);
    const challenge = await challengeOf(browser, uid);
    const token = await cardToken(platform, person.personalCode, challenge.challengeNonce);
    const form = { challenge: challenge.challengeId, token };
    const first = await browser.request(`/signin/${uid}/eid-card/token`, { form });
    expect(first.status).toBe(303);
    const again = await browser.request(`/signin/${uid}/eid-card/token`, { form });
    expect(again.status).toBe(400);
    expect(await auditReasons(platform)).toContain("sign-in; method=eid-card; reason=eid-nonce-replayed");
  });

  it("refuses a token for a challenge older than 5 minutes (eid-nonce-expired)", async () => {
    const { browser, uid } = await openEidPage(platform, citizenRp);
    const challenge = await challengeOf(browser, uid);
    const token = await cardToken(platform, person.personalCode, challenge.challengeNonce);
    platform.clock.now = new Date(Date.now() + 5 * 60_000 + 1000);
    try {
      const late = await browser.request(`/signin/${uid}/eid-card/token`, {
        form: { challenge: challenge.challengeId, token },
      });
      expect(late.status).toBe(400);
    } finally {
      platform.clock.now = undefined;
    }
    expect(await auditReasons(platform)).toContain("sign-in; method=eid-card; reason=eid-nonce-expired");
  });

  it("refuses a challenge of another sign-in (eid-nonce-unknown)", async () => {
    const other = await openEidPage(platform, citizenRp);
    const foreign = await challengeOf(other.browser, other.uid);
    const { browser, uid } = await openEidPage(platform, citizenRp);
    const token = await cardToken(platform, person.personalCode, foreign.challengeNonce);
    const posted = await browser.request(`/signin/${uid}/eid-card/token`, {
      form: { challenge: foreign.challengeId, token },
    });
    expect(posted.status).toBe(400);
    expect(await auditReasons(platform)).toContain("sign-in; method=eid-card; reason=eid-nonce-unknown");
  });

  it("refuses a token the card signed for another origin (eid-signature-invalid)", async () => {
    const { browser, uid } = await openEidPage(platform, citizenRp);
    const challenge = await challengeOf(browser, uid);
    const token = await cardToken(
      platform,
      person.personalCode,
      challenge.challengeNonce,
      "https://evil.example",
    );
    const posted = await browser.request(`/signin/${uid}/eid-card/token`, {
      form: { challenge: challenge.challengeId, token },
    });
    const end = await browser.follow(posted, (url) => url.startsWith(citizenRp.redirectUri));
    expect(end.response.status).toBe(400);
    expect(await end.response.text()).toContain("Pieteikšanās neizdevās");
    expect((await auditReasons(platform)).some((p) => p.endsWith("reason=eid-signature-invalid"))).toBe(true);
  });

  it("refuses a card whose certificate the testbed revoked, found by OCSP (eid-certificate-revoked)", async () => {
    const holder = persons.filter((p) => p.birthDate < "2000-01-01")[3]!;
    const cert = (await (
      await loopbackFetch(`${platform.base}/testbed/eid-card/api/certificate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ personalCode: holder.personalCode }),
      })
    ).json()) as { certificate: string };
    const { X509Certificate } = await import("node:crypto");
    const serial = new X509Certificate(Buffer.from(cert.certificate, "base64")).serialNumber;
    const revoked = await loopbackFetch(`${platform.base}/testbed/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ serial, reason: "keyCompromise" }),
    });
    expect(revoked.status).toBe(200);
    const { end } = await signIn(citizenRp, holder.personalCode);
    expect(end.response.status).toBe(400);
    expect((await auditReasons(platform)).some((p) => p.endsWith("reason=eid-certificate-revoked"))).toBe(
      true,
    );
  });

  it("refuses a malformed token (eid-token-malformed) and finishes with the failure page", async () => {
    const { browser, uid } = await openEidPage(platform, citizenRp);
    const challenge = await challengeOf(browser, uid);
    const posted = await browser.request(`/signin/${uid}/eid-card/token`, {
      form: { challenge: challenge.challengeId, token: "x".repeat(20_000) },
    });
    const end = await browser.follow(posted, () => false);
    expect(end.response.status).toBe(400);
    expect((await auditReasons(platform)).some((p) => p.endsWith("reason=eid-token-malformed"))).toBe(true);
  });

  it("another sign-in cannot overwrite this one's outcome by posting a broken token with its challenge id", async () => {
    const victim = await openEidPage(platform, citizenRp);
    const challenge = await challengeOf(victim.browser, victim.uid);
    const token = await cardToken(platform, person.personalCode, challenge.challengeNonce);
    const posted = await victim.browser.request(`/signin/${victim.uid}/eid-card/token`, {
      form: { challenge: challenge.challengeId, token },
    });
    expect(posted.status).toBe(303);
    // Before the victim's browser reaches /done, another interaction names the victim's challenge.
    const other = await openEidPage(platform, citizenRp);
    const spoiled = await other.browser.request(`/signin/${other.uid}/eid-card/token`, {
      form: { challenge: challenge.challengeId, token: "{" },
    });
    expect(spoiled.status).toBe(400);
    expect(await auditReasons(platform)).toContain("sign-in; method=eid-card; reason=eid-nonce-unknown");
    const end = await victim.browser.follow(posted, (url) => url.startsWith(citizenRp.redirectUri));
    expect(new URL(end.url).searchParams.get("code"), `got ${end.url}`).toBeTruthy();
  });

  it("needs the browser holding the interaction for the page, the challenge and the token", async () => {
    const { uid } = await openEidPage(platform, citizenRp);
    const stranger = new Browserless(platform.base);
    expect((await stranger.request(`/signin/${uid}/eid-card`)).status).toBe(400);
    expect((await stranger.request(`/signin/${uid}/eid-card/challenge`, { method: "POST" })).status).toBe(
      400,
    );
  });
});
