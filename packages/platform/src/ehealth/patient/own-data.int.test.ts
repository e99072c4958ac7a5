/**
 * A patient's own data and the restriction of a document, on PGlite and PostgreSQL: the patient
 * sees only their own documents (another's is not found), every view is their own access; a
 * restricted document is hidden from other institutions (portal and system channel) but not from
 * the author's, read in an emergency with a flag the patient sees, and lifting restores it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { upsertPatient } from "../adapters/patient-store.ts";
import { insertAttestation, insertUser } from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import { type CdaSchemaValidator, createCdaSchemaValidator } from "../core/cda-schema.ts";
import type { EhealthTransaction } from "../database.ts";
import {
  DocumentError,
  listPatientDocuments,
  type PortalRequest,
  readDocument,
  sampleDischargeSummary,
  uploadDocument,
} from "../documents/index.ts";
import { restrictionHistory } from "../documents/restriction.ts";
import { EhealthError } from "../errors.ts";
import { listOwnConsents, listOwnDocuments, readOwnDocument, setOwnRestriction } from "./own-data.ts";

const NOW = new Date("2026-03-02T10:00:00.000Z");
const AUTHOR = "030370-10004";
const STRANGER = "290156-11605";
const PATIENT = "010180-10000";
const OTHER_PATIENT = "323691-93794";
const HOSPITAL = "40003000001";
const CLINIC = "40003000002";

const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

let schema: CdaSchemaValidator;
beforeAll(async () => {
  schema = await createCdaSchemaValidator();
}, 60_000);

async function seed(database: TestDatabase): Promise<void> {
  await database.db.transaction().execute(async (trx: EhealthTransaction) => {
    const why = { actor: "system", at: NOW, ground: "test set-up", evidence: "fixture" };
    const staff = [
      { regNo: HOSPITAL, name: "Rīgas slimnīca", person: AUTHOR, given: "Dace", family: "Ārste" },
      { regNo: CLINIC, name: "Jūrmalas klīnika", person: STRANGER, given: "Jānis", family: "Kalniņš" },
    ];
    for (const s of staff) {
      await insertInstitution(
        trx,
        {
          registrationNumber: s.regNo,
          name: s.name,
          kind: "hospital",
          staffSize: "large",
          contactEmail: "x@example.test",
        },
        "system",
        NOW,
      );
      await insertContract(
        trx,
        { registrationNumber: s.regNo, number: `L-${s.regNo}`, scope: "both", concludedOn: "2026-01-05" },
        NOW,
      );
      const user = await insertUser(
        trx,
        {
          registrationNumber: s.regNo,
          personCode: s.person,
          givenName: s.given,
          familyName: s.family,
          profession: "doctor",
          workplace: "ward",
        },
        NOW,
      );
      await insertAttestation(trx, {
        signer: { kind: "user", user },
        formVersion: "1",
        signedAt: NOW,
        evidence: `form-${s.regNo}`,
      });
      await grantRight(trx, { personCode: s.person, registrationNumber: s.regNo, role: "doctor" }, why);
    }
    for (const [personCode, givenName] of [
      [PATIENT, "Anna"],
      [OTHER_PATIENT, "Ilze"],
    ] as const)
      await upsertPatient(
        trx,
        { personCode, givenName, familyName: "Bērziņa", birthDate: "1980-01-01" },
        NOW,
      );
  });
}

for (const kind of testDatabaseKinds()) {
  describe(`a patient's own data on ${kind.name}`, () => {
    let database: TestDatabase;
    let older: string;
    let newer: string;
    let othersDocument: string;
    const as = (
      personCode: string,
      institution: string,
      purpose: string,
      channel: "portal" | "system" = "portal",
    ): PortalRequest => ({
      personCode,
      level: "high",
      institution,
      purpose,
      now: later(30),
      channel,
      ...(channel === "system" ? { system: "his" } : {}),
    });
    const patient = { personCode: PATIENT };
    const lastRecord = () =>
      database.db
        .selectFrom("audit_log")
        .select(["actor", "acting_for", "subject_person", "action", "object", "purpose", "outcome"])
        .orderBy("seq", "desc")
        .executeTakeFirstOrThrow();
    const upload = async (patientCode: string, at: Date) => {
      const bytes = new TextEncoder().encode(
        sampleDischargeSummary({
          patient: { personalCode: patientCode, givenName: "Anna", familyName: "Bērziņa" },
          author: { personalCode: AUTHOR, givenName: "Dace", familyName: "Ārste" },
          institution: { registrationNumber: HOSPITAL, name: "Rīgas slimnīca" },
          effectiveTime: at,
        }),
      );
      const request = { ...as(AUTHOR, HOSPITAL, "treatment"), now: at };
      return (
        await uploadDocument(database.db, request, patientCode, bytes, {
          schema,
          trust: { anchors: () => [] },
        })
      ).id;
    };

    beforeAll(async () => {
      database = await kind.open();
      await seed(database);
      older = await upload(PATIENT, NOW);
      newer = await upload(PATIENT, later(10));
      othersDocument = await upload(OTHER_PATIENT, later(5));
    }, 120_000);
    afterAll(async () => {
      await database?.close();
    });

    it("lists only the patient's own documents, newest first, recorded as the patient's own access", async () => {
      const documents = await listOwnDocuments(database.db, patient, later(20));
      expect(documents.map((d) => [d.id, d.institutionName, d.restricted])).toEqual([
        [newer, "Rīgas slimnīca", false],
        [older, "Rīgas slimnīca", false],
      ]);
      expect(documents[0]?.typeName).toEqual({ lv: "Izraksts no slimnīcas", en: "Discharge summary" });
      expect(await lastRecord()).toEqual({
        actor: `PNOLV-${PATIENT}`,
        acting_for: null,
        subject_person: `PNOLV-${PATIENT}`,
        action: "ehealth.own-data.viewed",
        object: "documents:2",
        purpose: "own-data",
        outcome: "success",
      });
    });

    it("does not find another patient's document — reading or restricting it — and writes nothing", async () => {
      const before = await lastRecord();
      for (const attempt of [
        () => readOwnDocument(database.db, patient, othersDocument, later(20)),
        () => setOwnRestriction(database.db, patient, othersDocument, true, later(20)),
      ]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EhealthError);
        expect((error as EhealthError).code).toBe("not-found");
      }
      expect(await restrictionHistory(database.db, othersDocument)).toEqual([]);
      expect(await lastRecord()).toEqual(before);
    });

    it("shows the patient their consents (none yet) as their own access", async () => {
      expect(await listOwnConsents(database.db, patient, later(20))).toEqual([]);
      expect(await lastRecord()).toMatchObject({ action: "ehealth.own-data.viewed", object: "consents:0" });
    });

    it("restricts a document: hidden from another institution's doctor, open to the author's institution", async () => {
      await setOwnRestriction(database.db, patient, older, true, later(25));
      expect(await lastRecord()).toMatchObject({
        actor: `PNOLV-${PATIENT}`,
        acting_for: null,
        action: "ehealth.document.restricted",
        object: `document:${older}`,
      });
      const again = await setOwnRestriction(database.db, patient, older, true, later(25)).catch(
        (e: unknown) => e,
      );
      expect((again as EhealthError).code).toBe("conflict");

      for (const channel of ["portal", "system"] as const) {
        const { documents } = await listPatientDocuments(
          database.db,
          as(STRANGER, CLINIC, "treatment", channel),
          PATIENT,
        );
        expect(documents.map((d) => d.id)).toEqual([newer]);
        const read = await readDocument(
          database.db,
          as(STRANGER, CLINIC, "treatment", channel),
          PATIENT,
          older,
        ).catch((e: unknown) => e);
        expect(read).toBeInstanceOf(DocumentError);
        expect((read as DocumentError).code).toBe("document-not-found");
        expect(await lastRecord()).toMatchObject({
          acting_for: CLINIC,
          action: "ehealth.document.read",
          outcome: "failure",
          object: `document:${older}:restricted`,
        });
      }

      const byAuthor = await readDocument(database.db, as(AUTHOR, HOSPITAL, "treatment"), PATIENT, older);
      expect(byAuthor.id).toBe(older);
      expect(await lastRecord()).toMatchObject({ object: `document:${older}`, outcome: "success" });
      expect((await listOwnDocuments(database.db, patient, later(26))).map((d) => d.restricted)).toEqual([
        false,
        true,
      ]);
    });

    it("lets another institution read it in an emergency, flagged in the log and shown to the patient", async () => {
      const read = await readDocument(database.db, as(STRANGER, CLINIC, "emergency"), PATIENT, older);
      expect(read.id).toBe(older);
      expect(await lastRecord()).toMatchObject({
        actor: `PNOLV-${STRANGER}`,
        acting_for: CLINIC,
        action: "ehealth.document.read",
        purpose: "emergency",
        outcome: "success",
        object: `document:${older}:emergency-override`,
      });
      const { documents } = await listPatientDocuments(
        database.db,
        as(STRANGER, CLINIC, "emergency"),
        PATIENT,
      );
      expect(documents.map((d) => d.id)).toEqual([newer, older]);

      const view = await readOwnDocument(database.db, patient, older, later(40));
      expect(view.document.restricted).toBe(true);
      expect(view.emergencyReads).toEqual([
        { at: later(30), who: "Jānis Kalniņš", institution: "Jūrmalas klīnika" },
      ]);
      expect((await readOwnDocument(database.db, patient, newer, later(40))).emergencyReads).toEqual([]);
      expect(await lastRecord()).toMatchObject({
        actor: `PNOLV-${PATIENT}`,
        action: "ehealth.own-data.viewed",
        object: `document:${newer}`,
      });
    });

    it("lifting the restriction restores reading, and the history keeps both changes", async () => {
      await setOwnRestriction(database.db, patient, older, false, later(50));
      expect(await lastRecord()).toMatchObject({ action: "ehealth.document.restriction-lifted" });
      const read = await readDocument(database.db, as(STRANGER, CLINIC, "treatment"), PATIENT, older);
      expect(read.id).toBe(older);
      expect(await lastRecord()).toMatchObject({ object: `document:${older}`, outcome: "success" });
      expect(await restrictionHistory(database.db, older)).toEqual([
        { restricted: true, at: later(25) },
        { restricted: false, at: later(50) },
      ]);
      const lifted = await setOwnRestriction(database.db, patient, older, false, later(51)).catch(
        (e: unknown) => e,
      );
      expect((lifted as EhealthError).code).toBe("conflict");
    });
  });
}
