/**
 * The whole sign-in as a relying party sees it, over loopback HTTP: authorize with PKCE → the
 * sign-in page → eParaksts (the testbed's LVRTC stand-in, real protocol) → the phone page with
 * user number and PIN1 → back to the RP with a code → token endpoint with Basic auth → ID token
 * verified against the JWKS → user info. Plus the refusing cases and a restart.
 */
import { defaultStandInPersons } from "@tilts/testbed";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyEncryptionOf } from "../config/config.ts";
import { testDatabaseKinds } from "../db/testing.ts";
import { rotateSigningKey } from "./adapters/signing-keys.ts";
import { EIDAS_LOA_HIGH } from "./core/levels.ts";
import { scriptedMethod } from "./testing/scripted-method.ts";
import {
  authorizeUrl,
  Browserless,
  exchangeCode,
  freePort,
  loopbackFetch,
  newPkce,
  registerTestRelyingParty,
  type SignInRun,
  signInWithEparaksts,
  startTestPlatform,
  type TestPlatform,
  type TestRelyingParty,
} from "./testing/test-platform.ts";

const person = defaultStandInPersons()[0]!;
const PIN1 = "1234";
/** Opening a database and generating a key take long on a busy two-core machine. */
const STARTUP_TIMEOUT_MS = 300_000;

function codeOf(run: SignInRun): string {
  const url = new URL(run.finalUrl);
  expect(url.searchParams.get("state")).toBe(run.state);
  const code = url.searchParams.get("code");
  expect(code, `expected a code, got ${run.finalUrl}`).toBeTruthy();
  return code!;
}

