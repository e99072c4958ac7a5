/**
 * eIDAS sign-in end to end over loopback HTTP (AUTH-6): a citizen relying party → the country
 * page → our signed AuthnRequest auto-posted to the testbed's foreign node (which checks our
 * signature with our published metadata) → the node's test person → its signed Response with an
 * encrypted assertion posted back → the consent page → agree: an ID token with sub PNOEE-…,
 * acr and amr ["eidas"]; refuse: access_denied. Plus replays, tampering, cancellation, a level
 * below the one asked, and the audit records.
 */
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../db/testing.ts";
import { eidasTestDataDir, signInWithEidas } from "./testing/eidas-driver.ts";
import {
  exchangeCode,
  hiddenValue,
  registerTestRelyingParty,
  startTestPlatform,
  type TestPlatform,
  type TestRelyingParty,
} from "./testing/test-platform.ts";

const STARTUP_TIMEOUT_MS = 300_000;

describe.each(testDatabaseKinds())("eIDAS sign-in on $name", (kind) => {
  let platform: TestPlatform;
  let rp: TestRelyingParty;

  beforeAll(async () => {
    platform = await startTestPlatform(kind, { dataDir: eidasTestDataDir() });
    rp = await registerTestRelyingParty(platform, { minLevel: "substantial" });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await platform?.stop();
  });

  async function auditOf(action: string) {
    return platform.database.db.selectFrom("audit_log").selectAll().where("action", "=", action).execute();
  }

  it("publishes our signed SP metadata", async () => {
    const response = await fetch(`${platform.base}/signin/eidas/metadata`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/samlmetadata+xml");
    const xml = await response.text();
    expect(xml).toContain(`entityID="${platform.base}/signin/eidas/metadata"`);
    expect(xml).toContain(`Location="${platform.base}/signin/callback/eidas"`);
    expect(xml).toContain("<ds:SignatureValue>");
  });

  it("country → node → consent → agree: ID token with sub PNOEE-…, acr and amr eidas", async () => {
    const run = await signInWithEidas(platform, rp);
    expect(run.countryPage).toContain('value="EE"');
    expect(run.countryPage).toContain('value="LT"');
    // The auto-post page may submit to the node and nowhere else unexpected.
    expect(run.autoPostCsp).toContain(`form-action 'self'`);
    expect(run.autoPostCsp).toContain(platform.base);
    expect(run.autoPostCsp).toContain("script-src 'self'");
    expect(run.nodePage).toContain("substantial");
    // AUTH-6: the consent page shows the attributes and the relying party, nothing reached it yet.
    expect(run.afterCallbackUrl).toContain(`/signin/${run.uid}/done`);
    expect(run.page).toContain("Jaan");
    expect(run.page).toContain("Tamm");
    expect(run.page).toContain("1980-01-08");
    expect(run.page).toContain("PNOEE-38001085718");
    expect(run.page).toContain(rp.client.name);
    const consentState = hiddenValue(run.page, "state")!;
    const agreed = await run.browser.request(`/signin/${run.uid}/consent`, {
      form: { state: consentState, decision: "agree" },
    });
    const back = await run.browser.follow(agreed, (url) => url.startsWith(rp.redirectUri));
    const code = new URL(back.url).searchParams.get("code");
    expect(code, back.url).toBeTruthy();
    const tokens = (await (await exchangeCode(platform, rp, code!, run.pkce.verifier)).json()) as {
      id_token: string;
    };
    const claims = decodeJwt(tokens.id_token);
    expect(claims.sub).toBe("PNOEE-38001085718");
    expect(claims.acr).toBe("substantial");
    expect(claims.amr).toEqual(["eidas"]);
    expect(claims.nonce).toBe(run.nonce);
    const success = await auditOf("identity.signin.success");
    expect(
      success.some((r) => r.subject_person === "PNOEE-38001085718" && r.purpose?.includes("method=eidas")),
    ).toBe(true);

    // The consent decision is single use.
    const again = await run.browser.request(`/signin/${run.uid}/consent`, {
      form: { state: consentState, decision: "agree" },
    });
    expect(again.status).toBe(400);
  });

  it("refusing consent: the relying party gets access_denied and the audit log a cancelled record", async () => {
    const run = await signInWithEidas(platform, rp, { country: "LT" });
    expect(run.page).toContain("Jonaitis");
    const refused = await run.browser.request(`/signin/${run.uid}/consent`, {
      form: { state: hiddenValue(run.page, "state")!, decision: "refuse" },
    });
    const back = await run.browser.follow(refused, (url) => url.startsWith(rp.redirectUri));
    const url = new URL(back.url);
    expect(url.searchParams.get("error")).toBe("access_denied");
    expect(url.searchParams.get("code")).toBeNull();
    const cancelled = await auditOf("identity.signin.cancelled");
    expect(
      cancelled.some(
        (r) => r.subject_person === "PNOLT-39105120113" && r.purpose?.includes("reason=consent-refused"),
      ),
    ).toBe(true);
  });

  it("the consent page belongs to the browser that started the sign-in", async () => {
    const run = await signInWithEidas(platform, rp);
    const state = hiddenValue(run.page, "state")!;
    const stranger = await fetch(`${platform.base}/signin/${run.uid}/consent`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ state, decision: "agree" }).toString(),
      redirect: "manual",
    });
    expect(stranger.status).toBe(400);
    // The stranger's attempt spent nothing: the person's own browser still decides (AUTH-6).
    const agreed = await run.browser.request(`/signin/${run.uid}/consent`, {
      form: { state, decision: "agree" },
    });
    const back = await run.browser.follow(agreed, (url) => url.startsWith(rp.redirectUri));
    expect(new URL(back.url).searchParams.get("code"), `got ${back.url}`).toBeTruthy();
  });

  it("a stranger opening /done with the state does not spend the outcome", async () => {
    const run = await signInWithEidas(platform, rp);
    const state = hiddenValue(run.page, "state")!;
    const stranger = await fetch(
      `${platform.base}/signin/${run.uid}/done?state=${encodeURIComponent(state)}`,
      { redirect: "manual" },
    );
    expect(stranger.status).toBe(400);
    const agreed = await run.browser.request(`/signin/${run.uid}/consent`, {
      form: { state, decision: "agree" },
    });
    const back = await run.browser.follow(agreed, (url) => url.startsWith(rp.redirectUri));
    expect(new URL(back.url).searchParams.get("code"), `got ${back.url}`).toBeTruthy();
  });

  it("a replayed Response is refused (the attempt is used once)", async () => {
    const run = await signInWithEidas(platform, rp);
    const replay = await run.browser.request("/signin/callback/eidas", {
      form: { SAMLResponse: run.samlResponse, RelayState: run.relayState },
    });
    expect(replay.status).toBe(400);
    const failed = await auditOf("identity.signin.failed");
    expect(failed.some((r) => r.purpose?.includes("method=eidas; reason=method-state-unknown"))).toBe(true);
  });

  it("the callback takes the HTTP-POST binding only: GET answers 405 and leaves the attempt unspent (AUTH-6)", async () => {
    // Keep the node's real answer: what is posted back is a RelayState naming no attempt.
    let relayState = "";
    const run = await signInWithEidas(platform, rp, {
      tamperRelayState: (relay) => {
        relayState = relay;
        return "not-a-relay-state";
      },
    });
    expect(run.afterCallback.status).toBe(400);
    const query = new URLSearchParams({ SAMLResponse: run.samlResponse, RelayState: relayState });
    const get = await fetch(`${platform.base}/signin/callback/eidas?${query}`, { redirect: "manual" });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const body = await get.text();
    expect(body).toContain("<h1>");
    expect(body).not.toContain(run.samlResponse.slice(0, 40));
    // The same answer, posted: the attempt was not spent by the GET, so it reaches consent.
    const posted = await run.browser.request("/signin/callback/eidas", {
      form: { SAMLResponse: run.samlResponse, RelayState: relayState },
    });
    expect(posted.status).toBe(303);
    const after = await run.browser.follow(posted, (url) => url.startsWith(rp.redirectUri));
    expect(after.url).toContain(`/signin/${run.uid}/done`);
    expect(await after.response.text()).toContain("PNOEE-38001085718");
  });

  it("a RelayState whose level was lowered is refused (the signed InResponseTo no longer matches)", async () => {
    const run = await signInWithEidas(platform, rp, {
      level: "low",
      tamperRelayState: (relay) => relay.replace(/\.substantial$/, ".low"),
    });
    expect(run.afterCallback.status).toBe(400);
    expect(run.page).not.toContain('name="decision"');
  });

  it("a level below the one the relying party needs is refused", async () => {
    const run = await signInWithEidas(platform, rp, { level: "low" });
    expect(run.afterCallback.status).toBe(400);
    const failed = await auditOf("identity.signin.failed");
    expect(failed.some((r) => r.purpose?.includes("reason=evidence-rejected"))).toBe(true);
  });

  it("asks the node for high when the relying party asks acr_values=high, and the node's high comes back", async () => {
    const run = await signInWithEidas(platform, rp, { acrValues: "http://eidas.europa.eu/LoA/high" });
    expect(run.nodePage).toContain("asked for level <strong>high</strong>");
    const agreed = await run.browser.request(`/signin/${run.uid}/consent`, {
      form: { state: hiddenValue(run.page, "state")!, decision: "agree" },
    });
    const back = await run.browser.follow(agreed, (url) => url.startsWith(rp.redirectUri));
    const code = new URL(back.url).searchParams.get("code")!;
    const tokens = (await (await exchangeCode(platform, rp, code, run.pkce.verifier)).json()) as {
      id_token: string;
    };
    expect(decodeJwt(tokens.id_token).acr).toBe("http://eidas.europa.eu/LoA/high");
  });

  it("cancelling at the node ends in the failure page and a failed record, never consent", async () => {
    const run = await signInWithEidas(platform, rp, { cancelAtNode: true });
    expect(run.afterCallback.status).toBe(400);
    expect(run.page).not.toContain('name="decision"');
    const failed = await auditOf("identity.signin.failed");
    expect(failed.some((r) => r.purpose?.includes("method=eidas; reason=method-cancelled"))).toBe(true);
  });

  it("an unknown country re-shows the country page", async () => {
    const run = await signInWithEidas(platform, rp);
    const response = await run.browser.request(`/signin/${run.uid}/method/eidas`, {
      form: { country: "XX" },
    });
    // The interaction is still open (consent not given): the choice page is shown again with an alert.
    const html = await response.text();
    expect(html).toContain('role="alert"');
  });
});
