/**
 * The demo data as `tilts start` composes it with the testbed (modules.ts): institutions, people
 * and documents, one of them signed with the hospital's test-PKI credential (XAdES-LT, SIG-5) and
 * shown as valid, so a newcomer sees a signature result in the portal. A second start seeds
 * nothing and issues no further credential.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildServer } from "../../http/server.ts";
import { freePort } from "../../identity/testing/test-platform.ts";
import { composeModules } from "../../modules.ts";
import { demoPeople } from "../cli/demo-people.ts";
import { DEMO_INSTITUTIONS } from "./index.ts";

let database: TestDatabase;
let dataDir: string;

async function startAndStop(): Promise<void> {
  const port = await freePort();
  const config = loadConfig({
    env: { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", DATA_DIR: dataDir },
  });
  const app = await buildServer({ config, database, logger: false, modules: await composeModules(config) });
  await app.ready();
  await app.close();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "tilts-demo-"));
  const [pglite] = testDatabaseKinds();
  database = await (pglite as NonNullable<typeof pglite>).open();
}, 60_000);
afterAll(async () => {
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("seeds institutions and documents on first start, one document signed and valid; nothing on the second", async () => {
  await startAndStop();
  const institutions = await database.db.selectFrom("ehealth_institution").select("name").execute();
  expect(institutions).toHaveLength(3);
  const documents = await database.db
    .selectFrom("ehealth_document")
    .select(["signature_status", "signature_signer"])
    .execute();
  expect(documents.length).toBeGreaterThan(1);
  const signed = documents.filter((d) => d.signature_status !== "none");
  expect(signed).toHaveLength(1);
  expect(signed[0]).toMatchObject({ signature_status: "valid" });
  expect(signed[0]?.signature_signer).toBeTruthy();

  await startAndStop();
  const again = await database.db.selectFrom("ehealth_document").select("id").execute();
  expect(again).toHaveLength(documents.length);
}, 300_000);

it("the stand-ins' lists of test persons name the demo's staff first, with their roles", async () => {
  const port = await freePort();
  const config = loadConfig({
    env: { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", DATA_DIR: dataDir },
  });
  const app = await buildServer({ config, database, logger: false, modules: await composeModules(config) });
  try {
    const { cast } = demoPeople();
    const doctor = cast.hospitalDoctor;
    for (const path of ["/testbed/eparaksts/", "/testbed/eid-card/", "/testbed/vpm/"]) {
      const lv = await app.inject({ method: "GET", url: `${path}?lang=lv` });
      expect(lv.statusCode, path).toBe(200);
      const row = new RegExp(`<tr>(?:(?!</tr>).)*${doctor.personalCode}(?:(?!</tr>).)*</tr>`).exec(
        lv.body,
      )?.[0];
      expect(row, path).toContain(`ārsts, ${DEMO_INSTITUTIONS.hospital.name}`);
      for (const member of [...cast.operatorStaff, cast.pharmacist])
        expect(lv.body, path).toContain(member.personalCode);
      const en = await app.inject({ method: "GET", url: path, headers: { cookie: "lang=en" } });
      expect(en.body, path).toContain(`doctor, ${DEMO_INSTITUTIONS.hospital.name}`);
    }
  } finally {
    await app.close();
  }
}, 300_000);
