/**
 * The portal's sign-in through our own broker (issue 6 item 2 and 4; AUTH-1, AUTH-2): the code
 * flow with PKCE, state and nonce against the running platform, the session cookie, CSRF on
 * forms, logout at the broker, and the refusals (unknown state, another browser, tampered code).
 */
import { defaultStandInPersons } from "@tilts/testbed";
import type { FastifyReply, FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyEncryptionOf } from "../../config/config.ts";
import { testDatabaseKinds } from "../../db/testing.ts";
import { PUBLIC } from "../../http/route-access.ts";
import { listClients } from "../../identity/index.ts";
import { Browserless, loopbackFetch, type TestPlatform } from "../../identity/testing/test-platform.ts";
import { csrfTokenOf, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { ensurePortalClients, portalClientSecret } from "./clients.ts";
import { requireSignIn } from "./web-session.ts";

const [doctor, citizen] = defaultStandInPersons();

describe.each(testDatabaseKinds())("e-health portal sign-in ($name)", (kind) => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, { routes: probeRoutes, ehealth: { seedDemo: false } });
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it("registers its two relying parties at the broker once (professional: min high)", async () => {
    const clients = await listClients(platform.database.db);
    const ours = clients.filter((c) => c.name.startsWith("E-veselības portāls"));
    expect(ours).toHaveLength(2);
    expect(ours.find((c) => c.professional)?.minLevel).toBe("high");
    expect(ours.find((c) => !c.professional)?.minLevel).toBe("low");
    // A second start finds them instead of registering new ones.
    const again = await ensurePortalClients(
      platform.database.db,
      platform.base,
      keyEncryptionOf(platform.config),
    );
    expect(new Set([again.professional.clientId, again.citizen.clientId])).toEqual(
      new Set(ours.map((c) => c.clientId)),
    );
    expect((await listClients(platform.database.db)).length).toBe(clients.length);
  });

  it("CON-13: a dump of the database cannot authenticate as the portal; the derived secret can", async () => {
    const db = platform.database.db;
    // The portal's clients (other modules' workplaces register theirs in the same table).
    const portal = await db
      .selectFrom("web_client")
      .selectAll()
      .where("redirect_uri", "like", "%/ehealth/signin/%")
      .execute();
    const broker = await db.selectFrom("identity_client").selectAll().execute();
    expect(portal).toHaveLength(2);
    // Every text value of both tables, tried as the professional client's secret.
    const clientId = portal.find((r) => r.kind === "professional")!.client_id;
    const candidates = [...portal, ...broker].flatMap((row) =>
      Object.values(row).filter((v): v is string => typeof v === "string"),
    );
    for (const candidate of [...candidates, ...candidates.map((c) => c.replace(/^sha256:/, ""))])
      expect(await tokenEndpointAuthenticates(clientId, candidate), candidate).toBe(false);
    const derived = (await ensurePortalClients(db, platform.base, keyEncryptionOf(platform.config)))
      .professional;
    expect(await tokenEndpointAuthenticates(clientId, derived.clientSecret)).toBe(true);
  });

  it("moves a client registered with a stored random secret over to the derived one at start", async () => {
    const db = platform.database.db;
    const row = await db
      .selectFrom("web_client")
      .selectAll()
      .where("kind", "=", "citizen")
      .executeTakeFirstOrThrow();
    // As an older version left it: the broker holds the hash of some random secret.
    await db
      .updateTable("identity_client")
      .set({ secret_hash: `sha256:${"0".repeat(64)}` })
      .where("client_id", "=", row.client_id)
      .execute();
    const derived = portalClientSecret(keyEncryptionOf(platform.config), row.client_id);
    expect(await tokenEndpointAuthenticates(row.client_id, derived)).toBe(false);
    await ensurePortalClients(db, platform.base, keyEncryptionOf(platform.config));
    expect(await tokenEndpointAuthenticates(row.client_id, derived)).toBe(true);
  });

  /** Whether the token endpoint accepts this client authentication (the grant itself is bogus). */
  async function tokenEndpointAuthenticates(clientId: string, secret: string): Promise<boolean> {
    const response = await loopbackFetch(`${platform.base}/oidc/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`,
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: "bogus",
        redirect_uri: `${platform.base}/x`,
        code_verifier: "v".repeat(43),
      }).toString(),
    });
    const body = (await response.json()) as { error?: string };
    // Only past client authentication is the (well-formed, PKCE-carrying) bogus code judged:
    // invalid_grant. A failed authentication says invalid_client, a malformed one invalid_request.
    expect(response.status).toBeLessThan(500);
    return body.error === "invalid_grant";
  }

  it("AUTH-2: a professional signs in with eParaksts Mobile at level high; the session carries the person", async () => {
    const { browser, url, response } = await signInToEhealth(platform, doctor!, "professional", {
      returnTo: "/ehealth/session-probe/professional?x=1",
    });
    expect(new URL(url).pathname + new URL(url).search).toBe("/ehealth/session-probe/professional?x=1");
    expect(response.status).toBe(200);
    const person = (await response.json()) as Record<string, unknown>;
    expect(person).toMatchObject({
      kind: "professional",
      subject: `PNOLV-${doctor!.personalCode}`,
      personCode: doctor!.personalCode,
      givenName: doctor!.givenName,
      familyName: doctor!.familyName,
      level: "high",
      amr: ["eparaksts-mobile"],
    });
    // The citizen's session is a different one: this cookie does not open a citizen page.
    const asCitizen = await browser.request("/ehealth/session-probe/citizen");
    expect(asCitizen.status).toBe(303);
    expect(asCitizen.headers.get("location")).toBe(
      `/ehealth/signin/citizen?return=${encodeURIComponent("/ehealth/session-probe/citizen")}`,
    );
  }, 180_000);

  it("sets an HttpOnly SameSite=Lax session cookie (no Secure over plain http)", async () => {
    const browser = new Browserless(platform.base);
    const start = await browser.request("/ehealth/signin/citizen?return=/");
    expect(start.status).toBe(303);
    const location = new URL(start.headers.get("location")!);
    expect(location.pathname).toBe("/oidc/auth");
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("state")).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get("nonce")).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get("acr_values")).toBe("low");
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith("ehealth-signin="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("without a session a page redirects to sign in; after sign-in it comes back", async () => {
    const browser = new Browserless(platform.base);
    const first = await browser.request("/ehealth/session-probe/citizen");
    expect(first.status).toBe(303);
    const { response } = await signInToEhealth(platform, citizen!, "citizen", {
      browser,
      returnTo: "/ehealth/session-probe/citizen",
    });
    expect(((await response.json()) as { subject: string }).subject).toBe(`PNOLV-${citizen!.personalCode}`);
  }, 180_000);

  it("CSRF: a form POST needs the session's token", async () => {
    const { browser } = await signInToEhealth(platform, citizen!, "citizen", {
      returnTo: "/ehealth/session-probe/citizen",
    });
    const form = await browser.request("/ehealth/session-probe/citizen/form");
    const token = csrfTokenOf(await form.text());
    const refused = await browser.request("/ehealth/session-probe/citizen", { form: { x: "1" } });
    expect(refused.status).toBe(403);
    const wrong = await browser.request("/ehealth/session-probe/citizen", {
      form: { _csrf: "x".repeat(43) },
    });
    expect(wrong.status).toBe(403);
    const accepted = await browser.request("/ehealth/session-probe/citizen", { form: { _csrf: token } });
    expect(accepted.status).toBe(200);
  }, 180_000);

  it("sign-out ends the session here and sends the browser to the broker's logout", async () => {
    const { browser } = await signInToEhealth(platform, citizen!, "citizen", {
      returnTo: "/ehealth/session-probe/citizen",
    });
    const form = await browser.request("/ehealth/session-probe/citizen/form");
    const token = csrfTokenOf(await form.text());
    const out = await browser.request("/ehealth/signout/citizen", { form: { _csrf: token } });
    expect(out.status).toBe(303);
    const location = new URL(out.headers.get("location")!);
    expect(location.pathname).toBe("/oidc/session/end");
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe(`${platform.base}/ehealth/signed-out`);
    const broker = await browser.request(location.toString());
    expect(broker.status).toBe(200); // the broker's "do you want to sign out?" page
    const after = await browser.request("/ehealth/session-probe/citizen");
    expect(after.status).toBe(303);
  }, 180_000);

  it("refuses a callback with an unknown state, or in a browser that did not start the sign-in", async () => {
    const stranger = new Browserless(platform.base);
    const unknown = await stranger.request("/ehealth/signin/callback/citizen?state=nope&code=x");
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("signin-unknown");

    // An attacker starts a sign-in and hands the victim the callback (login CSRF).
    const attacker = new Browserless(platform.base);
    const start = await attacker.request("/ehealth/signin/citizen?return=/");
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const victim = new Browserless(platform.base);
    const injected = await victim.request(`/ehealth/signin/callback/citizen?state=${state}&code=stolen`);
    expect(injected.status).toBe(400);
    expect(await injected.text()).toContain("signin-browser-mismatch");
  });

  it("refuses a forged code at the token endpoint, and a state used twice", async () => {
    const browser = new Browserless(platform.base);
    const start = await browser.request("/ehealth/signin/citizen?return=/");
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const forged = await browser.request(`/ehealth/signin/callback/citizen?state=${state}&code=forged`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("token-exchange-failed");
    const replay = await browser.request(`/ehealth/signin/callback/citizen?state=${state}&code=forged`);
    expect(await replay.text()).toContain("signin-unknown");
  });

  it("an idle session expires after 30 minutes", async () => {
    const { browser } = await signInToEhealth(platform, citizen!, "citizen", {
      returnTo: "/ehealth/session-probe/citizen",
    });
    await platform.database.db
      .updateTable("web_session")
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .execute();
    const after = await browser.request("/ehealth/session-probe/citizen");
    expect(after.status).toBe(303);
  }, 180_000);

  it("a new sign-in in the same browser ends the earlier session", async () => {
    const { browser } = await signInToEhealth(platform, citizen!, "citizen", {
      returnTo: "/ehealth/session-probe/citizen",
    });
    const count = () =>
      platform.database.db
        .selectFrom("web_session")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("subject", "=", `PNOLV-${citizen!.personalCode}`)
        .executeTakeFirstOrThrow();
    const before = Number((await count()).n);
    await signInToEhealth(platform, citizen!, "citizen", {
      browser,
      returnTo: "/ehealth/session-probe/citizen",
    });
    expect(Number((await count()).n)).toBe(before);
  }, 180_000);

  it("a form posted after the session ended signs in and comes back to the form's page", async () => {
    const stranger = new Browserless(platform.base);
    const response = await loopbackFetch(new URL("/ehealth/session-probe/citizen", platform.base), {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        referer: `${platform.base}/ehealth/session-probe/citizen/form?x=1`,
        cookie: stranger.jar.header(),
      },
      body: "_csrf=x",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      `/ehealth/signin/citizen?return=${encodeURIComponent("/ehealth/session-probe/citizen/form?x=1")}`,
    );
    const foreign = await loopbackFetch(new URL("/ehealth/session-probe/citizen", platform.base), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", referer: "https://evil.example/x" },
      body: "_csrf=x",
    });
    expect(foreign.headers.get("location")).toBe(`/ehealth/signin/citizen?return=${encodeURIComponent("/")}`);
  });

  it("makes the sign-in's browser binding itself, never taking one the browser brings", async () => {
    const planted = "A".repeat(43);
    const cookies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await loopbackFetch(`${platform.base}/ehealth/signin/professional`, {
        headers: { cookie: `ehealth-signin=${planted}` },
        redirect: "manual",
      });
      expect(response.status).toBe(303);
      const binding = /ehealth-signin=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
      expect(binding).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(binding).not.toBe(planted);
      cookies.push(binding!);
    }
    expect(cookies[0]).not.toBe(cookies[1]);
  });

  it("limits sign-in starts per client address", async () => {
    const limited = await startEhealthTestPlatform(kind, {
      database: platform.database,
      ehealth: { seedDemo: false, signInRateLimitPerMinute: 3 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await loopbackFetch(new URL("/ehealth/signin/citizen", limited.base), {
          redirect: "manual",
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([303, 303, 303, 429, 429]);
    } finally {
      await limited.stop({ keepDatabase: true });
    }
  }, 180_000);

  it("never redirects back to another site", async () => {
    const browser = new Browserless(platform.base);
    for (const bad of ["https://evil.example/", "//evil.example/", "/\\evil.example"]) {
      await browser.request(`/ehealth/signin/citizen?return=${encodeURIComponent(bad)}`);
      const row = await platform.database.db
        .selectFrom("web_signin")
        .select("return_to")
        .orderBy("created_at", "desc")
        .executeTakeFirstOrThrow();
      expect(row.return_to).toBe("/");
    }
  });
});

/** Test-only probe routes, added to the platform before it listens. */
function probeRoutes(app: import("fastify").FastifyInstance) {
  for (const k of ["professional", "citizen"] as const) {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const person = await requireSignIn(request, reply, k);
      if (!person) return reply;
      return { ...person, csrfToken: undefined };
    };
    // The probes test requireSignIn itself, so they sit outside any workplace gate.
    const probe = { config: { access: PUBLIC } };
    app.get(`/ehealth/session-probe/${k}`, probe, handler);
    app.post(`/ehealth/session-probe/${k}`, probe, handler);
    app.get(`/ehealth/session-probe/${k}/form`, probe, async (request, reply) => {
      const person = await requireSignIn(request, reply, k);
      if (!person) return reply;
      reply.type("text/html");
      return `<form method="post"><input type="hidden" name="_csrf" value="${person.csrfToken}"></form>`;
    });
  }
}
