/**
 * `tilts calendar` through the real CLI entry point (main), on an on-disk embedded database:
 * entering a moved working day and an extra holiday, listing (text and JSON, by year),
 * withdrawing (kept in history), refusals with exit code 1, usage errors with 2, --help, and an
 * audit record per change. The due dates computed afterwards use the entries.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { loadConfig } from "../../config/config.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import { deadlineFor, loadWorkingDayCalendar } from "../index.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-calendar-cli-"));
const dataDir = join(dir, "data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: { LOG_LEVEL: "silent" },
  });
  return { code, out, err };
}

/** Opens the same database the CLI wrote, to read what it left behind. */
async function inDatabase<T>(
  work: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>["db"]) => Promise<T>,
): Promise<T> {
  const database = await openConfiguredDatabase(loadConfig({ env: {}, overrides: { dataDir } }));
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

const SOURCE = "test order (hypothetical; the real 2027 order is entered when published)";

describe("tilts calendar", () => {
  // Each CLI run opens the on-disk database anew (seconds each on a loaded machine).
  it("enters, lists and withdraws changes; deadlines computed afterwards use them; each change audited", {
    timeout: 600_000,
  }, async () => {
    const help = await run(["calendar", "add", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("--works-on DATE");
    expect(help.out).toContain("Exit codes: 0 done; 1 refused");

    const seeded = await run(["calendar", "list", "--year", "2025", "--json", "--data-dir", dataDir]);
    expect(seeded.err).toBe("");
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.out).map((e: { day_off: string }) => e.day_off)).toEqual([
      "2025-05-02",
      "2025-11-17",
    ]);

    const before = await inDatabase(async (db) =>
      deadlineFor("suspensionNotice", "2027-04-30", await loadWorkingDayCalendar(db)),
    );
    expect(before.due).toBe("2027-05-03");

    const added = await run([
      "calendar",
      "add",
      "2027-05-03",
      "--works-on",
      "2027-05-08",
      "--source",
      SOURCE,
      "--json",
      "--data-dir",
      dataDir,
    ]);
    expect(added.err).toBe("");
    expect(added.code).toBe(0);
    const { entry } = JSON.parse(added.out) as { entry: { id: string } };
    expect(JSON.parse(added.out)).toMatchObject({
      entry: {
        kind: "moved-working-day",
        day_off: "2027-05-03",
        works_on: "2027-05-08",
        source: SOURCE,
        entered_by: "cli",
        withdrawn_at: null,
      },
      recomputed_applications: 0,
    });

    const after = await inDatabase(async (db) =>
      deadlineFor("suspensionNotice", "2027-04-30", await loadWorkingDayCalendar(db)),
    );
    expect(after.due).toBe("2027-05-05");

    const holiday = await run([
      "calendar",
      "add",
      "2027-07-05",
      "--holiday",
      "--source",
      "test law (hypothetical)",
      "--data-dir",
      dataDir,
    ]);
    expect(holiday.code).toBe(0);
    expect(holiday.out).toMatch(/^Entered calendar entry \d+: .*2027-07-05\s+extra holiday/);

    // Refusals: exit 1, nothing written.
    const clash = await run([
      "calendar",
      "add",
      "2027-05-03",
      "--works-on",
      "2027-05-15",
      "--source",
      SOURCE,
      "--data-dir",
      dataDir,
    ]);
    expect(clash.code).toBe(1);
    expect(clash.err).toContain("an entry in force already changes this day");
    const saturday = await run([
      "calendar",
      "add",
      "2027-05-01",
      "--holiday",
      "--source",
      SOURCE,
      "--data-dir",
      dataDir,
    ]);
    expect(saturday.code).toBe(1);
    expect(saturday.err).toContain("must be a weekday");

    // Usage errors: exit 2, with the help.
    for (const args of [
      ["calendar", "add", "2027-02-29", "--holiday", "--source", SOURCE],
      ["calendar", "add", "2027-05-03", "--holiday", "--works-on", "2027-05-08", "--source", SOURCE],
      ["calendar", "add", "2027-05-03", "--holiday"],
      ["calendar", "withdraw", "abc", "--reason", "x"],
      ["calendar", "withdraw", entry.id],
      ["calendar", "list", "--year", "27"],
    ]) {
      const bad = await run([...args, "--data-dir", dataDir]);
      expect(bad.code, args.join(" ")).toBe(2);
      expect(bad.err).toContain("Usage: tilts calendar");
    }

    const listed = await run(["calendar", "list", "--year", "2027", "--data-dir", dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.out.trim().split("\n")).toHaveLength(2);
    expect(listed.out).toContain("2027-05-03  day off, worked on 2027-05-08");

    const withdrawn = await run([
      "calendar",
      "withdraw",
      entry.id,
      "--reason",
      "entered by mistake",
      "--data-dir",
      dataDir,
    ]);
    expect(withdrawn.err).toBe("");
    expect(withdrawn.code).toBe(0);
    const again = await run(["calendar", "withdraw", entry.id, "--reason", "again", "--data-dir", dataDir]);
    expect(again.code).toBe(1);
    const unknown = await run(["calendar", "withdraw", "99999", "--reason", "none", "--data-dir", dataDir]);
    expect(unknown.code).toBe(1);

    const history = JSON.parse(
      (await run(["calendar", "list", "--year", "2027", "--json", "--data-dir", dataDir])).out,
    );
    expect(history).toContainEqual(
      expect.objectContaining({ id: entry.id, withdrawn_by: "cli", withdrawal_reason: "entered by mistake" }),
    );
    const restored = await inDatabase(async (db) =>
      deadlineFor("suspensionNotice", "2027-04-30", await loadWorkingDayCalendar(db)),
    );
    expect(restored.due).toBe("2027-05-03");

    const audit = await inDatabase((db) =>
      db
        .selectFrom("audit_log")
        .select(["action", "actor", "object"])
        .where("action", "like", "ehealth.calendar.%")
        .orderBy("seq")
        .execute(),
    );
    expect(audit).toEqual([
      { action: "ehealth.calendar.entry-added", actor: "cli", object: `calendar-entry:${entry.id}` },
      {
        action: "ehealth.calendar.entry-added",
        actor: "cli",
        object: expect.stringMatching(/^calendar-entry:\d+$/),
      },
      { action: "ehealth.calendar.entry-withdrawn", actor: "cli", object: `calendar-entry:${entry.id}` },
    ]);
  });
});
