/**
 * A new module is a manifest: the fixture module (testing/fixture-module/), which no core file
 * names, gets its configuration key read and checked, its migration run, its CLI command listed
 * and run, its routes served with their declared access, its background job started and stopped
 * with the server and its message catalogue collected — each through the same functions
 * the platform composes its own modules with (config, db/migrations, cli/main, modules.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { ConfigError, describeConfig, loadModulesConfig } from "../../config/config.ts";
import { openDatabase } from "../../db/database.ts";
import { migrateToLatest, pendingMigrations } from "../../db/migrations.ts";
import { declaredRoutes } from "../../http/route-access.ts";
import { buildServer } from "../../http/server.ts";
import { MODULE_MANIFESTS } from "../../manifests.ts";
import { composeModules } from "../../modules.ts";
import {
  composeCommands,
  composeConfigSchema,
  composeMessages,
  defineModule,
  sharedHandle,
} from "./index.ts";
import { fixtureManifest } from "./testing/fixture-module/manifest.ts";
import type { FixtureTables } from "./testing/fixture-module/tables.ts";

const platformAndFixture = [...MODULE_MANIFESTS, fixtureManifest] as const;
const dataDir = mkdtempSync(join(tmpdir(), "tilts-fixture-module-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("a module added by its manifest alone", () => {
  it("has its configuration key read beside the platform's, with its default, validation and --help line", () => {
    const env = { TILTS_TESTBED: "false", DATA_DIR: dataDir };
    expect(loadModulesConfig({ env }, platformAndFixture).fixtureGreeting).toBe("Sveiki");
    // Its default reads a core key, as the real modules' do.
    expect(loadModulesConfig({ env: { DATA_DIR: dataDir } }, platformAndFixture).fixtureGreeting).toBe(
      "Sveiki no testa vides",
    );
    const set = loadModulesConfig({ env: { ...env, FIXTURE_GREETING: "Labdien" } }, platformAndFixture);
    expect(set.fixtureGreeting).toBe("Labdien");
    // The platform's own keys are still read alongside.
    expect(set.port).toBe(8080);
    expect(set.vpmIssuer).toBe("http://www.latvija.lv/sts");
    expect(() =>
      loadModulesConfig({ env: { ...env, FIXTURE_GREETING: "x".repeat(41) } }, platformAndFixture),
    ).toThrow(new ConfigError("FIXTURE_GREETING", "must be at most 40 characters"));
    expect(describeConfig(platformAndFixture)).toContain(
      "FIXTURE_GREETING the fixture module's greeting (at most 40 characters)",
    );
  });

  it("cannot claim a key or environment variable another module declared", () => {
    const clash = { ...fixtureManifest, config: { port: fixtureManifest.config.fixtureGreeting } };
    expect(() => composeConfigSchema({}, [fixtureManifest, clash])).toThrow(
      /FIXTURE_GREETING is declared twice/,
    );
  });

  it("has its migration run with the platform's, and its table is there", async () => {
    const database = await openDatabase({ kind: "pglite" });
    try {
      const ran = await migrateToLatest(database.db, platformAndFixture);
      expect(ran).toContain("2026-12-07-01-fixture-note");
      expect(ran.some((name) => name.includes("-identity-"))).toBe(true);
      expect(await pendingMigrations(database.db, platformAndFixture)).toEqual([]);
      const notes = await sharedHandle<FixtureTables>(database.db)
        .selectFrom("fixture_note")
        .select("body")
        .execute();
      expect(notes).toEqual([{ body: "first note" }]);
    } finally {
      await database.close();
    }
  }, 120_000);

  it("has its command listed by --help and run by the CLI", async () => {
    const entries = composeCommands([], [fixtureManifest]);
    let out = "";
    const io = {
      stdout: (t: string) => (out += t),
      stderr: (t: string) => (out += t),
      env: { TILTS_TESTBED: "false", DATA_DIR: dataDir, FIXTURE_GREETING: "Labrīt" },
    };
    expect(await main(["--help"], io, entries)).toBe(0);
    expect(out).toContain("fixture greet  print the fixture module's greeting and how many notes it keeps");
    out = "";
    expect(await main(["fixture", "greet"], io, entries)).toBe(0);
    expect(out).toBe("Labrīt (1 notes)\n");
  }, 120_000);

  it("has its routes served, each with the access it declares", async () => {
    const config = loadModulesConfig(
      { env: { TILTS_TESTBED: "false", DATA_DIR: dataDir, FIXTURE_GREETING: "Sveiks, serveri" } },
      platformAndFixture,
    );
    const database = await openDatabase({ kind: "pglite" });
    try {
      await migrateToLatest(database.db, platformAndFixture);
      const modules = await composeModules(config, {}, [fixtureManifest]);
      expect(modules.map((m) => m.name)).toEqual(["fixture", "jobs"]);
      const app = await buildServer({ config, database, modules, logger: false });
      try {
        await app.ready();
        expect(declaredRoutes(app).filter((r) => r.url.startsWith("/fixture"))).toEqual(
          expect.arrayContaining([
            { method: "GET", url: "/fixture/greeting", access: "public" },
            { method: "GET", url: "/fixture/notes", access: "fixture:reader" },
          ]),
        );
        const greeting = await app.inject({ method: "GET", url: "/fixture/greeting" });
        expect(greeting.json()).toEqual({ greeting: "Sveiks, serveri" });
        expect((await app.inject({ method: "GET", url: "/fixture/notes" })).statusCode).toBe(403);
        const notes = await app.inject({
          method: "GET",
          url: "/fixture/notes",
          headers: { "x-fixture-reader": "yes" },
        });
        // The fixture's job (started when the server was ready) left its note too.
        expect(notes.json()).toEqual({ notes: ["first note", "the job started"] });
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  }, 120_000);

  it("has its background job started when the server is ready and stopped when it closes", async () => {
    const config = loadModulesConfig(
      { env: { TILTS_TESTBED: "false", DATA_DIR: dataDir } },
      platformAndFixture,
    );
    const database = await openDatabase({ kind: "pglite" });
    try {
      await migrateToLatest(database.db, platformAndFixture);
      const notes = async () =>
        (
          await sharedHandle<FixtureTables>(database.db)
            .selectFrom("fixture_note")
            .select("body")
            .orderBy("id")
            .execute()
        ).map((n) => n.body);
      const app = await buildServer({
        config,
        database,
        modules: await composeModules(config, {}, [fixtureManifest]),
        logger: false,
      });
      expect(await notes()).toEqual(["first note"]);
      await app.ready();
      expect(await notes()).toEqual(["first note", "the job started"]);
      await app.close();
      expect(await notes()).toEqual(["first note", "the job started", "the job stopped"]);
    } finally {
      await database.close();
    }
  }, 120_000);

  it("has its message catalogue collected beside e-health's; one language short stops the assembly", async () => {
    const catalogues = await composeMessages(platformAndFixture);
    expect(catalogues.fixture).toEqual({
      lv: { "fixture.greeting": "Sveiki" },
      en: { "fixture.greeting": "Hello" },
    });
    expect(Object.keys(catalogues.ehealth?.lv ?? {})).toContain("ehealth.csrf.title");
    const halfTranslated = defineModule({
      ...fixtureManifest,
      messages: async () => ({
        lv: { "fixture.greeting": "Sveiki", "fixture.bye": "Uz redzēšanos" },
        en: { "fixture.greeting": "Hello" },
      }),
    });
    await expect(composeMessages([halfTranslated])).rejects.toThrow(
      "messages in one language only: fixture.bye",
    );
    const foreign = defineModule({
      ...fixtureManifest,
      messages: async () => ({ lv: { "ehealth.title": "Sveiki" }, en: { "ehealth.title": "Hello" } }),
    });
    await expect(composeMessages([foreign])).rejects.toThrow('message keys outside "fixture."');
  });
});
