/**
 * The anti-copying guard on the portal's reads (CON-3, ANX2-17, ANX2-18), on PGlite and
 * PostgreSQL, the clock injected (no real waiting): a script reading many patients is stopped at
 * the professional's limit, and the refusal is recorded; a busy GP's day at a realistic pace is
 * never refused; a run of sequential personal codes suspends the professional, is audited, listed
 * and mailed to the operator; two server processes on one PostgreSQL share the counters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/database.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { insertConsent, upsertPatient } from "../adapters/patient-store.ts";
import type { EhealthTransaction } from "../database.ts";
import { findPatient, listPatientDocuments, type PortalRequest } from "../documents/portal-actions.ts";
import { FIXTURE, seedServiceFixture } from "../system-access/testing/service-fixture.ts";
import { DEFAULT_COPYING_LIMITS } from "./core/copying-policy.ts";
import { liftDetection, listDetections } from "./detection-store.ts";
import { CopyingRefusal } from "./errors.ts";
import { type CopyingSettings, DEFAULT_COPYING_SETTINGS } from "./guard-read.ts";
import { pruneCopyingCounters } from "./prune.ts";
import { scatteredCodes, sequentialCodes } from "./testing/codes.ts";

const SETTINGS: CopyingSettings = { ...DEFAULT_COPYING_SETTINGS, alertMailTo: "operators@vmnvd.example" };
const PATIENTS_PER_10_MIN = DEFAULT_COPYING_LIMITS.professional.find(
  (l) => l.measure === "patients" && l.window === "10min",
)?.max as number;

/** A portal request of the fixture's doctor (or another of its professionals) at `now`. */
function asDoctor(now: Date, personCode: string = FIXTURE.doctor, purpose = "treatment"): PortalRequest {
  return {
    personCode,
    level: "high",
    institution: FIXTURE.hospital,
    purpose,
    clientAddress: "127.0.0.1",
    now,
    copying: SETTINGS,
  };
}

const at = (day: string, time: string) => new Date(`${day}T${time}Z`);
const plusSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

async function refusalOf(promise: Promise<unknown>): Promise<CopyingRefusal | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof CopyingRefusal) return error;
    throw error;
  }
}

