/**
 * Requests without a session or sign-in (no interaction cookie, an unknown state) cannot append
 * audit records at will, nor shape the stored text: the sign-in routes pass their unidentified
 * failures through the audit module's gate, and write only enumerated method names (CON-9).
 */
import Fastify from "fastify";
import type Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { registerSignInRoutes } from "./signin-routes.ts";

describe.each(testDatabaseKinds())("unauthenticated sign-in requests on $name", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("500 requests from one address write a few records and one count; attacker text is not stored", async () => {
    const app = Fastify();
    app.decorateRequest("language", "lv");
    const noInteraction = {
      interactionDetails: async () => {
        throw new Error("no interaction cookie");
      },
    } as unknown as Provider;
    const now = () => new Date(Date.UTC(2026, 11, 7, 3, 30, 0));
    // No route rate limit: the gate alone bounds the records.
    registerSignInRoutes(app, {
      db: database.db,
      getProvider: () => noInteraction,
      methods: new Map(),
      now,
      rateLimitPerMinute: 0,
    });
    await app.ready();
    const attacker = "eparaksts; reason=success; actor=PNOLV-010101-10000";
    for (let i = 0; i < 250; i++) {
      const done = await app.inject({ url: `/signin/uid${i}/done?state=x`, remoteAddress: "203.0.113.50" });
      expect(done.statusCode).toBe(400);
      const callback = await app.inject({
        url: `/signin/callback/${encodeURIComponent(attacker)}?state=s${i}`,
        remoteAddress: "203.0.113.50",
      });
      expect(callback.statusCode).toBe(400);
    }
    await app.close();
    const rows = await database.db.selectFrom("audit_log").selectAll().orderBy("seq").execute();
    // Twenty individual records for the source, and per (action, outcome) one summary of the rest.
    expect(rows.filter((r) => r.action === "identity.signin.failed")).toHaveLength(20);
    const summaries = rows.filter((r) => r.action === "audit.events.suppressed");
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.purpose).toBe(
      "action=identity.signin.failed; outcome=failure; count=480; window-seconds=60",
    );
    for (const row of rows) {
      expect(row.purpose).not.toContain("PNOLV-010101-10000");
      expect(row.purpose).not.toContain("reason=success");
    }
    expect(rows.map((r) => r.purpose)).toContain("sign-in; method=unknown; reason=method-state-unknown");
  });
});
