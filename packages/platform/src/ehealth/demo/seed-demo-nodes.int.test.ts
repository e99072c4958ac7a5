/**
 * Several nodes started at once on one empty PostgreSQL database each seed the demo on start: the
 * demo is seeded once and no node fails (each start would otherwise stop on a duplicate key).
 * PostgreSQL only (PGlite is one process's embedded database): skipped without TEST_DATABASE_URL.
 */
import { defaultStandInPersons, generateTestPersons } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/database.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { countInstitutions } from "../adapters/institution-store.ts";
import { DEMO_EXTRA_PATIENTS, seedDemoData } from "./index.ts";

const postgres = testDatabaseKinds().find((kind) => kind.name === "postgresql");

describe.skipIf(!postgres)(
  "the demo seeded by two nodes at once on PostgreSQL (needs TEST_DATABASE_URL)",
  () => {
    let first: TestDatabase;
    let second: Awaited<ReturnType<typeof openDatabase>>;
    beforeAll(async () => {
      first = await (postgres as NonNullable<typeof postgres>).open();
      second = await openDatabase({ kind: "postgresql", url: first.url as string });
    }, 60_000);
    afterAll(async () => {
      await second?.close();
      await first?.close();
    });

    it("seeds once; the other node finds it seeded", async () => {
      const input = {
        standInPersons: defaultStandInPersons(),
        extraPatients: generateTestPersons(DEMO_EXTRA_PATIENTS),
        now: new Date(),
      };
      const results = await Promise.all([seedDemoData(first.db, input), seedDemoData(second.db, input)]);
      expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
      expect(await countInstitutions(first.db)).toBe(3);
    }, 60_000);
  },
);
