import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../audit/index.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import type { EhealthTransaction } from "../database.ts";
import { type AccessEntry, AccessLogError, recordAccess, splitRecordedPurpose } from "./index.ts";

const DOCTOR = "290156-11605";
const PATIENT = "323691-93794";
const HOSPITAL = "40003000001";

const read: AccessEntry = {
  user: DOCTOR,
  institution: HOSPITAL,
  patient: PATIENT,
  action: "ehealth.document.read",
  purpose: "treatment",
  legalGround: "gdpr-9-2-h",
  outcome: "success",
  object: "document:7",
  clientAddress: "127.0.0.1",
  correlationId: "req-1",
};

describe.each(testDatabaseKinds())("recordAccess on $name (CON-9)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("CON-9: writes user, institution, patient, purpose and legal ground in the caller's transaction", async () => {
    const at = new Date("2026-03-02T10:00:00.123Z");
    const appended = await database.db
      .transaction()
      .execute((trx: EhealthTransaction) => recordAccess(trx, read, at));
    const row = await database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", "=", appended.seq.toString())
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actor: `PNOLV-${DOCTOR}`,
      acting_for: HOSPITAL,
      subject_person: `PNOLV-${PATIENT}`,
      action: "ehealth.document.read",
      object: "document:7",
      purpose: "treatment",
      legal_ground: "gdpr-9-2-h",
      outcome: "success",
      client_address: "127.0.0.1",
      correlation_id: "req-1",
    });
    expect(new Date(row.recorded_at).toISOString()).toBe(at.toISOString());
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true });
  });

  it("CON-9: an access rolled back leaves no record, and a record rolled back undoes the access", async () => {
    const before = await count();
    await expect(
      database.db.transaction().execute(async (trx: EhealthTransaction) => {
        await recordAccess(trx, read);
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    expect(await count()).toBe(before);
  });

  it("records a refusal with the attempted action, outcome denied and the reason after the purpose", async () => {
    const appended = await recordAccess(database.db, {
      ...read,
      user: `PNOLV-${DOCTOR}`,
      outcome: "denied",
      legalGround: null,
      refusal: "missing-right:document.read",
    });
    const row = await database.db
      .selectFrom("audit_log")
      .select(["outcome", "purpose", "legal_ground", "actor"])
      .where("seq", "=", appended.seq.toString())
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      outcome: "denied",
      purpose: "treatment; refused=missing-right:document.read",
      legal_ground: null,
      actor: `PNOLV-${DOCTOR}`,
    });
    expect(splitRecordedPurpose(row.purpose)).toEqual({
      purpose: "treatment",
      refusal: "missing-right:document.read",
    });
  });

  it("lets a patient record their own report view without an institution", async () => {
    await expect(
      recordAccess(database.db, {
        user: PATIENT,
        institution: null,
        patient: PATIENT,
        action: "ehealth.report.viewed",
        purpose: "own-data",
        legalGround: "gdpr-15",
        outcome: "success",
      }),
    ).resolves.toMatchObject({ seq: expect.any(BigInt) });
  });

  it("records the operator's staff as acting for the operator", async () => {
    const appended = await recordAccess(database.db, {
      ...read,
      institution: "operator",
      action: "ehealth.report.viewed",
      purpose: "supervision",
      legalGround: "con-9",
      object: "report:patient",
    });
    const row = await database.db
      .selectFrom("audit_log")
      .select(["acting_for", "purpose"])
      .where("seq", "=", appended.seq.toString())
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ acting_for: "operator", purpose: "supervision" });
  });

  it.each<[string, Partial<AccessEntry>, string]>([
    ["a malformed user", { user: "29015611606" }, "bad-person"],
    ["a malformed patient", { patient: "PNOEE-38001010000" }, "bad-person"],
    ["an unknown action", { action: "ehealth.document.deleted" as never }, "bad-action"],
    ["a short registration number", { institution: "4000300" }, "bad-institution"],
    ["no institution for someone else's data", { institution: null }, "bad-institution"],
    ["a success without purpose", { purpose: null }, "missing-purpose"],
    ["a purpose not in the list", { purpose: "curiosity" }, "missing-purpose"],
    ["a report purpose for a clinical action", { purpose: "own-data" }, "missing-purpose"],
    ["a success without legal ground", { legalGround: null }, "missing-legal-ground"],
    ["a success carrying a refusal", { refusal: "x" }, "bad-field"],
    ["a legal ground with spaces", { legalGround: "because I can" }, "bad-field"],
  ])("refuses %s before writing anything", async (_label, change, code) => {
    const before = await count();
    const error = await recordAccess(database.db, { ...read, ...change }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessLogError);
    expect((error as AccessLogError).code).toBe(code);
    expect((error as Error).message).not.toContain("290156");
    expect(await count()).toBe(before);
  });

  async function count(): Promise<number> {
    const r = await database.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
});
