/**
 * `tilts ehealth system approve-version` through the real CLI entry point on an on-disk embedded
 * database: approving a version (then again: already approved), the usage error without a ground,
 * and the approval's audit record with actor `cli`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../../cli/main.ts";
import { loadConfig } from "../../../config/config.ts";
import { openConfiguredDatabase } from "../../../db/open-configured.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-approve-version-"));
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

describe("tilts ehealth system approve-version", () => {
  it("approves a version once, audited, and refuses a call without a ground", {
    timeout: 300_000,
  }, async () => {
    const args = ["ehealth", "system", "approve-version", "--system", "Slimnīcas HIS", "--version", "5.1"];
    expect((await run([...args, "--data-dir", dataDir])).code).toBe(2);
    const first = await run([...args, "--ground", "scenāriju pārskats", "--data-dir", dataDir]);
    expect(first).toMatchObject({ code: 0, out: "Approved Slimnīcas HIS 5.1.\n" });
    const again = await run([...args, "--ground", "scenāriju pārskats", "--data-dir", dataDir]);
    expect(again).toMatchObject({ code: 0, out: "Slimnīcas HIS 5.1 was already approved.\n" });

    const database = await openConfiguredDatabase(
      loadConfig({ env: { LOG_LEVEL: "silent" }, overrides: { dataDir } }),
    );
    try {
      const versions = await database.db.selectFrom("ehealth_approved_system_version").selectAll().execute();
      expect(versions).toMatchObject([
        { system_name: "Slimnīcas HIS", system_version: "5.1", approved_by: "cli" },
      ]);
      const audit = await database.db
        .selectFrom("audit_log")
        .select(["actor", "object"])
        .where("action", "=", "ehealth.system-access.version-approved")
        .execute();
      expect(audit).toEqual([{ actor: "cli", object: "system-version:Slimnīcas HIS@5.1" }]);
    } finally {
      await database.close();
    }
  });
});
