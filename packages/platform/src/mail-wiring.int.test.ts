/**
 * The composition (modules.ts) with the testbed on and no SMTP_URL: the SMTP stand-in receives
 * the outbox's mail, which the core's sender job (started by the composition root) delivers, and
 * /testbed/mail shows it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "./config/config.ts";
import { enqueueMail, listOutbox } from "./core/outbox/index.ts";
import { type TestDatabase, testDatabaseKinds } from "./db/testing.ts";
import { buildServer } from "./http/server.ts";
import { freePort } from "./identity/testing/test-platform.ts";
import { composeModules } from "./modules.ts";

let app: FastifyInstance;
let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "tilts-mail-wiring-"));
  const port = await freePort();
  const config = loadConfig({
    env: { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", DATA_DIR: dataDir },
  });
  expect(config.testbed).toBe(true);
  expect(config.smtpUrl).toBeUndefined();
  const [pglite] = testDatabaseKinds();
  database = await (pglite as NonNullable<typeof pglite>).open();
  const modules = await composeModules(config, { ehealth: { seedDemo: false } });
  app = await buildServer({ config, database, logger: false, modules });
  await app.ready();
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("CON-5: a queued notice is sent by the core's sender job to the testbed SMTP stand-in and shown at /testbed/mail", async () => {
  await enqueueMail(
    database.db,
    {
      kind: "institution.suspended",
      to: "slimnica@demo.tilts.test",
      subject: "Iestādes piekļuve apturēta / access suspended",
      body: "Pamatojums: drošības apdraudējums",
      sendBy: "2026-12-01",
    },
    new Date(),
  );
  let page = "";
  for (let i = 0; i < 100 && !page.includes("Iestādes piekļuve apturēta"); i++) {
    await new Promise((r) => setTimeout(r, 200));
    page = (await app.inject({ url: "/testbed/mail/?lang=en" })).body;
  }
  expect(page).toContain("Received mail");
  expect(page).toContain("Iestādes piekļuve apturēta / access suspended");
  expect(page).toContain("slimnica@demo.tilts.test");
  expect(page).toContain("Pamatojums: drošības apdraudējums");
  const [row] = await listOutbox(database.db);
  expect(row).toMatchObject({ status: "sent", attempts: 1 });
});
