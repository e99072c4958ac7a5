/**
 * A module that exists only in this test fixture: its manifest is all the platform learns of it.
 * It declares one configuration key, one migration and its table, one CLI command, two routes
 * (one public, one behind a workplace gate), a background job and a message catalogue, so the composition test can show each reaches the
 * platform through the same code path as the real modules — no core file names it.
 */
import { ConfigError } from "../../../../config/config-error.ts";
import { defineModule, type ModuleManifest, type ModuleServerPart, tableSet, text } from "../../index.ts";
import type { FixtureTables } from "./tables.ts";

export interface FixtureConfig {
  /** The greeting the fixture's command prints and its public page shows. */
  fixtureGreeting: string;
}

export const fixtureManifest: ModuleManifest<FixtureConfig, FixtureTables> = defineModule<
  FixtureConfig,
  FixtureTables
>({
  name: "fixture",
  config: {
    fixtureGreeting: {
      env: "FIXTURE_GREETING",
      description: "the fixture module's greeting (at most 40 characters)",
      parse: (value, key) => {
        const greeting = text(value, key);
        if (greeting.length > 40) throw new ConfigError(key, "must be at most 40 characters");
        return greeting;
      },
      default: (c) => (c.testbed ? "Sveiki no testa vides" : "Sveiki"),
    },
  },
  migrations: async () => (await import("./migrations.ts")).fixtureMigrations,
  tables: tableSet<FixtureTables>({ fixture_note: true }),
  commands: [
    {
      path: ["fixture", "greet"],
      summary: "print the fixture module's greeting and how many notes it keeps",
      load: async () => (await import("./command.ts")).fixtureGreetCommand,
    },
  ],
  jobs: [{ name: "notes", start: async (context) => (await import("./job.ts")).startFixtureJob(context) }],
  messages: async () => ({
    lv: { "fixture.greeting": "Sveiki" },
    en: { "fixture.greeting": "Hello" },
  }),
  routes: {
    access: "per-route",
    async load(config): Promise<ModuleServerPart> {
      const { registerFixtureRoutes } = await import("./routes.ts");
      return { register: (app, context) => registerFixtureRoutes(app, context, config.fixtureGreeting) };
    },
  },
});
