/**
 * Latvija.lv (VPM) end to end over loopback HTTP, as a relying party and a browser see it:
 * authorize → sign-in page → "Latvija.lv" → the testbed's VPM stand-in (WS-Federation) → a means
 * (bank, eParaksts Mobile…) → personal code → the signed token POSTed back to our callback →
 * policy → ID token. AUTH-1/AUTH-4: a health-professional service refuses bank sign-in on
 * 2024-01-02 and accepts it on 2023-12-31. Issue #5 item 5: a replayed assertion is refused.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultStandInPersons, ensureVpmSigningCredential } from "@tilts/testbed";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../db/testing.ts";
import { VPM_ISSUER, vpmMethod } from "./methods/vpm-method.ts";
import {
  authorizeUrl,
  Browserless,
  exchangeCode,
  freePort,
  hiddenValue,
  loopbackFetch,
  newPkce,
  registerTestRelyingParty,
  startTestPlatform,
  type TestPlatform,
  type TestRelyingParty,
} from "./testing/test-platform.ts";

const persons = defaultStandInPersons();
/** A test person with an earlier (legacy) code, so `previous_personal_codes` shows up. */
const withHistory = persons.find((p) => p.previousCodes.length > 0)!;
const plain = persons.find((p) => p.previousCodes.length === 0)!;
const STARTUP_TIMEOUT_MS = 300_000;

function unescapeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
}

/** The answer page's form fields (wa, wresult, wctx) and its target. */
function answerOf(html: string): { action: string; fields: Record<string, string> } {
  const action = unescapeHtml(/<form method="post" action="([^"]+)" id="wsfed-answer"/.exec(html)?.[1] ?? "");
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[m[1]!] = unescapeHtml(m[2]!);
  return { action, fields };
}

interface VpmRun {
  browser: Browserless;
  pkce: ReturnType<typeof newPkce>;
  /** What the stand-in POSTs back (kept to try a replay). */
  answer: { action: string; fields: Record<string, string> };
}

/** Authorize → Latvija.lv → stand-in: pick `means`, enter the code; stops before the POST back. */
async function throughStandIn(
  platform: TestPlatform,
  rp: TestRelyingParty,
  means: string,
  personalCode: string,
): Promise<VpmRun> {
  const browser = new Browserless(platform.base);
  const pkce = newPkce();
  const start = await browser.request(authorizeUrl(platform, rp, { state: "st", nonce: "nn", pkce }));
  const page = await browser.follow(start, () => false);
  await page.response.text();
  const toVpm = await browser.request(`${new URL(page.url).pathname}/method/latvija-lv`, {
    form: { method: "latvija-lv" },
  });
  expect(toVpm.status).toBe(303);
  const location = new URL(toVpm.headers.get("location")!);
  expect(location.pathname).toBe("/testbed/vpm/sts");
  expect(location.searchParams.get("wa")).toBe("wsignin1.0");
  expect(location.searchParams.get("wtrealm")).toBe(platform.config.vpmRealm);
  expect(location.searchParams.get("wreply")).toBe(`${platform.base}/signin/callback/latvija-lv`);
  expect(location.searchParams.get("wctx")).toBeTruthy();
  const meansPage = await browser.follow(toVpm, () => false);
  const meansHtml = await meansPage.response.text();
  const request = hiddenValue(meansHtml, "request")!;
  expect(request, meansHtml.slice(0, 300)).toBeTruthy();
  const identify = await browser.request("/testbed/vpm/sts/means", { form: { request, means } });
  expect(identify.status).toBe(200);
  await identify.text();
  const done = await browser.request("/testbed/vpm/sts/authenticate", {
    form: { request, personal_code: personalCode, action: "continue" },
  });
  const html = await done.text();
  expect(done.status, html.slice(0, 300)).toBe(200);
  return { browser, pkce, answer: answerOf(html) };
}

/** The browser POSTs the answer to our callback and follows to the relying party or a page. */
async function postBack(
  platform: TestPlatform,
  rp: TestRelyingParty,
  run: VpmRun,
  fields = run.answer.fields,
) {
  expect(run.answer.action).toBe(`${platform.base}/signin/callback/latvija-lv`);
  const posted = await run.browser.request(run.answer.action, { form: fields });
  return run.browser.follow(posted, (url) => url.startsWith(rp.redirectUri));
}

