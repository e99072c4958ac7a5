/**
 * `tilts ehealth maintenance` through the real CLI entry point (main), on an on-disk embedded
 * database (CON-5, ANX2-15): schedule a window ten days ahead at night, list it as JSON, cancel it
 * (once: a second cancel is refused, exit 1); a window tomorrow is refused with the reason; a time
 * without its offset is a usage error (exit 2).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-maintenance-cli-"));
const dataDir = join(dir, "data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main([...args, "--data-dir", dataDir], {
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

/** 22:00–23:30 UTC on the day `days` from today: night in Riga in winter and summer alike. */
function night(days: number): { start: string; end: string } {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return { start: `${day}T22:00Z`, end: `${day}T23:30Z` };
}

const DESCRIBE = ["--description-lv", "Datubāzes atjaunināšana.", "--description-en", "Database upgrade."];

describe("tilts ehealth maintenance", () => {
  it("schedules, lists and cancels a window; refuses one too close; a bad time is a usage error", async () => {
    const later = night(10);
    const scheduled = await run([
      "ehealth",
      "maintenance",
      "schedule",
      "--start",
      later.start,
      "--end",
      later.end,
      ...DESCRIBE,
      "--json",
    ]);
    expect(scheduled.err).toBe("");
    expect(scheduled.code).toBe(0);
    const { id } = JSON.parse(scheduled.out) as { id: string; notified: number };

    const listed = JSON.parse((await run(["ehealth", "maintenance", "list", "--json"])).out) as {
      id: string;
      starts_at: string;
      description_en: string;
    }[];
    expect(listed).toEqual([
      expect.objectContaining({
        id,
        starts_at: new Date(later.start).toISOString(),
        description_en: "Database upgrade.",
      }),
    ]);

    expect((await run(["ehealth", "maintenance", "cancel", id])).code).toBe(0);
    expect((await run(["ehealth", "maintenance", "list"])).out).toBe("No maintenance is planned.\n");
    const again = await run(["ehealth", "maintenance", "cancel", id]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("refused");

    const soon = night(1);
    const tooClose = await run([
      "ehealth",
      "maintenance",
      "schedule",
      "--start",
      soon.start,
      "--end",
      soon.end,
      ...DESCRIBE,
    ]);
    expect(tooClose.code).toBe(1);
    expect(tooClose.err).toContain("at least 3 working days ahead");

    const noOffset = await run([
      "ehealth",
      "maintenance",
      "schedule",
      "--start",
      "2027-01-10T22:00",
      "--end",
      later.end,
      ...DESCRIBE,
    ]);
    expect(noOffset.code).toBe(2);
    expect(noOffset.err).toContain("--start must be a time with its offset");
  }, 120_000);
});
