/**
 * CON-5 / DESIGN "an acknowledged request survives": the operator suspends an institution while
 * the server cannot send mail; the server stops; a new server on the same data folder sends the
 * notice (to the testbed's SMTP stand-in) without anyone asking again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { listOutbox } from "../../core/outbox/index.ts";
import { openDatabase } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { buildServer } from "../../http/server.ts";
import { freePort } from "../../identity/testing/test-platform.ts";
import { composeModules } from "../../modules.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { insertOperatorStaff } from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import type { EhealthTransaction } from "../database.ts";
import { changeInstitutionStatus } from "../services/organisation.ts";

const dataDir = mkdtempSync(join(tmpdir(), "tilts-outbox-restart-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const config = loadConfig({
    env: { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", DATA_DIR: dataDir, ...env },
  });
  const database = await openDatabase({ kind: "pglite", dataDir });
  await migrateToLatest(database.db);
  const modules = await composeModules(config, { ehealth: { seedDemo: false } });
  const app = await buildServer({ config, database, logger: false, modules });
  await app.ready();
  return {
    app,
    database,
    async stop() {
      await app.close();
      await database.close();
    },
  };
}

it("a notice queued while mail could not be sent is sent by the next server on the same data", async () => {
  // First server: no testbed, no SMTP_URL — nothing can send.
  const first = await startServer({ TILTS_TESTBED: "false" });
  const operator = "010170-10001";
  await first.database.db.transaction().execute(async (trx: EhealthTransaction) => {
    const now = new Date();
    await insertOperatorStaff(trx, { personCode: operator, givenName: "O", familyName: "P" }, now);
    await grantRight(
      trx,
      { personCode: operator, registrationNumber: null, role: "operator" },
      { actor: "system", at: now, ground: "set-up", evidence: "fixture" },
    );
    await insertInstitution(
      trx,
      {
        registrationNumber: "90000000001",
        name: "Slimnīca",
        kind: "hospital",
        staffSize: "large",
        contactEmail: "slimnica@example.test",
      },
      "system",
      now,
    );
    await insertContract(
      trx,
      { registrationNumber: "90000000001", number: "C-1", scope: "both", concludedOn: "2026-01-02" },
      now,
    );
  });
  await changeInstitutionStatus(
    { db: first.database.db },
    { personCode: operator, level: "high" },
    {
      registrationNumber: "90000000001",
      event: "suspend",
      reason: "drošības apdraudējums",
    },
  );
  expect((await listOutbox(first.database.db)).map((m) => m.status)).toEqual(["queued"]);
  await first.stop();

  // Second server: the testbed is on, so mail goes to its SMTP stand-in.
  const second = await startServer({});
  try {
    let page = "";
    for (let i = 0; i < 150 && !page.includes("slimnica@example.test"); i++) {
      await new Promise((r) => setTimeout(r, 200));
      page = (await second.app.inject({ url: "/testbed/mail/" })).body;
    }
    expect(page).toContain("slimnica@example.test");
    expect(page).toContain("Pamatojums: drošības apdraudējums");
    expect((await listOutbox(second.database.db)).map((m) => m.status)).toEqual(["sent"]);
  } finally {
    await second.stop();
  }
}, 300_000);