async function idTokenOf(platform: TestPlatform, rp: TestRelyingParty, url: string, verifier: string) {
  const code = new URL(url).searchParams.get("code");
  expect(code, url).toBeTruthy();
  const tokens = (await (await exchangeCode(platform, rp, code!, verifier)).json()) as {
    id_token: string;
    access_token: string;
  };
  const { payload } = await jwtVerify(
    tokens.id_token,
    createRemoteJWKSet(new URL(`${platform.base}/oidc/jwks`)),
  );
  const info = (await (
    await loopbackFetch(`${platform.base}/oidc/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
  ).json()) as Record<string, unknown>;
  return { payload, info };
}

describe.each(testDatabaseKinds())("Latvija.lv (VPM) sign-in on $name", (kind) => {
  let platform: TestPlatform;
  let citizenRp: TestRelyingParty;

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    citizenRp = await registerTestRelyingParty(platform);
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await platform?.stop();
  });

  it("citizen: bank inside Latvija.lv → sub PNOLV-…, acr substantial, amr vpm+bank, earlier codes", async () => {
    const run = await throughStandIn(platform, citizenRp, "bank:SWEDBANK", withHistory.personalCode);
    expect(run.answer.fields.wa).toBe("wsignin1.0");
    expect(run.answer.fields.wresult).toContain("urn:oasis:names:tc:SAML:1.0:assertion");
    const end = await postBack(platform, citizenRp, run);
    const { payload, info } = await idTokenOf(platform, citizenRp, end.url, run.pkce.verifier);
    expect(payload.sub).toBe(`PNOLV-${withHistory.personalCode}`);
    expect(payload.acr).toBe("substantial");
    expect(payload.amr).toEqual(["vpm", "bank"]);
    expect(info.given_name).toBe(withHistory.givenName);
    expect(info.previous_personal_codes).toEqual(withHistory.previousCodes.map((c) => `PNOLV-${c}`));
    const audit = await platform.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "identity.signin.success")
      .execute();
    expect(audit.at(-1)?.purpose).toContain("method=vpm+bank; level=substantial");
  });

  it("citizen: eParaksts Mobile inside Latvija.lv is high", async () => {
    const run = await throughStandIn(platform, citizenRp, "eparaksts-mobile", plain.personalCode);
    const end = await postBack(platform, citizenRp, run);
    const { payload } = await idTokenOf(platform, citizenRp, end.url, run.pkce.verifier);
    expect(payload.sub).toBe(`PNOLV-${plain.personalCode}`);
    expect(payload.acr).toBe("high");
    expect(payload.amr).toEqual(["vpm", "eparaksts-mobile"]);
  });

  it("refuses a replayed assertion, even with a fresh sign-in's wctx (item 5)", async () => {
    const first = await throughStandIn(platform, citizenRp, "smart-id", plain.personalCode);
    const ok = await postBack(platform, citizenRp, first);
    expect(new URL(ok.url).searchParams.get("code")).toBeTruthy();
    // A new sign-in, answered with the first sign-in's token.
    const second = await throughStandIn(platform, citizenRp, "smart-id", plain.personalCode);
    const replayed = await postBack(platform, citizenRp, second, {
      ...first.answer.fields,
      wctx: second.answer.fields.wctx!,
    });
    expect(replayed.response.status).toBe(400);
    const failed = await platform.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "identity.signin.failed")
      .execute();
    expect(failed.at(-1)?.purpose).toContain("method=latvija-lv; reason=evidence-rejected");
  });

  it("cancelling inside Latvija.lv returns without a token: sign-in not completed", async () => {
    const browser = new Browserless(platform.base);
    const start = await browser.request(
      authorizeUrl(platform, citizenRp, { state: "s", nonce: "n", pkce: newPkce() }),
    );
    const page = await browser.follow(start, () => false);
    await page.response.text();
    const toVpm = await browser.request(`${new URL(page.url).pathname}/method/latvija-lv`, {
      form: { method: "latvija-lv" },
    });
    const meansPage = await browser.follow(toVpm, () => false);
    const request = hiddenValue(await meansPage.response.text(), "request")!;
    const cancelled = await browser.request("/testbed/vpm/sts/means", { form: { request, means: "cancel" } });
    const answer = answerOf(await cancelled.text());
    expect(answer.fields.wresult).toBeUndefined();
    const posted = await browser.request(answer.action, { form: answer.fields });
    const end = await browser.follow(posted, (url) => url.startsWith(citizenRp.redirectUri));
    expect(end.response.status).toBe(400);
    const failed = await platform.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "identity.signin.failed")
      .execute();
    expect(failed.at(-1)?.purpose).toContain("reason=method-cancelled");
  });

  it("AUTH-1: professional service refuses bank via Latvija.lv on 2024-01-02, accepts it on 2023-12-31", async () => {
    const proRp = await registerTestRelyingParty(platform, { professional: true });
    platform.clock.now = new Date("2024-01-02T10:00:00Z");
    try {
      const run = await throughStandIn(platform, proRp, "bank:SEB", plain.personalCode);
      const end = await postBack(platform, proRp, run);
      expect(end.response.status).toBe(403);
      const html = await end.response.text();
      expect(html).toContain("eID karte");
      expect(html).toContain("eParaksts Mobile");
      const refused = await platform.database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "identity.signin.refused")
        .execute();
      expect(refused.at(-1)?.purpose).toContain(
        "method=vpm+bank; level=substantial; reason=professional-means-refused",
      );

      platform.clock.now = new Date("2023-12-31T10:00:00Z");
      const before = await throughStandIn(platform, proRp, "bank:SEB", plain.personalCode);
      const accepted = await postBack(platform, proRp, before);
      const { payload } = await idTokenOf(platform, proRp, accepted.url, before.pkce.verifier);
      expect(payload.acr).toBe("substantial");
      expect(payload.amr).toEqual(["vpm", "bank"]);
    } finally {
      platform.clock.now = undefined;
    }
  });
});

describe("Latvija.lv asked for SAML 2.0 (VPM_TOKEN_TYPE=saml20: a wreq with the token type)", () => {
  let platform: TestPlatform;
  let rp: TestRelyingParty;
  beforeAll(async () => {
    // The platform as `VPM_TOKEN_TYPE=saml20` configures it, against the same stand-in.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), "tilts-vpm-saml2-"));
    const { certificate } = ensureVpmSigningCredential(join(dataDir, "testbed", "vpm"));
    platform = await startTestPlatform(testDatabaseKinds()[0]!, {
      port,
      dataDir,
      methodOverrides: {
        "latvija-lv": vpmMethod({
          stsUrl: `${base}/testbed/vpm/sts`,
          realm: base,
          replyUrl: `${base}/signin/callback/latvija-lv`,
          issuers: [VPM_ISSUER],
          signingCertificates: [certificate],
          clockSkewMs: 120_000,
          tokenType: "saml20",
        }),
      },
    });
    rp = await registerTestRelyingParty(platform);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => platform?.stop());

  it("the module answers with a signed SAML 2.0 assertion whose Recipient is our callback; Smart-ID is substantial", async () => {
    const run = await throughStandIn(platform, rp, "smart-id", withHistory.personalCode);
    expect(run.answer.fields.wresult).toContain("urn:oasis:names:tc:SAML:2.0:assertion");
    expect(run.answer.fields.wresult).toContain(`Recipient="${platform.base}/signin/callback/latvija-lv"`);
    const end = await postBack(platform, rp, run);
    const { payload, info } = await idTokenOf(platform, rp, end.url, run.pkce.verifier);
    expect(payload.sub).toBe(`PNOLV-${withHistory.personalCode}`);
    expect(payload.acr).toBe("substantial");
    expect(payload.amr).toEqual(["vpm", "smart-id"]);
    expect(info.previous_personal_codes).toEqual(withHistory.previousCodes.map((c) => `PNOLV-${c}`));
  });
});
