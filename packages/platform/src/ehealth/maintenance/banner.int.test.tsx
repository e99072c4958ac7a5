/**
 * The workplaces' maintenance banner (CON-5, ANX2-15) on both databases, with an injected clock: a
 * window on Saturday 19 December 2026 is not shown on Friday the 11th (8 days ahead), is shown in
 * Latvian and English from Saturday the 12th, during the window says until when, and is gone after
 * it ends and when it is cancelled. Pages outside the workplace scope and non-HTML answers are
 * left alone.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { pageContext, renderPage } from "../../web/layout.tsx";
import { registerMaintenanceBanner } from "./banner.tsx";
import { cancelMaintenance, scheduleMaintenance } from "./maintenance-service.ts";

const at = (iso: string) => new Date(iso);

describe.each(testDatabaseKinds())("maintenance banner ($name)", (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let now = at("2026-12-07T08:00:00Z");
  let windowId: string;

  beforeAll(async () => {
    database = await kind.open();
    // Saturday 19.12.2026 10:00–12:00 Riga time: a day off, well ahead.
    ({ id: windowId } = await scheduleMaintenance(
      database.db,
      {
        startsAt: at("2026-12-19T08:00:00Z"),
        endsAt: at("2026-12-19T10:00:00Z"),
        descriptionLv: "Datubāzes atjaunināšana.",
        descriptionEn: "Database upgrade.",
      },
      "cli",
      now,
    ));
    app = Fastify();
    app.decorateRequest("language", "lv");
    app.addHook("onRequest", async (request) => {
      request.language = (request.query as { lang?: string }).lang === "en" ? "en" : "lv";
    });
    const page = (language: "lv" | "en") =>
      renderPage(pageContext(language, "/w/"), "Darba vieta", <h1>Darba vieta</h1>);
    await app.register(async (scope) => {
      registerMaintenanceBanner(scope, { db: database.db, now: () => now, refreshMs: 0 });
      scope.get("/w/", async (request, reply) =>
        reply.type("text/html; charset=utf-8").send(page(request.language)),
      );
      scope.get("/w/json", async () => ({ ok: true }));
    });
    app.get("/outside", async (_request, reply) => reply.type("text/html; charset=utf-8").send(page("lv")));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const body = async (url: string) => (await app.inject({ url })).body;

  it("is not shown 8 days ahead, is shown within 7 days in both languages and during the window", async () => {
    now = at("2026-12-11T07:00:00Z");
    expect(await body("/w/")).not.toContain("maintenance-banner");
    now = at("2026-12-12T09:00:00Z");
    const lv = await body("/w/");
    expect(lv).toContain('<main id="main" class="wrap"><div class="notice maintenance-banner" role="status"');
    expect(lv).toContain("Plānoti darbi no 19.12.2026 10:00 līdz 19.12.2026 12:00. Datubāzes atjaunināšana.");
    expect(await body("/w/?lang=en")).toContain(
      "Planned maintenance from 19.12.2026 10:00 to 19.12.2026 12:00. Database upgrade.",
    );
    expect(await body("/outside")).not.toContain("maintenance-banner");
    expect(await body("/w/json")).toBe('{"ok":true}');
    now = at("2026-12-19T09:00:00Z");
    expect(await body("/w/")).toContain("Notiek plānoti darbi līdz 19.12.2026 12:00.");
    now = at("2026-12-19T10:00:00Z");
    expect(await body("/w/")).not.toContain("maintenance-banner");
  });

  it("is gone when the window is cancelled", async () => {
    now = at("2026-12-14T09:00:00Z");
    expect(await body("/w/")).toContain("maintenance-banner");
    await cancelMaintenance(database.db, windowId, "cli", now);
    expect(await body("/w/")).not.toContain("maintenance-banner");
  });
});
