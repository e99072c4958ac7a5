/**
 * The Latvija.lv method as the routes drive it: the WS-Federation redirect it builds (wa, wtrealm,
 * wreply, wctx; wreq only when SAML 2.0 is configured), and `complete` with its refusal codes —
 * a replayed assertion ID (the replay cache in the database), a cancelled sign-in, an answer
 * outside the protocol — on every test database.
 */
import { buildVpmToken, createVpmSigningCredential } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import type { MethodAttempt } from "../adapters/method-attempts.ts";
import { sweepExpired } from "../adapters/oidc-adapter.ts";
import { VPM_REPLAY_MODEL } from "../adapters/vpm-replay-cache.ts";
import { IdentityError } from "../errors.ts";
import { TOKEN_TYPE_SAML20, type VpmSettings, vpmMethod } from "./vpm-method.ts";

const credential = createVpmSigningCredential();
const settings: VpmSettings = {
  stsUrl: "https://vpm.example/LVP.STS/Default.aspx",
  realm: "urn:tilts:test",
  replyUrl: "https://tilts.example/signin/callback/latvija-lv",
  issuers: ["http://www.latvija.lv/sts"],
  signingCertificates: [credential.certificate],
  clockSkewMs: 60_000,
  tokenType: "saml11",
};
const attempt: MethodAttempt = {
  state: "st-1",
  interactionUid: "uid",
  method: "latvija-lv",
  nonce: "n",
  codeVerifier: "v",
};
const NOW = new Date("2024-06-01T12:00:00Z");

const token = (version: "1.1" | "2.0", assertionId?: string) =>
  buildVpmToken({
    version,
    issuer: "http://www.latvija.lv/sts",
    realm: settings.realm,
    replyUrl: settings.replyUrl,
    person: { personalCode: "320731-20115", previousCodes: [], givenName: "Anna", familyName: "Bērziņa" },
    authenticationMethod: "urn:ivis:100001:am-eparaksts-mobile",
    qaaLevel: "4",
    now: NOW,
    lifetimeMs: 300_000,
    key: credential.key,
    certificate: credential.certificate,
    ...(assertionId ? { assertionId } : {}),
  });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError);
    const e = error as IdentityError;
    return e.detail ? `${e.code}/${e.detail}` : e.code;
  }
}

describe.each(testDatabaseKinds())("Latvija.lv method on $name", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.open();
  }, 120_000);
  afterAll(() => database?.close());

  it("begins with wsignin1.0, our realm, reply address and the attempt's state as wctx", async () => {
    const method = vpmMethod(settings);
    expect(method.available).toBe(true);
    expect(method.origins).toEqual(["https://vpm.example"]);
    const step = await method.begin({ interactionUid: "uid", language: "en", attempt });
    const url = new URL(step.url);
    expect(url.origin + url.pathname).toBe(settings.stsUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      wa: "wsignin1.0",
      wtrealm: settings.realm,
      wreply: settings.replyUrl,
      wctx: "st-1",
    });
    expect(url.searchParams.has("wreq")).toBe(false);
    const saml2 = await vpmMethod({ ...settings, tokenType: "saml20" }).begin({
      interactionUid: "uid",
      language: "lv",
      attempt,
    });
    expect(new URL(saml2.url).searchParams.get("wreq")).toContain(TOKEN_TYPE_SAML20);
    expect(method.stateOf({ wctx: "st-1" })).toBe("st-1");
    expect(method.stateOf({ wctx: "x".repeat(200) })).toBeUndefined();
    expect(vpmMethod(undefined).available).toBe(false);
  });

  it("accepts an assertion once; the same assertion ID again is a replay (SAML 1.1 and 2.0)", async () => {
    const method = vpmMethod(settings);
    const ctx = { db: database.db, now: NOW };
    for (const version of ["1.1", "2.0"] as const) {
      const wresult = await token(version);
      const evidence = await method.complete(
        { wa: "wsignin1.0", wresult, wctx: "st-1" },
        attempt,
        "2024-06-01",
        ctx,
      );
      expect(evidence).toMatchObject({ method: "eparaksts-mobile", via: "vpm", level: "high" });
      expect(
        await refusal(
          method.complete({ wa: "wsignin1.0", wresult, wctx: "st-2" }, attempt, "2024-06-01", ctx),
        ),
      ).toBe("evidence-rejected/assertion-replayed");
    }
    // Another token reusing an ID already seen is a replay too.
    const reused = await token("1.1", "_fixed-id");
    await method.complete({ wa: "wsignin1.0", wresult: reused }, attempt, "2024-06-01", ctx);
    expect(
      await refusal(
        method.complete(
          { wa: "wsignin1.0", wresult: await token("2.0", "_fixed-id") },
          attempt,
          "2024-06-01",
          ctx,
        ),
      ),
    ).toBe("evidence-rejected/assertion-replayed");
    const rows = await database.db
      .selectFrom("identity_oidc_record")
      .select(["expires_at"])
      .where("model", "=", VPM_REPLAY_MODEL)
      .execute();
    expect(rows.length).toBe(3);
    // Kept until the assertion could no longer pass anyway: NotOnOrAfter + skew (then swept).
    expect(rows[0]!.expires_at!.getTime()).toBe(NOW.getTime() + 300_000 + 60_000);
    // The module's expiry sweep empties them once past.
    await sweepExpired(database.db, new Date(NOW.getTime() + 300_000 + 60_000 + 1));
    const left = await database.db
      .selectFrom("identity_oidc_record")
      .select("id")
      .where("model", "=", VPM_REPLAY_MODEL)
      .execute();
    expect(left).toEqual([]);
  });

  it("maps the pipeline's refusals to coded IdentityErrors", async () => {
    const method = vpmMethod(settings);
    const ctx = { db: database.db, now: NOW };
    expect(await refusal(method.complete({ wa: "wsignin1.0", wctx: "st" }, attempt, "2024-06-01", ctx))).toBe(
      "method-cancelled",
    );
    expect(
      await refusal(method.complete({ wa: "wsignout1.0", wresult: "x" }, attempt, "2024-06-01", ctx)),
    ).toBe("method-protocol-error");
    const late = { db: database.db, now: new Date(NOW.getTime() + 400_000) };
    expect(
      await refusal(
        method.complete({ wa: "wsignin1.0", wresult: await token("2.0") }, attempt, "2024-06-01", late),
      ),
    ).toBe("evidence-rejected/expired");
    const other = vpmMethod({ ...settings, realm: "urn:someone-else" });
    expect(
      await refusal(
        other.complete({ wa: "wsignin1.0", wresult: await token("1.1") }, attempt, "2024-06-01", ctx),
      ),
    ).toBe("evidence-rejected/audience-mismatch");
    const pinnedElse = vpmMethod({
      ...settings,
      signingCertificates: [createVpmSigningCredential().certificate],
    });
    expect(
      await refusal(
        pinnedElse.complete({ wa: "wsignin1.0", wresult: await token("1.1") }, attempt, "2024-06-01", ctx),
      ),
    ).toBe("evidence-rejected/untrusted-signer");
  });
});