describe.each(testDatabaseKinds())("sign-in broker on $name", (kind) => {
  let platform: TestPlatform;
  let citizenRp: TestRelyingParty;

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    citizenRp = await registerTestRelyingParty(platform);
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await platform?.stop();
  });

  it("publishes a discovery document at the platform's well-known address", async () => {
    const response = await fetch(`${platform.base}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(platform.base);
    expect(doc.authorization_endpoint).toBe(`${platform.base}/oidc/auth`);
    expect(doc.token_endpoint).toBe(`${platform.base}/oidc/token`);
    expect(doc.userinfo_endpoint).toBe(`${platform.base}/oidc/me`);
    expect(doc.jwks_uri).toBe(`${platform.base}/oidc/jwks`);
    expect(doc.end_session_endpoint).toBe(`${platform.base}/oidc/session/end`);
    expect(doc.response_types_supported).toEqual(["code"]);
    expect(doc.code_challenge_methods_supported).toEqual(["S256"]);
    expect(doc.id_token_signing_alg_values_supported).toEqual(["RS256"]);
    expect(doc.acr_values_supported).toEqual(
      expect.arrayContaining(["low", "substantial", "high", EIDAS_LOA_HIGH]),
    );
    expect(doc.scopes_supported).toEqual(["openid", "profile"]);
    expect(doc.claims_supported).toEqual(
      expect.arrayContaining(["sub", "acr", "amr", "previous_personal_codes"]),
    );
    const jwks = (await (await fetch(doc.jwks_uri as string)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(key.d).toBeUndefined(); // public parts only
  });

  it("signs a citizen in with eParaksts Mobile: ID token verified against the JWKS, then user info", async () => {
    const run = await signInWithEparaksts(platform, citizenRp, {
      personalCode: person.personalCode,
      pin1: PIN1,
    });
    const code = codeOf(run);
    const tokenResponse = await exchangeCode(platform, citizenRp, code, run.pkce.verifier);
    expect(tokenResponse.status).toBe(200);
    const tokens = (await tokenResponse.json()) as Record<string, unknown>;
    expect(tokens.refresh_token).toBeUndefined();
    const jwks = createRemoteJWKSet(new URL(`${platform.base}/oidc/jwks`));
    const { payload } = await jwtVerify(tokens.id_token as string, jwks, {
      issuer: platform.base,
      audience: citizenRp.client.clientId,
    });
    expect(payload.sub).toBe(`PNOLV-${person.personalCode}`);
    expect(payload.acr).toBe("high");
    expect(payload.amr).toEqual(["eparaksts-mobile"]);
    expect(payload.nonce).toBe(run.nonce);
    expect(payload.given_name).toBe(person.givenName);
    expect(payload.family_name).toBe(person.familyName);
    expect(Array.isArray(payload.previous_personal_codes)).toBe(true);

    const userinfo = await fetch(`${platform.base}/oidc/me`, {
      headers: { authorization: `Bearer ${tokens.access_token as string}` },
    });
    expect(userinfo.status).toBe(200);
    const claims = (await userinfo.json()) as Record<string, unknown>;
    expect(claims.sub).toBe(`PNOLV-${person.personalCode}`);
    expect(claims.family_name).toBe(person.familyName);

    const audit = await platform.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "identity.signin.success")
      .execute();
    expect(
      audit.some(
        (r) => r.subject_person === `PNOLV-${person.personalCode}` && r.purpose?.includes("level=high"),
      ),
    ).toBe(true);
  });

  it("returns acr in the form asked: a level name, or the eIDAS URI", async () => {
    for (const [asked, expected] of [
      ["high", "high"],
      [EIDAS_LOA_HIGH, EIDAS_LOA_HIGH],
      ["substantial", "high"], // the level is what the evidence shows, not what was asked
    ] as const) {
      const run = await signInWithEparaksts(
        platform,
        citizenRp,
        { personalCode: person.personalCode, pin1: PIN1 },
        { acrValues: asked },
      );
      const tokens = (await (
        await exchangeCode(platform, citizenRp, codeOf(run), run.pkce.verifier)
      ).json()) as { id_token: string };
      const { payload } = await jwtVerify(
        tokens.id_token,
        createRemoteJWKSet(new URL(`${platform.base}/oidc/jwks`)),
      );
      expect(payload.acr).toBe(expected);
    }
  });

  it("refuses a replayed authorization code", async () => {
    const run = await signInWithEparaksts(platform, citizenRp, {
      personalCode: person.personalCode,
      pin1: PIN1,
    });
    const code = codeOf(run);
    expect((await exchangeCode(platform, citizenRp, code, run.pkce.verifier)).status).toBe(200);
    const replay = await exchangeCode(platform, citizenRp, code, run.pkce.verifier);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("refuses a wrong PKCE verifier and a wrong client secret", async () => {
    const run = await signInWithEparaksts(platform, citizenRp, {
      personalCode: person.personalCode,
      pin1: PIN1,
    });
    const code = codeOf(run);
    const wrongSecret = await exchangeCode(
      platform,
      { ...citizenRp, clientSecret: "nope" },
      code,
      run.pkce.verifier,
    );
    expect(wrongSecret.status).toBe(401);
    const wrongVerifier = await exchangeCode(platform, citizenRp, code, newPkce().verifier);
    expect(wrongVerifier.status).toBe(400);
  });

  it("a failed token request spends the code: the right verifier afterwards is refused too", async () => {
    const run = await signInWithEparaksts(platform, citizenRp, {
      personalCode: person.personalCode,
      pin1: PIN1,
    });
    const code = codeOf(run);
    expect((await exchangeCode(platform, citizenRp, code, newPkce().verifier)).status).toBe(400);
    const retried = await exchangeCode(platform, citizenRp, code, run.pkce.verifier);
    expect(retried.status).toBe(400);
    expect(((await retried.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("requires PKCE, state and nonce, and matches redirect URIs exactly", async () => {
    const browser = new Browserless(platform.base);
    const noPkce = await browser.request(authorizeUrl(platform, citizenRp, { state: "s1", nonce: "n1" }));
    expect(noPkce.status).toBe(303);
    const location = new URL(noPkce.headers.get("location")!);
    expect(location.toString().startsWith(citizenRp.redirectUri)).toBe(true);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("error_description")).toMatch(/PKCE/);

    const noNonce = await browser.request(
      authorizeUrl(platform, citizenRp, { state: "s1", nonce: "", pkce: newPkce() }),
    );
    expect(new URL(noNonce.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");

    const otherRedirect = authorizeUrl(
      platform,
      { ...citizenRp, redirectUri: `${citizenRp.redirectUri}/x` },
      {
        state: "s1",
        nonce: "n1",
        pkce: newPkce(),
      },
    );
    const wrong = await browser.request(otherRedirect);
    expect(wrong.status).toBe(400); // never redirected to an unregistered URI
    expect(wrong.headers.get("location")).toBeNull();
  });

  it("professional relying party: eParaksts Mobile accepted on 2023-12-31 and on 2024-01-02; two buttons only", async () => {
    const proRp = await registerTestRelyingParty(platform, { professional: true, minLevel: "high" });
    try {
      for (const day of ["2023-12-31T10:00:00Z", "2024-01-02T10:00:00Z"]) {
        platform.clock.now = new Date(day);
        const run = await signInWithEparaksts(platform, proRp, {
          personalCode: person.personalCode,
          pin1: PIN1,
        });
        const tokens = (await (
          await exchangeCode(platform, proRp, codeOf(run), run.pkce.verifier)
        ).json()) as { id_token: string };
        const { payload } = await jwtVerify(
          tokens.id_token,
          createRemoteJWKSet(new URL(`${platform.base}/oidc/jwks`)),
        );
        expect(payload.acr).toBe("high");
        expect(payload.amr).toEqual(["eparaksts-mobile"]);
      }
    } finally {
      platform.clock.now = undefined;
    }
    const browser = new Browserless(platform.base);
    const start = await browser.request(
      authorizeUrl(platform, proRp, { state: "s", nonce: "n", pkce: newPkce() }),
    );
    const page = await browser.follow(start, () => false);
    const html = await page.response.text();
    const buttons = [...html.matchAll(/<button type="submit" name="method" value="([^"]+)">([^<]+)</g)].map(
      (m) => m[2],
    );
    expect(buttons).toEqual(["Latvija.lv", "eParaksts"]);
  });

  it("Latvija.lv sends the browser to the login module (WS-Federation wsignin1.0; flow in vpm-signin.int.test.ts)", async () => {
    const browser = new Browserless(platform.base);
    const start = await browser.request(
      authorizeUrl(platform, citizenRp, { state: "s", nonce: "n", pkce: newPkce() }),
    );
    const page = await browser.follow(start, () => false);
    const path = new URL(page.url).pathname;
    await page.response.text();
    const answer = await browser.request(`${path}/method/latvija-lv`, { form: { method: "latvija-lv" } });
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.get("location")!);
    expect(location.pathname).toBe("/testbed/vpm/sts");
    expect(location.searchParams.get("wa")).toBe("wsignin1.0");
  });

  it("refuses a replayed method callback and a callback finished in another browser", async () => {
    const run = await signInWithEparaksts(platform, citizenRp, {
      personalCode: person.personalCode,
      pin1: PIN1,
    });
    codeOf(run);
    // Replaying LVRTC's answer: the state was used once already.
    const stranger = new Browserless(platform.base);
    const replay = await stranger.request(
      `/signin/callback/eparaksts?code=x&state=${encodeURIComponent("not-a-state")}`,
    );
    expect(replay.status).toBe(400);
    const failures = await platform.database.db
      .selectFrom("audit_log")
      .select("purpose")
      .where("action", "=", "identity.signin.failed")
      .execute();
    expect(failures.some((f) => f.purpose?.includes("method-state-unknown"))).toBe(true);
  });

  it("RP-initiated logout ends the session and returns to the registered address", async () => {
    const run = await signInWithEparaksts(platform, citizenRp, {
      personalCode: person.personalCode,
      pin1: PIN1,
    });
    const tokens = (await (
      await exchangeCode(platform, citizenRp, codeOf(run), run.pkce.verifier)
    ).json()) as { id_token: string };
    const url = new URL("/oidc/session/end", platform.base);
    url.searchParams.set("id_token_hint", tokens.id_token);
    url.searchParams.set("post_logout_redirect_uri", "http://127.0.0.1:9/rp/logged-out");
    url.searchParams.set("state", "bye");
    const confirm = await run.browser.request(url.toString());
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    expect(xsrf && action).toBeTruthy();
    const done = await run.browser.request(action!, { form: { xsrf: xsrf!, logout: "yes" } });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("http://127.0.0.1:9/rp/logged-out?state=bye");
  });

  it("rotated keys: new tokens carry the new key id, the old key stays published", {
    timeout: STARTUP_TIMEOUT_MS,
  }, async () => {
    const before = (await (await loopbackFetch(`${platform.base}/oidc/jwks`)).json()) as {
      keys: { kid: string }[];
    };
    const { newKid, retired } = await rotateSigningKey(
      platform.database.db,
      keyEncryptionOf(platform.config),
    );
    expect(retired).toEqual([before.keys[0]!.kid]);
    // A restart (or the maintenance interval) loads the rotated keys.
    const port = Number(new URL(platform.base).port);
    await platform.stop({ keepDatabase: true });
    platform = await startTestPlatform(kind, {
      database: platform.database,
      port,
      dataDir: platform.config.dataDir,
    });
    const after = (await (await loopbackFetch(`${platform.base}/oidc/jwks`)).json()) as {
      keys: { kid: string }[];
    };
    expect(after.keys.map((k) => k.kid)).toEqual([newKid, before.keys[0]!.kid]);
    const run = await signInWithEparaksts(platform, citizenRp, {
      personalCode: person.personalCode,
      pin1: PIN1,
    });
    const tokens = (await (
      await exchangeCode(platform, citizenRp, codeOf(run), run.pkce.verifier)
    ).json()) as { id_token: string };
    expect(decodeProtectedHeader(tokens.id_token).kid).toBe(newKid);
  });

  it("a sign-in begun before a restart finishes after it (interactions live in the database)", {
    timeout: STARTUP_TIMEOUT_MS,
  }, async () => {
    const browser = new Browserless(platform.base);
    const pkce = newPkce();
    const start = await browser.request(
      authorizeUrl(platform, citizenRp, { state: "st", nonce: "nn", pkce }),
    );
    const page = await browser.follow(start, () => false);
    const signInPath = new URL(page.url).pathname;
    expect(page.response.status).toBe(200);
    await page.response.text();

    const port = Number(new URL(platform.base).port);
    await platform.stop({ keepDatabase: true });
    platform = await startTestPlatform(kind, {
      database: platform.database,
      port,
      dataDir: platform.config.dataDir,
    });

    const toMethod = await browser.request(`${signInPath}/method/eparaksts`, {
      form: { method: "eparaksts" },
    });
    const phone = await browser.follow(toMethod, () => false);
    const phoneHtml = await phone.response.text();
    const requestId = /name="request" value="([^"]+)"/.exec(phoneHtml)?.[1];
    const action = /<form method="post" action="([^"]+)"/.exec(phoneHtml)?.[1];
    const approved = await browser.request(action!, {
      form: { request: requestId!, user_number: person.personalCode, pin1: PIN1, action: "approve" },
    });
    const back = await browser.follow(approved, (url) => url.startsWith(citizenRp.redirectUri));
    const code = new URL(back.url).searchParams.get("code");
    expect(code).toBeTruthy();
    expect((await exchangeCode(platform, citizenRp, code!, pkce.verifier)).status).toBe(200);
  });
});

describe("rate limit and maintenance", () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(testDatabaseKinds()[0]!, {
      rateLimitPerMinute: 2,
      maintenanceIntervalMs: 100,
    });
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => platform?.stop());

  it("limits method starts per client address", async () => {
    const rp = await registerTestRelyingParty(platform);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const browser = new Browserless(platform.base);
      const start = await browser.request(
        authorizeUrl(platform, rp, { state: `s${i}`, nonce: "n", pkce: newPkce() }),
      );
      const page = await browser.follow(start, () => false);
      await page.response.text();
      const answer = await browser.request(`${new URL(page.url).pathname}/method/eparaksts`, {
        form: { method: "eparaksts" },
      });
      statuses.push(answer.status);
      await answer.arrayBuffer();
    }
    expect(statuses).toEqual([303, 303, 429]);
  });

  it("a running server picks up a key rotated by another process (the CLI)", async () => {
    const jwks = async () =>
      (
        (await (await loopbackFetch(`${platform.base}/oidc/jwks`)).json()) as { keys: { kid: string }[] }
      ).keys.map((k) => k.kid);
    const before = await jwks();
    const { newKid } = await rotateSigningKey(platform.database.db, keyEncryptionOf(platform.config));
    let after = await jwks();
    // The maintenance timer (100 ms here) reloads keys; wait for it, bounded.
    for (let i = 0; i < 100 && after[0] !== newKid; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await jwks();
    }
    expect(after).toEqual([newKid, ...before]);
  });
});

describe("professional policy end to end (bank through Latvija.lv, scripted until the VPM adapter lands)", () => {
  let platform: TestPlatform;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    platform = await startTestPlatform(testDatabaseKinds()[0]!, {
      port,
      methodOverrides: {
        "latvija-lv": scriptedMethod(
          "latvija-lv",
          () => ({
            method: "bank",
            via: "vpm",
            level: "substantial",
            person: {
              kind: "latvian",
              personalCode: person.personalCode,
              givenName: person.givenName,
              familyName: person.familyName,
              previousCodes: [...person.previousCodes],
            },
          }),
          base,
        ),
      },
    });
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => platform?.stop());

  async function bankSignIn(rp: TestRelyingParty) {
    const browser = new Browserless(platform.base);
    const pkce = newPkce();
    const start = await browser.request(authorizeUrl(platform, rp, { state: "st", nonce: "nn", pkce }));
    const page = await browser.follow(start, () => false);
    await page.response.text();
    const chosen = await browser.request(`${new URL(page.url).pathname}/method/latvija-lv`, {
      form: { method: "latvija-lv" },
    });
    const end = await browser.follow(chosen, (url) => url.startsWith(rp.redirectUri));
    return { end, pkce };
  }

  it("refuses bank sign-in to a professional service on 2024-01-02 with a page naming the means to use", async () => {
    const proRp = await registerTestRelyingParty(platform, { professional: true });
    platform.clock.now = new Date("2024-01-02T10:00:00Z");
    try {
      const { end } = await bankSignIn(proRp);
      expect(end.response.status).toBe(403);
      const html = await end.response.text();
      expect(html).toContain("Pieteikšanās atteikta");
      expect(html).toContain("eID karte");
      expect(html).toContain("eParaksts Mobile");
    } finally {
      platform.clock.now = undefined;
    }
    const refused = await platform.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "identity.signin.refused")
      .execute();
    expect(refused.at(-1)).toMatchObject({
      outcome: "denied",
      subject_person: `PNOLV-${person.personalCode}`,
      object: `relying-party:${proRp.client.clientId}`,
    });
    expect(refused.at(-1)?.purpose).toContain("reason=professional-means-refused");
  });

  it("accepts the same bank sign-in on 2023-12-31 (the rule is dated), acr substantial, amr vpm+bank", async () => {
    const proRp = await registerTestRelyingParty(platform, { professional: true });
    platform.clock.now = new Date("2023-12-31T10:00:00Z");
    try {
      const { end, pkce } = await bankSignIn(proRp);
      const code = new URL(end.url).searchParams.get("code");
      expect(code, end.url).toBeTruthy();
      const tokens = (await (await exchangeCode(platform, proRp, code!, pkce.verifier)).json()) as {
        id_token: string;
      };
      const { payload } = await jwtVerify(
        tokens.id_token,
        createRemoteJWKSet(new URL(`${platform.base}/oidc/jwks`)),
      );
      expect(payload.acr).toBe("substantial");
      expect(payload.amr).toEqual(["vpm", "bank"]);
    } finally {
      platform.clock.now = undefined;
    }
  });

  it("a citizen service accepts bank sign-in after the date, unless it registered --min-acr high", async () => {
    platform.clock.now = new Date("2024-01-02T10:00:00Z");
    try {
      const citizen = await registerTestRelyingParty(platform);
      const ok = await bankSignIn(citizen);
      expect(new URL(ok.end.url).searchParams.get("code")).toBeTruthy();
      const strict = await registerTestRelyingParty(platform, { minLevel: "high" });
      const refused = await bankSignIn(strict);
      expect(refused.end.response.status).toBe(403);
      expect(await refused.end.response.text()).toContain("augstāku drošības līmeni");
    } finally {
      platform.clock.now = undefined;
    }
  });
});
