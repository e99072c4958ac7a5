/**
 * The portal's actions on a database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set):
 * decide first; a refusal names the missing right and is recorded (denied); every access is
 * recorded with its purpose in the same transaction as the read or write (CON-9, issue 6 item 4).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../audit/index.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { upsertPatient } from "../adapters/patient-store.ts";
import { insertAttestation, insertUser } from "../adapters/people-store.ts";
import { changeRightStatus, grantRight } from "../adapters/rights-store.ts";
import { type CdaSchemaValidator, createCdaSchemaValidator } from "../core/cda-schema.ts";
import type { EhealthTransaction } from "../database.ts";
import { sampleDischargeSummary } from "./cda-builder.ts";
import type { UploadCheckPorts } from "./check-upload.ts";
import { DocumentError } from "./errors.ts";
import {
  findPatient,
  listPatientDocuments,
  PortalInputError,
  PortalRefusal,
  type PortalRequest,
  readDocument,
  uploadDocument,
} from "./portal-actions.ts";

const NOW = new Date("2026-03-02T10:00:00.000Z");
const DOCTOR = "030370-10004";
const PHARMACIST = "050570-10000";
const PATIENT = "010180-10000";
const HOSPITAL = "40003000001";
const OTHER = "40003000002";
const ENDING = "40003000003";

const utf8 = (s: string) => new TextEncoder().encode(s);
const DOCUMENT = utf8(
  sampleDischargeSummary({
    patient: { personalCode: PATIENT, givenName: "Anna", familyName: "Bērziņa" },
    author: { personalCode: DOCTOR, givenName: "Dace", familyName: "Dakteri" },
    institution: { registrationNumber: HOSPITAL, name: "Slimnīca" },
    effectiveTime: NOW,
  }),
);
const document = () => DOCUMENT;

let schema: CdaSchemaValidator;
beforeAll(async () => {
  schema = await createCdaSchemaValidator();
}, 60_000);

async function seed(database: TestDatabase): Promise<{ doctorRightId: string }> {
  return database.db.transaction().execute(async (trx: EhealthTransaction) => {
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
    const doctor = await insertUser(
      trx,
      {
        registrationNumber: HOSPITAL,
        personCode: DOCTOR,
        givenName: "Dace",
        familyName: "Dakteri",
        profession: "doctor",
        workplace: "ward",
      },
      NOW,
    );
    await insertAttestation(trx, {
      signer: { kind: "user", user: doctor },
      formVersion: "1",
      signedAt: NOW,
      evidence: "form-1",
    });
    const right = await grantRight(
      trx,
      { personCode: DOCTOR, registrationNumber: HOSPITAL, role: "doctor" },
      why,
    );
    const pharmacist = await insertUser(
      trx,
      {
        registrationNumber: HOSPITAL,
        personCode: PHARMACIST,
        givenName: "Pēteris",
        familyName: "Farm",
        profession: "pharmacist",
        workplace: "pharmacy",
      },
      NOW,
    );
    await insertAttestation(trx, {
      signer: { kind: "user", user: pharmacist },
      formVersion: "1",
      signedAt: NOW,
      evidence: "form-2",
    });
    await grantRight(trx, { personCode: PHARMACIST, registrationNumber: HOSPITAL, role: "pharmacist" }, why);
    await upsertPatient(
      trx,
      { personCode: PATIENT, givenName: "Anna", familyName: "Bērziņa", birthDate: "1980-01-01" },
      NOW,
    );
    return { doctorRightId: right.id };
  });
}

for (const kind of testDatabaseKinds()) {
  describe(`portal actions on ${kind.name}`, () => {
    let database: TestDatabase;
    let doctorRightId: string;
    let ports: UploadCheckPorts;
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
      ({ doctorRightId } = await seed(database));
      ports = { schema, trust: { anchors: () => [] } };
    }, 120_000);
    afterAll(async () => {
      await database?.close();
    });

    it("a doctor uploads, lists and reads a document for treatment; each access recorded with its purpose", async () => {
      const before = (await audit()).length;
      const { id } = await uploadDocument(database.db, as(DOCTOR, "treatment"), PATIENT, document(), ports);
      expect((await findPatient(database.db, as(DOCTOR, "treatment"), PATIENT))?.familyName).toBe("Bērziņa");
      const { documents } = await listPatientDocuments(database.db, as(DOCTOR, "treatment"), PATIENT);
      expect(documents.map((d) => [d.id, d.title, d.signature.status])).toEqual([
        [id, "Izraksts no stacionāra", "none"],
      ]);
      const read = await readDocument(database.db, as(DOCTOR, "treatment"), PATIENT, id);
      expect(new TextDecoder().decode(read.content)).toBe(new TextDecoder().decode(document()));

      const records = (await audit()).slice(before);
      expect(records).toEqual(
        [
          "ehealth.document.uploaded",
          "ehealth.patient.found",
          "ehealth.documents.listed",
          "ehealth.document.read",
        ].map((action) =>
          expect.objectContaining({
            actor: `PNOLV-${DOCTOR}`,
            acting_for: HOSPITAL,
            subject_person: `PNOLV-${PATIENT}`,
            action,
            purpose: "treatment",
            legal_ground: "gdpr-9-2-h",
            outcome: "success",
          }),
        ),
      );
      expect(records[3]?.object).toBe(`document:${id}`);
    });

    it("refuses a purpose the role may not state, names the missing right, and records the refusal", async () => {
      const attempt = readDocument(
        database.db,
        as(PHARMACIST, "treatment"),
        PATIENT,
        "00000000-0000-0000-0000-000000000000",
      );
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortalRefusal);
      const refusal = error as PortalRefusal;
      expect(refusal.decision.reason).toBe("purpose-not-allowed");
      expect(refusal.decision.missingRight).toBe(`document.read@${HOSPITAL} (doctor, nurse, pharmacist)`);
      const last = (await audit()).at(-1);
      expect(last).toMatchObject({
        actor: `PNOLV-${PHARMACIST}`,
        action: "ehealth.document.read",
        outcome: "denied",
        purpose: "treatment; refused=purpose-not-allowed:document.read",
      });
    });

    it("refuses where the person holds no right (another institution) — recorded, nothing read", async () => {
      const error = await listPatientDocuments(database.db, as(DOCTOR, "treatment", OTHER), PATIENT).catch(
        (e: unknown) => e,
      );
      expect((error as PortalRefusal).decision.reason).toBe("no-right");
      expect((await audit()).at(-1)).toMatchObject({
        acting_for: OTHER,
        outcome: "denied",
        action: "ehealth.documents.listed",
      });
    });

    it("reads the contract in force by the injected clock: past the contract's end the portal refuses (CON-1, CON-14)", async () => {
      // A third institution whose contract ends on 30.06.2026; the doctor holds a right there too.
      await database.db.transaction().execute(async (trx: EhealthTransaction) => {
        await insertInstitution(
          trx,
          {
            registrationNumber: ENDING,
            name: "Institution with an ending contract",
            kind: "hospital",
            staffSize: "large",
            contactEmail: "y@example.test",
          },
          "system",
          NOW,
        );
        await insertContract(
          trx,
          {
            registrationNumber: ENDING,
            number: `L-${ENDING}`,
            scope: "both",
            concludedOn: "2026-01-05",
            validUntil: "2026-06-30",
          },
          NOW,
        );
        const doctor = await insertUser(
          trx,
          {
            registrationNumber: ENDING,
            personCode: DOCTOR,
            givenName: "Dace",
            familyName: "Dakteri",
            profession: "doctor",
            workplace: "ward",
          },
          NOW,
        );
        await insertAttestation(trx, {
          signer: { kind: "user", user: doctor },
          formVersion: "1",
          signedAt: NOW,
          evidence: "form-3",
        });
        await grantRight(
          trx,
          { personCode: DOCTOR, registrationNumber: ENDING, role: "doctor" },
          { actor: "system", at: NOW, ground: "test set-up", evidence: "fixture" },
        );
      });
      // The system clock is far from both dates: only the injected one decides.
      expect((await findPatient(database.db, as(DOCTOR, "treatment", ENDING), PATIENT))?.familyName).toBe(
        "Bērziņa",
      );
      const afterEnd = { ...as(DOCTOR, "treatment", ENDING), now: new Date("2026-07-01T08:00:00.000Z") };
      const error = await findPatient(database.db, afterEnd, PATIENT).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortalRefusal);
      expect((error as PortalRefusal).decision.reason).toBe("contract-inactive");
      expect((await audit()).at(-1)).toMatchObject({
        acting_for: ENDING,
        outcome: "denied",
        action: "ehealth.patient.found",
      });
    });

    it("a refused document is not stored; the failed upload is recorded with the reason", async () => {
      const broken = utf8(
        new TextDecoder().decode(document()).replace("<title>", "<titel>").replace("</title>", "</titel>"),
      );
      const error = await uploadDocument(database.db, as(DOCTOR, "treatment"), PATIENT, broken, ports).catch(
        (e: unknown) => e,
      );
      expect((error as DocumentError).code).toBe("schema-invalid");
      expect((error as DocumentError).schemaErrors[0]?.message).toContain("titel");
      expect(
        (await listPatientDocuments(database.db, as(DOCTOR, "treatment"), PATIENT)).documents,
      ).toHaveLength(1);
      const records = await audit();
      expect(records.at(-2)).toMatchObject({
        action: "ehealth.document.uploaded",
        outcome: "failure",
        purpose: "treatment; refused=invalid-document:schema-invalid",
      });
    });

    it("a bad personal code is an input error before any access (nothing recorded)", async () => {
      const before = (await audit()).length;
      const error = await findPatient(database.db, as(DOCTOR, "treatment"), "12345").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortalInputError);
      expect((await audit()).length).toBe(before);
    });

    it("after the right is suspended the next attempt is refused (right-suspended) and recorded", async () => {
      await changeRightStatus(database.db, doctorRightId, "suspend", {
        actor: "PNOLV-020270-10002",
        at: NOW,
        ground: "test",
        evidence: "letter-1",
      });
      const error = await readDocument(
        database.db,
        as(DOCTOR, "treatment"),
        PATIENT,
        "00000000-0000-0000-0000-000000000000",
      ).catch((e: unknown) => e);
      expect((error as PortalRefusal).decision.reason).toBe("right-suspended");
      expect((await audit()).at(-1)).toMatchObject({
        outcome: "denied",
        purpose: "treatment; refused=right-suspended:document.read",
      });
      expect((await verifyAuditChain(database.db)).intact).toBe(true);
    });

    it("stored documents are immutable in the database", async () => {
      await expect(sql`update ehealth_document set title = 'x'`.execute(database.db)).rejects.toThrow(
        /immutable/,
      );
    });
  });
}
