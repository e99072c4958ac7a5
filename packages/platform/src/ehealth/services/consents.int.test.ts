/**
 * CON-10: informed consents kept by the institution, on a database (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): record, list, withdraw; the form's errors; a professional without
 * the right is refused, the refusal recorded; each change and its record in one transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../audit/index.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { listConsents, upsertPatient } from "../adapters/patient-store.ts";
import { insertAttestation, insertUser } from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import type { EhealthTransaction } from "../database.ts";
import { PortalRefusal, type PortalRequest } from "../documents/portal-actions.ts";
import { ConsentInputError, checkConsentForm, listPatientConsents, recordConsent } from "./consents.ts";

const NOW = new Date("2026-03-02T10:00:00.000Z");
const DOCTOR = "030370-10004";
const NURSE = "050570-10000";
const PATIENT = "010180-10000";
const UNKNOWN_PATIENT = "020280-10008";
const HOSPITAL = "40003000001";
const OTHER = "40003000002";

async function seed(database: TestDatabase): Promise<void> {
  await database.db.transaction().execute(async (trx: EhealthTransaction) => {
    const why = { actor: "system", at: NOW, ground: "test set-up", evidence: "fixture" };
    for (const regNo of [HOSPITAL, OTHER]) {
      await insertInstitution(
        trx,
        {
          registrationNumber: regNo,
          name: `Institution ${regNo}`,
          kind: "hospital",
          staffSize: "large",
          contactEmail: "x@example.test",
        },
        "system",
        NOW,
      );
      await insertContract(
        trx,
        { registrationNumber: regNo, number: `L-${regNo}`, scope: "both", concludedOn: "2026-01-05" },
        NOW,
      );
    }
    for (const [code, role] of [
      [DOCTOR, "doctor"],
      [NURSE, "nurse"],
    ] as const) {
      const user = await insertUser(
        trx,
        {
          registrationNumber: HOSPITAL,
          personCode: code,
          givenName: "Vārds",
          familyName: "Uzvārds",
          profession: role,
          workplace: "ward",
        },
        NOW,
      );
      await insertAttestation(trx, {
        signer: { kind: "user", user },
        formVersion: "1",
        signedAt: NOW,
        evidence: `form-${code}`,
      });
      await grantRight(trx, { personCode: code, registrationNumber: HOSPITAL, role }, why);
    }
    await upsertPatient(
      trx,
      { personCode: PATIENT, givenName: "Anna", familyName: "Bērziņa", birthDate: "1980-01-01" },
      NOW,
    );
  });
}

describe("CON-10 consent form checks", () => {
  it("lists every problem with its field; accepts a good form (date not in the future)", () => {
    const error = (() => {
      try {
        checkConsentForm({ event: "maybe", topic: "x", date: "2026-02-30", evidence: "  " }, NOW);
      } catch (e) {
        return e;
      }
    })() as ConsentInputError;
    expect(error).toBeInstanceOf(ConsentInputError);
    expect(error.problems).toEqual([
      { field: "event", code: "bad-event" },
      { field: "topic", code: "bad-topic" },
      { field: "date", code: "bad-date" },
      { field: "evidence", code: "evidence-missing" },
    ]);
    expect(() =>
      checkConsentForm({ event: "given", topic: "treatment", date: "2026-03-03", evidence: "F-1" }, NOW),
    ).toThrow(/date:date-in-future/);
    expect(() =>
      checkConsentForm(
        { event: "given", topic: "treatment", date: "2026-03-02", evidence: "x".repeat(201) },
        NOW,
      ),
    ).toThrow(/evidence:evidence-too-long/);
    expect(() =>
      checkConsentForm(
        { event: "given", topic: "treatment", date: "2026-03-02", evidence: "F\u0000-1" },
        NOW,
      ),
    ).toThrow(/evidence:evidence-bad-characters/);
    expect(
      checkConsentForm(
        { event: "withdrawn", topic: "data-exchange", date: "2026-03-02", evidence: " Nr.  12/3 " },
        NOW,
      ),
    ).toEqual({ event: "withdrawn", topic: "data-exchange", date: "2026-03-02", evidence: "Nr. 12/3" });
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`CON-10 consents on ${kind.name}`, () => {
    let database: TestDatabase;
    const as = (personCode: string, purpose: string | undefined, institution = HOSPITAL): PortalRequest => ({
      personCode,
      level: "high",
      institution,
      purpose,
      clientAddress: "127.0.0.1",
      correlationId: "req-1",
      now: NOW,
    });
    const audit = () =>
      database.db
        .selectFrom("audit_log")
        .select([
          "actor",
          "acting_for",
          "subject_person",
          "action",
          "object",
          "purpose",
          "legal_ground",
          "outcome",
        ])
        .orderBy("seq")
        .execute();

    beforeAll(async () => {
      database = await kind.open();
      await seed(database);
    }, 120_000);
    afterAll(async () => {
      await database?.close();
    });

    it("a doctor records a given consent and lists it; both accesses recorded with purpose and ground", async () => {
      const before = (await audit()).length;
      const consent = await recordConsent(database.db, as(DOCTOR, "treatment"), PATIENT, {
        event: "given",
        topic: "treatment",
        date: "2026-03-01",
        evidence: "Veidlapa Nr. 17/2026",
      });
      expect(consent).toMatchObject({
        patientCode: PATIENT,
        registrationNumber: HOSPITAL,
        topic: "treatment",
        status: "given",
        evidence: "Veidlapa Nr. 17/2026",
        recordedBy: DOCTOR,
        withdrawnAt: null,
      });
      // The day is a Riga calendar day: 1 March starts at 22:00 UTC on 28 February.
      expect(consent.givenAt.toISOString()).toBe("2026-02-28T22:00:00.000Z");
      const listed = await listPatientConsents(database.db, as(DOCTOR, "treatment"), PATIENT);
      expect(listed.map((c) => [c.id, c.status])).toEqual([[consent.id, "given"]]);
      const records = (await audit()).slice(before);
      expect(records).toEqual([
        expect.objectContaining({
          actor: `PNOLV-${DOCTOR}`,
          acting_for: HOSPITAL,
          subject_person: `PNOLV-${PATIENT}`,
          action: "ehealth.consent.recorded",
          object: `consent:${consent.id}:given`,
          purpose: "treatment",
          legal_ground: "gdpr-9-2-h",
          outcome: "success",
        }),
        expect.objectContaining({
          action: "ehealth.consents.listed",
          object: "consents:1",
          purpose: "treatment",
          outcome: "success",
        }),
      ]);
    });

    it("a withdrawal marks the consent given at this institution withdrawn, with its day", async () => {
      const withdrawn = await recordConsent(database.db, as(DOCTOR, "treatment"), PATIENT, {
        event: "withdrawn",
        topic: "treatment",
        date: "2026-03-02",
        evidence: "Atsaukums Nr. 3",
      });
      expect(withdrawn).toMatchObject({
        status: "withdrawn",
        evidence: "Veidlapa Nr. 17/2026",
        withdrawalEvidence: "Atsaukums Nr. 3",
        withdrawnBy: DOCTOR,
      });
      expect(withdrawn.withdrawnAt?.toISOString()).toBe("2026-03-01T22:00:00.000Z");
      const stored = await listConsents(database.db, { patientCode: PATIENT });
      expect(
        stored.map((c) => [c.status, c.withdrawnAt?.toISOString(), c.withdrawalEvidence, c.withdrawnBy]),
      ).toEqual([["withdrawn", "2026-03-01T22:00:00.000Z", "Atsaukums Nr. 3", DOCTOR]]);
      expect((await audit()).at(-1)).toMatchObject({
        action: "ehealth.consent.withdrawn",
        object: `consent:${withdrawn.id}:withdrawn`,
        outcome: "success",
      });
    });

    it("withdrawing with no given consent (or before it was given) is a field error, recorded as failed, nothing changed", async () => {
      const again = await recordConsent(database.db, as(DOCTOR, "treatment"), PATIENT, {
        event: "withdrawn",
        topic: "treatment",
        date: "2026-03-02",
        evidence: "Atsaukums Nr. 4",
      }).catch((e: unknown) => e);
      expect((again as ConsentInputError).problems).toEqual([{ field: "topic", code: "no-given-consent" }]);
      expect((await audit()).at(-1)).toMatchObject({
        action: "ehealth.consent.withdrawn",
        outcome: "failure",
        object: "consent:no-given-consent",
      });
      await recordConsent(database.db, as(DOCTOR, "treatment"), PATIENT, {
        event: "given",
        topic: "data-exchange",
        date: "2026-03-02",
        evidence: "F-2",
      });
      const early = await recordConsent(database.db, as(DOCTOR, "treatment"), PATIENT, {
        event: "withdrawn",
        topic: "data-exchange",
        date: "2026-03-01",
        evidence: "F-3",
      }).catch((e: unknown) => e);
      expect((early as ConsentInputError).problems).toEqual([{ field: "date", code: "date-before-given" }]);
      const stored = await listConsents(database.db, { patientCode: PATIENT });
      expect(stored.filter((c) => c.status === "given").map((c) => c.topic)).toEqual(["data-exchange"]);
    });

    it("an unregistered patient is a field error (recorded as failed); a bad form is refused before any access", async () => {
      const error = await recordConsent(database.db, as(DOCTOR, "treatment"), UNKNOWN_PATIENT, {
        event: "given",
        topic: "treatment",
        date: "2026-03-02",
        evidence: "F-9",
      }).catch((e: unknown) => e);
      expect((error as ConsentInputError).problems).toEqual([
        { field: "patient", code: "patient-not-found" },
      ]);
      expect((await audit()).at(-1)).toMatchObject({
        outcome: "failure",
        subject_person: `PNOLV-${UNKNOWN_PATIENT}`,
      });
      const before = (await audit()).length;
      const bad = await recordConsent(database.db, as(DOCTOR, "treatment"), PATIENT, {
        event: "given",
        topic: "treatment",
        date: "",
        evidence: "",
      }).catch((e: unknown) => e);
      expect((bad as ConsentInputError).problems.map((p) => p.field)).toEqual(["date", "evidence"]);
      expect((await audit()).length).toBe(before);
    });

    it("a nurse may list but not record: refused naming the missing right, the refusal recorded, nothing stored", async () => {
      expect(await listPatientConsents(database.db, as(NURSE, "treatment"), PATIENT)).toHaveLength(2);
      const count = (await listConsents(database.db, { patientCode: PATIENT })).length;
      const error = await recordConsent(database.db, as(NURSE, "treatment"), PATIENT, {
        event: "given",
        topic: "treatment",
        date: "2026-03-02",
        evidence: "F-5",
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortalRefusal);
      expect((error as PortalRefusal).decision.missingRight).toBe(
        `document.upload@${HOSPITAL} (doctor, laboratory-specialist)`,
      );
      expect((await audit()).at(-1)).toMatchObject({
        actor: `PNOLV-${NURSE}`,
        acting_for: HOSPITAL,
        subject_person: `PNOLV-${PATIENT}`,
        action: "ehealth.consent.recorded",
        outcome: "denied",
        purpose: "treatment; refused=no-right:document.upload",
      });
      expect(await listConsents(database.db, { patientCode: PATIENT })).toHaveLength(count);
    });

    it("no right at another institution: listing refused and recorded; the chain stays intact", async () => {
      const error = await listPatientConsents(database.db, as(DOCTOR, "treatment", OTHER), PATIENT).catch(
        (e: unknown) => e,
      );
      expect((error as PortalRefusal).decision.reason).toBe("no-right");
      expect((await audit()).at(-1)).toMatchObject({
        acting_for: OTHER,
        action: "ehealth.consents.listed",
        outcome: "denied",
      });
      expect((await verifyAuditChain(database.db)).intact).toBe(true);
    });
  });
}
