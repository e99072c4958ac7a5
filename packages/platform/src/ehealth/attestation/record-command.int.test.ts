/**
 * `tilts ehealth attestation record` through the real CLI entry point on an on-disk embedded
 * database: a nurse added without an attestation gets a paper one recorded with its reference and
 * scan (audited, actor `cli`); recording again is refused (exit 1); a person who works nowhere
 * there is refused (exit 1); missing evidence is a usage error (exit 2).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultStandInPersons } from "@tilts/testbed";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import { insertUser } from "../adapters/people-store.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-attestation-cli-"));
const dataDir = join(dir, "data");
let world: WorkplaceWorld;
const newNurse = defaultStandInPersons()[19]!;
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

async function withDatabase<T>(
  work: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>["db"]) => Promise<T>,
) {
  const database = await openConfiguredDatabase({ dataDir, databaseUrl: undefined });
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  // The first command migrates the new database; the world is then built in it.
  expect((await run(["ehealth", "maintenance", "list"])).code).toBe(0);
  world = await withDatabase(async (db) => {
    const built = await buildWorkplaceWorld(db);
    // A nurse added without an attestation (every fixture user has one already).
    await insertUser(
      db,
      {
        registrationNumber: built.hospital.registrationNumber,
        personCode: newNurse.personalCode,
        givenName: newNurse.givenName,
        familyName: newNurse.familyName,
        profession: "nurse",
        workplace: "ward",
      },
      new Date(),
    );
    return built;
  });
}, 120_000);

it("records a paper attestation with its evidence, once, for a person who works there", async () => {
  const reg = world.hospital.registrationNumber;
  const nurse = newNurse.personalCode;
  const scan = join(dir, "apliecinajums.pdf");
  writeFileSync(scan, "%PDF-1.4 skenēts apliecinājums");
  const args = ["ehealth", "attestation", "record", reg, nurse, "--signed-on", "4.12.2026"];

  const usage = await run(args);
  expect(usage.code).toBe(2);
  expect(usage.err).toContain("--reference");

  const recorded = await run([...args, "--reference", "Lieta 7/2026", "--scan", scan]);
  expect(recorded.err).toBe("");
  expect(recorded.code).toBe(0);
  expect(recorded.out).toMatch(
    /^Recorded the paper attestation [0-9a-f-]{36} \(apliecinājums-2026-01\)\.\n$/,
  );

  const again = await run([...args, "--reference", "Lieta 7/2026"]);
  expect(again.code).toBe(1);
  expect(again.err).toContain("refused (conflict)");

  const nobody = await run([
    "ehealth",
    "attestation",
    "record",
    reg,
    world.outsider.personalCode,
    "--signed-on",
    "4.12.2026",
    "--reference",
    "x",
  ]);
  expect(nobody.code).toBe(1);
  expect(nobody.err).toContain("refused (not-found)");

  const kept = await withDatabase((db) =>
    db
      .selectFrom("ehealth_attestation")
      .innerJoin("ehealth_attestation_document", "attestation_id", "id")
      .select(["evidence", "kind", "media_type", "signed_at", "id"])
      .where("person_code", "=", nurse)
      .execute(),
  );
  expect(kept).toHaveLength(1);
  expect(kept[0]).toMatchObject({
    evidence: "paper Lieta 7/2026",
    kind: "paper-scan",
    media_type: "application/pdf",
  });
  const audit = await withDatabase((db) =>
    db
      .selectFrom("audit_log")
      .select(["actor", "object"])
      .where("action", "=", "ehealth.attestation.recorded")
      .execute(),
  );
  expect(audit).toEqual([{ actor: "cli", object: `attestation:${kept[0]!.id}` }]);
}, 120_000);
