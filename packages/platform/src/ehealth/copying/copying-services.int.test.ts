/**
 * The anti-copying guard on the system web services (CON-3, ANX2-17, ANX2-18), over real
 * mutual-TLS sockets, on PGlite and PostgreSQL, the listener's clock injected: a script reading
 * many patients through the API is stopped with 429, `Retry-After` and the problem
 * `copying-limit-reached`; a scan in personal-code order suspends the system's reads (403
 * `copying-suspended`), every professional it names included.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCrl, certificateToPem, issueInstitution, privateKeyToPem, TestPki } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import { bindSystemCertificate } from "../system-access/binding-store.ts";
import { DEFAULT_KEY_POLICY } from "../system-access/core/key-policy.ts";
import { type SystemAccessListener, startSystemAccessListener } from "../system-access/listener.ts";
import { type SystemClient, systemClient } from "../system-access/testing/https-client.ts";
import { FIXTURE, seedServiceFixture } from "../system-access/testing/service-fixture.ts";
import { DOCUMENTS_PATH } from "../system-access/web-services/document-routes.ts";
import { PROBLEM_TYPE_PREFIX } from "../system-access/web-services/problems.ts";
import type { CopyingSettings } from "./guard-read.ts";
import { scatteredCodes, sequentialCodes } from "./testing/codes.ts";

const BASE_URL = "http://127.0.0.1:9/testbed";
const SYSTEM_PATIENTS_PER_10_MIN = 12;
// The system's own limit is the one under test: the professional's are set out of the way.
const SETTINGS: CopyingSettings = {
  limits: {
    professional: [{ max: 10_000, measure: "patients", window: "day" }],
    system: [{ max: SYSTEM_PATIENTS_PER_10_MIN, measure: "patients", window: "10min" }],
    institution: [{ max: 10_000, measure: "patients", window: "day" }],
  },
  // Every probed patient is unrelated: that detection is tested on the portal.
  detection: { sequentialRun: 5, unrelatedPatientsPerDay: 10_000 },
};

describe.each(testDatabaseKinds())("anti-copying guard on the system web services, $name", (kind) => {
  let dir: string;
  let db: TestDatabase;
  let listener: SystemAccessListener;
  let client: SystemClient;
  // The certificates and CRL are issued at the real time: the clock starts at the next 10-minute
  // boundary after it (so the window's end is known) and moves on by minutes only.
  let clock = new Date(Math.ceil(Date.now() / 600_000) * 600_000);
  const tick = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };
  const list = (patient: string, professional: string = FIXTURE.doctor, purpose = "treatment") =>
    client.send("GET", DOCUMENTS_PATH, {
      headers: { "tilts-professional": professional, "tilts-purpose": purpose, "tilts-patient": patient },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tilts-copying-services-"));
    const pki = TestPki.create(join(dir, "pki"), { baseUrl: BASE_URL });
    db = await kind.open();
    await seedServiceFixture(db.db, new Date("2026-12-01T06:00:00Z"));
    const server = issueInstitution(pki, { name: "Tilts system access", registrationNumber: "90000000001" });
    listener = await startSystemAccessListener({
      db: db.db,
      host: "127.0.0.1",
      port: 0,
      serverKey: privateKeyToPem(server.privateKey),
      serverCertificate: certificateToPem(server.certificate),
      clientCas: () => [pki.ca("org").certificate],
      keyPolicy: DEFAULT_KEY_POLICY,
      crlRefreshMs: 60_000,
      fetchCrl: async (url) => (url === `${BASE_URL}/crl/org.crl` ? buildCrl(pki, "org") : undefined),
      documents: { schema: await createCdaSchemaValidator(), trust: { anchors: () => [] } },
      now: () => clock,
      copying: SETTINGS,
    });
    const credential = issueInstitution(pki, {
      name: "Sistēmu slimnīca",
      registrationNumber: FIXTURE.hospital,
    });
    await bindSystemCertificate(db.db, {
      certificate: credential.certificate,
      registrationNumber: FIXTURE.hospital,
      systemName: "HIS",
      actor: "cli",
      now: new Date(),
    });
    client = systemClient(listener.port, {
      cert: certificateToPem(credential.certificate),
      key: privateKeyToPem(credential.privateKey),
    });
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await listener?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stops a script reading many patients through the API with 429, Retry-After and its problem (ANX2-17)", async () => {
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof list>> | undefined;
    for (const patient of scatteredCodes(SYSTEM_PATIENTS_PER_10_MIN + 3, 5)) {
      tick(1);
      const answer = await list(patient);
      statuses.push(answer.status);
      if (answer.status === 429) {
        refused = answer;
        break;
      }
    }
    // The patients are not registered (a probe): each read is answered 404, and counted.
    expect(statuses.slice(0, -1)).toEqual(Array(SYSTEM_PATIENTS_PER_10_MIN).fill(404));
    expect(refused?.status).toBe(429);
    expect(refused?.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(Number(refused?.headers["retry-after"])).toBe(600 - (SYSTEM_PATIENTS_PER_10_MIN + 1));
    expect(refused?.json()).toMatchObject({
      type: `${PROBLEM_TYPE_PREFIX}copying-limit-reached`,
      code: "copying-limit-reached",
      status: 429,
    });
    // The system's limit binds every professional it names.
    tick(1);
    const pharmacist = await list(scatteredCodes(1, 6)[0] as string, FIXTURE.pharmacist, "prescription");
    expect(pharmacist.status).toBe(429);
  });

  it("suspends the system's reads after a scan in personal-code order (ANX2-18)", async () => {
    tick(600); // a fresh 10-minute window
    const statuses: number[] = [];
    for (const patient of sequentialCodes(SETTINGS.detection.sequentialRun, 66_000_000)) {
      tick(1);
      statuses.push((await list(patient)).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 403]);
    tick(60);
    const after = await list(scatteredCodes(1, 7)[0] as string);
    expect(after.status).toBe(403);
    expect(after.json()).toMatchObject({
      code: "copying-suspended",
      type: `${PROBLEM_TYPE_PREFIX}copying-suspended`,
    });
    const detections = await db.db.selectFrom("ehealth_copying_detection").selectAll().execute();
    expect(detections).toMatchObject([
      {
        subject_kind: "system",
        subject: `${FIXTURE.hospital}:HIS`,
        pattern: "sequential-codes",
        status: "open",
      },
    ]);
    const audit = await db.db
      .selectFrom("audit_log")
      .select(["actor", "purpose"])
      .where("action", "=", "ehealth.copying.detected")
      .execute();
    expect(audit).toEqual([
      { actor: `system:${FIXTURE.hospital}:HIS`, purpose: "pattern=sequential-codes; run=5" },
    ]);
  });
});
