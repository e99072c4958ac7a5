/**
 * The stated purposes' short cache on PGlite and PostgreSQL: a classifier version the operator
 * loads applies once the refresh interval has passed — or at once when the Riga day changes —
 * and not sooner, so the hot read path asks the database at most once per interval.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../../db/testing.ts";
import { loadClassifier } from "../../classifiers/index.ts";
import { statedPurposes } from "./stated-purposes.ts";

const NOW = new Date("2026-12-07T10:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** The built-in purposes, with "treatment" ending on `treatmentUntil`. */
function purposesCsv(treatmentUntil: string): Uint8Array {
  return new TextEncoder().encode(
    [
      "code,display_lv,display_en,valid_from,valid_to",
      `treatment,ārstēšana,treatment,2024-01-01,${treatmentUntil}`,
      "emergency,neatliekamā palīdzība,emergency care,2024-01-01,",
      "prescription,recepte,prescription,2024-01-01,",
      "laboratory,laboratorijas izmeklējumi,laboratory tests,2024-01-01,",
      "registration,pacienta reģistrācija,patient registration,2024-01-01,",
    ].join("\n"),
  );
}

describe.each(testDatabaseKinds())("stated purposes ($name)", (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await kind.open();
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("keeps the purposes for the refresh interval, then reads the classifier's new version", async () => {
    const purposes = statedPurposes(database.db, 5_000);
    expect(await purposes("treatment", NOW)).toBe("treatment");
    expect(await purposes("holiday", NOW)).toBeUndefined();
    expect(await purposes(undefined, NOW)).toBeUndefined();

    await loadClassifier(database.db, {
      name: "purposes",
      bytes: purposesCsv("2026-12-06"),
      source: "purposes.csv",
      actor: "cli",
      now: NOW,
    });
    expect(await purposes("treatment", later(4_000))).toBe("treatment");
    expect(await purposes("treatment", later(5_000))).toBeUndefined();
    expect(await purposes("emergency", later(5_000))).toBe("emergency");
  });

  it("reads again when the Riga day changes, whatever the interval", async () => {
    // Valid until today (7 December, Riga): tomorrow it is refused, though an hour is within the interval.
    await loadClassifier(database.db, {
      name: "purposes",
      bytes: purposesCsv("2026-12-07"),
      source: "purposes.csv",
      actor: "cli",
      now: NOW,
    });
    const purposes = statedPurposes(database.db, 24 * 3_600_000);
    const beforeMidnight = new Date("2026-12-07T21:30:00Z"); // 23:30 in Riga
    const afterMidnight = new Date("2026-12-07T22:30:00Z"); // 00:30 on 8 December in Riga
    expect(await purposes("treatment", beforeMidnight)).toBe("treatment");
    expect(await purposes("treatment", afterMidnight)).toBeUndefined();
  });
});
