import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { messages } from "../web/i18n.ts";
import { PUBLIC } from "./route-access.ts";
import { buildServer } from "./server.ts";

describe("the platform server", () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await testDatabaseKinds()[0]!.open();
    app = await buildServer({
      config: loadConfig({ env: {} }),
      database,
      logger: false,
      modules: [
        {
          name: "boom",
          register(app, { services }) {
            services.add({
              id: "demo",
              href: "/demo",
              title: { lv: "Demonstrācija", en: "Demonstration" },
              description: { lv: "Apraksts", en: "Description" },
            });
            app.get("/boom", { config: { access: PUBLIC } }, async () => {
              throw new Error("secret internal detail PNOLV-290156-11605");
            });
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it("over https every cookie it sets is Secure", async () => {
    const secure = await buildServer({
      config: loadConfig({ env: { PUBLIC_URL: "https://tilts.example" } }),
      database,
      logger: false,
    });
    try {
      const switched = await secure.inject("/?lang=en");
      expect(switched.headers["set-cookie"]).toMatch(/^lang=en;.*; Secure(;|$)/);
    } finally {
      await secure.close();
    }
    expect((await app.inject("/?lang=en")).headers["set-cookie"]).not.toContain("Secure");
  });

  it("answers /healthz and /readyz with the database kind", async () => {
    expect((await app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: "ready",
      database: { kind: "pglite", reachable: true, migrated: true },
    });
  });

  it("publishes Prometheus metrics and an OpenAPI 3.1 document", async () => {
    await app.inject("/healthz");
    const metrics = await app.inject("/metrics");
    expect(metrics.body).toContain("tilts_http_request_duration_seconds");
    expect(metrics.body).toContain('route="/healthz"');
    const openapi = (await app.inject("/openapi.json")).json();
    expect(openapi.openapi).toBe("3.1.0");
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/healthz", "/readyz"]));
  });

  it("sends security headers", async () => {
    const res = await app.inject("/");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["strict-transport-security"]).toBeDefined();
  });

  it("renders the home page in Latvian by default, English on request, and lists services", async () => {
    const lv = await app.inject("/");
    expect(lv.body).toContain('<html lang="lv">');
    expect(lv.body).toContain(messages.lv["home.title"]);
    expect(lv.body).toContain("Demonstrācija");
    const en = await app.inject({ url: "/", headers: { "accept-language": "en-GB,en;q=0.9,lv;q=0.5" } });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain("Demonstration");
    const switched = await app.inject("/?lang=en");
    expect(switched.body).toContain('<html lang="en">');
    expect(switched.headers["set-cookie"]).toContain("lang=en");
    const remembered = await app.inject({ url: "/", headers: { cookie: "lang=en" } });
    expect(remembered.body).toContain('<html lang="en">');
    expect(remembered.body).toContain('href="/?lang=lv"');
  });

  it("answers unknown pages with a 404 page that leaks nothing", async () => {
    const page = await app.inject({ url: "/no/such/page", headers: { accept: "text/html" } });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain(messages.lv["error.notFound.title"]);
    const json = await app.inject("/no/such/page");
    expect(json.json()).toEqual({ error: "not_found", message: "No such resource" });
  });

  it("answers failures with a 500 page that hides the cause but gives a reference", async () => {
    const page = await app.inject({
      url: "/boom",
      headers: { accept: "text/html", "accept-language": "en" },
    });
    expect(page.statusCode).toBe(500);
    expect(page.body).toContain(messages.en["error.server.title"]);
    expect(page.body).not.toContain("secret");
    expect(page.body).not.toContain("PNOLV");
    expect(page.body).not.toContain("at ");
    const json = await app.inject("/boom");
    expect(json.json()).toMatchObject({ error: "internal_error" });
    expect(json.body).not.toContain("secret");
  });
});

describe("the language catalogues", () => {
  it("have the same keys in Latvian and English, none empty", () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.lv).sort());
    for (const text of [...Object.values(messages.lv), ...Object.values(messages.en)])
      expect(text.trim()).not.toBe("");
  });
});