describe.each(testDatabaseKinds())("anti-copying guard on the portal, $name", (kind) => {
  let database: TestDatabase;
  const db = () => database.db;

  beforeAll(async () => {
    database = await kind.open();
    await seedServiceFixture(db(), at("2026-12-01", "06:00:00"));
  }, 60_000);
  afterAll(async () => database?.close());

  it("stops a script reading many patients at the professional's limit, and records the refusal (CON-3)", async () => {
    const codes = scatteredCodes(PATIENTS_PER_10_MIN + 5, 1);
    let now = at("2026-12-02", "10:00:00");
    let stoppedAt: number | undefined;
    let refusal: CopyingRefusal | undefined;
    for (const [i, code] of codes.entries()) {
      now = plusSeconds(now, 2);
      refusal = await refusalOf(listPatientDocuments(db(), asDoctor(now), code));
      if (refusal) {
        stoppedAt = i;
        break;
      }
    }
    expect(stoppedAt).toBe(PATIENTS_PER_10_MIN);
    expect(refusal?.code).toBe("copying-limit-reached");
    expect(refusal?.crossed).toMatchObject({
      kind: "professional",
      limit: { measure: "patients", window: "10min" },
    });
    expect(refusal?.crossed?.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal?.crossed?.retryAfterSeconds).toBeLessThanOrEqual(600);

    const last = await db()
      .selectFrom("audit_log")
      .select(["action", "outcome", "purpose", "subject_person"])
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: "ehealth.documents.listed", outcome: "denied" });
    expect(last.purpose).toContain("copying-limit-reached");

    // The counters hold no personal code in clear (patients and professionals are keyed hashes).
    const stored = JSON.stringify([
      await db().selectFrom("ehealth_copying_counter").selectAll().execute(),
      await db().selectFrom("ehealth_copying_patient").selectAll().execute(),
      await db().selectFrom("ehealth_copying_sequence").selectAll().execute(),
    ]);
    for (const code of [...codes, FIXTURE.doctor]) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace("-", ""));
    }

    // A day after the day window ended, the counts are pruned; the current window's stay.
    const rows = await db().selectFrom("ehealth_copying_counter").select("window_start").execute();
    expect(await pruneCopyingCounters(db(), at("2026-12-02", "12:00:00"))).toBe(0);
    expect(await pruneCopyingCounters(db(), at("2026-12-04", "00:00:01"))).toBeGreaterThan(rows.length);
    expect(await db().selectFrom("ehealth_copying_counter").select("window_start").execute()).toEqual([]);
    // The window over, reading goes on.
    const later = plusSeconds(now, refusal?.crossed?.retryAfterSeconds ?? 600);
    expect(await refusalOf(listPatientDocuments(db(), asDoctor(later), codes[0]))).toBeUndefined();
  });

  it("never refuses a busy GP's day at a realistic pace (60 patients, a burst of 10 in 10 minutes, revisits)", async () => {
    const patients = scatteredCodes(60, 2);
    const visits: { time: Date; patient: string }[] = [];
    // 08:00–08:10: a burst of 10 patients (the morning's prescriptions and results).
    for (let i = 0; i < 10; i++)
      visits.push({ time: at("2026-12-03", `08:0${i}:00`), patient: patients[i] as string });
    // 08:30–17:30: the other 50, one every ~11 minutes, and 15 of the morning's seen again.
    for (let i = 10; i < 60; i++)
      visits.push({
        time: plusSeconds(at("2026-12-03", "08:30:00"), (i - 10) * 650),
        patient: patients[i] as string,
      });
    for (let i = 0; i < 15; i++)
      visits.push({
        time: plusSeconds(at("2026-12-03", "12:00:00"), i * 97),
        patient: patients[i] as string,
      });
    visits.sort((a, b) => a.time.getTime() - b.time.getTime());
    // 50 of them are the practice's patients (a consent given to it); 10 are new today.
    await db()
      .transaction()
      .execute(async (trx: EhealthTransaction) => {
        for (const [i, code] of patients.slice(0, 50).entries()) {
          await upsertPatient(
            trx,
            { personCode: code, givenName: "Pacients", familyName: `Nr${i}`, birthDate: "1990-01-01" },
            at("2026-12-01", "06:00:00"),
          );
          await insertConsent(trx, {
            patientCode: code,
            registrationNumber: FIXTURE.hospital,
            topic: "treatment",
            givenAt: at("2026-12-01", "06:00:00"),
            evidence: `form-${i}`,
            recordedBy: FIXTURE.doctor,
          });
        }
      });

    let reads = 0;
    for (const visit of visits) {
      // Each visit: find the patient, open the list twice (before and after writing), seconds apart.
      for (const [offset, read] of [
        [0, findPatient],
        [20, listPatientDocuments],
        [300, listPatientDocuments],
      ] as const) {
        const refusal = await refusalOf(read(db(), asDoctor(plusSeconds(visit.time, offset)), visit.patient));
        expect(refusal, `refused at ${visit.time.toISOString()}`).toBeUndefined();
        reads++;
      }
    }
    expect(reads).toBe(75 * 3);
  }, 120_000);

  it("suspends a professional reading patients in personal-code order, tells the operator and records why (ANX2-18)", async () => {
    const codes = sequentialCodes(SETTINGS.detection.sequentialRun, 55_000_000);
    const pharmacist = (now: Date) => asDoctor(now, FIXTURE.pharmacist, "prescription");
    let now = at("2026-12-04", "09:00:00");
    const refusals: (CopyingRefusal | undefined)[] = [];
    for (const code of codes) {
      now = plusSeconds(now, 30);
      refusals.push(await refusalOf(listPatientDocuments(db(), pharmacist(now), code)));
    }
    expect(refusals.slice(0, -1)).toEqual(codes.slice(0, -1).map(() => undefined));
    expect(refusals.at(-1)?.code).toBe("copying-suspended");

    const detections = await db().selectFrom("ehealth_copying_detection").selectAll().execute();
    expect(detections).toMatchObject([
      {
        subject_kind: "professional",
        subject: FIXTURE.pharmacist,
        registration_number: FIXTURE.hospital,
        pattern: "sequential-codes",
        status: "open",
      },
    ]);
    const audit = await db()
      .selectFrom("audit_log")
      .select(["actor", "acting_for", "subject_person", "object", "purpose", "outcome"])
      .where("action", "=", "ehealth.copying.detected")
      .execute();
    expect(audit).toEqual([
      {
        actor: `PNOLV-${FIXTURE.pharmacist}`,
        acting_for: FIXTURE.hospital,
        subject_person: null,
        object: `copying-detection:${detections[0]?.id}`,
        purpose: `pattern=sequential-codes; run=${SETTINGS.detection.sequentialRun}`,
        outcome: "denied",
      },
    ]);
    const mail = await db()
      .selectFrom("mail_outbox")
      .select(["kind", "to_address", "body_text"])
      .where("kind", "=", "ehealth.copying.detected")
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.to_address).toBe("operators@vmnvd.example");
    for (const code of codes) expect(mail[0]?.body_text).not.toContain(code);

    // Suspended: any patient, any time later, until the operator lifts it; the doctor is not affected.
    const later = at("2026-12-05", "09:00:00");
    expect((await refusalOf(findPatient(db(), pharmacist(later), scatteredCodes(1, 3)[0])))?.code).toBe(
      "copying-suspended",
    );
    expect(await refusalOf(findPatient(db(), asDoctor(later), scatteredCodes(1, 3)[0]))).toBeUndefined();

    // The operator lists it, reviews and lifts it: the pharmacist reads again; lifting is audited.
    const [listed] = await listDetections(db());
    expect(listed).toMatchObject({
      subjectKind: "professional",
      subject: FIXTURE.pharmacist,
      status: "open",
    });
    const id = listed?.id as number;
    await expect(liftDetection(db(), { id, actor: "cli", reason: "" }, later)).rejects.toMatchObject({
      code: "reason-required",
    });
    const lifted = await liftDetection(
      db(),
      { id, actor: "cli", reason: "test scan agreed with the institution" },
      later,
    );
    expect(lifted).toMatchObject({ status: "lifted", liftedBy: "cli" });
    await expect(liftDetection(db(), { id, actor: "cli", reason: "again" }, later)).rejects.toMatchObject({
      code: "detection-not-open",
    });
    expect(await listDetections(db())).toEqual([]);
    expect(await listDetections(db(), { all: true })).toHaveLength(1);
    expect(await refusalOf(findPatient(db(), pharmacist(later), scatteredCodes(1, 3)[0]))).toBeUndefined();
    const liftRecords = await db()
      .selectFrom("audit_log")
      .select(["actor", "object", "purpose"])
      .where("action", "=", "ehealth.copying.lifted")
      .execute();
    expect(liftRecords).toEqual([
      {
        actor: "cli",
        object: `copying-detection:${id}`,
        purpose: "reason=test scan agreed with the institution",
      },
    ]);
  });

  it("suspends a professional reading many patients unrelated to the institution, at a slow pace (ANX2-18)", async () => {
    const threshold = SETTINGS.detection.unrelatedPatientsPerDay;
    let now = at("2026-12-06", "07:00:00");
    const codes: (string | undefined)[] = [];
    for (const code of scatteredCodes(threshold + 1, 8)) {
      now = plusSeconds(now, 300); // one every 5 minutes: no limit is reached
      codes.push((await refusalOf(findPatient(db(), asDoctor(now), code)))?.code);
    }
    expect(codes.slice(0, -1).every((c) => c === undefined)).toBe(true);
    expect(codes.at(-1)).toBe("copying-suspended");
    const [detection] = await listDetections(db());
    expect(detection).toMatchObject({
      subjectKind: "professional",
      subject: FIXTURE.doctor,
      pattern: "unrelated-patients",
      detail: `patients=${threshold + 1}/day`,
    });
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;
describe.skipIf(!serverUrl)("two server processes on one PostgreSQL share the counters (CON-3)", () => {
  let first: TestDatabase;
  let second: Awaited<ReturnType<typeof openDatabase>>;

  beforeAll(async () => {
    const postgres = testDatabaseKinds().find((k) => k.name === "postgresql");
    first = await (postgres as NonNullable<typeof postgres>).open();
    second = await openDatabase({ kind: "postgresql", url: first.url as string });
    await seedServiceFixture(first.db, at("2026-12-01", "06:00:00"));
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it("a limit crossed half through each handle trips", async () => {
    const handles = [first.db, second.db];
    const codes = scatteredCodes(PATIENTS_PER_10_MIN + 1, 4);
    let now = at("2026-12-02", "14:00:00");
    const outcomes: (string | undefined)[] = [];
    for (const [i, code] of codes.entries()) {
      now = plusSeconds(now, 3);
      const refusal = await refusalOf(listPatientDocuments(handles[i % 2] ?? first.db, asDoctor(now), code));
      outcomes.push(refusal?.code);
    }
    expect(outcomes.slice(0, -1).every((o) => o === undefined)).toBe(true);
    expect(outcomes.at(-1)).toBe("copying-limit-reached");
    // Both handles at once: the upserts add up rather than overwrite.
    const counter = await first.db
      .selectFrom("ehealth_copying_counter")
      .select(["patients"])
      .where("subject_kind", "=", "professional")
      .where("window_seconds", "=", 600)
      .executeTakeFirstOrThrow();
    expect(counter).toEqual({ patients: PATIENTS_PER_10_MIN });
  });
});
