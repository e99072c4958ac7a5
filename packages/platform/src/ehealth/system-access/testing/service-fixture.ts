/**
 * For tests and the benchmark: an institution with a contract for both channels, a doctor and a
 * pharmacist who signed the attestation and hold their rights, a registered patient, and
 * clinical documents about the patient signed with the testbed (XAdES-LT: OCSP answers and
 * time-stamp embedded, so they validate without the network).
 */
import {
  type IssuedCredential,
  respondToOcspRequest,
  respondToTimeStampRequest,
  type TestPki,
} from "@tilts/testbed";
import type { Kysely } from "kysely";
import { insertContract } from "../../adapters/contract-store.ts";
import { insertInstitution } from "../../adapters/institution-store.ts";
import { upsertPatient } from "../../adapters/patient-store.ts";
import { insertAttestation, insertUser } from "../../adapters/people-store.ts";
import { grantRight } from "../../adapters/rights-store.ts";
import type { Role } from "../../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../../database.ts";
import { sampleDischargeSummary } from "../../documents/cda-builder.ts";
import { signClinicalDocument } from "../../documents/sign-document.ts";

export const FIXTURE = {
  hospital: "40003000001",
  doctor: "030370-10004",
  pharmacist: "050570-10000",
  patient: "010180-10000",
} as const;

export async function seedServiceFixture(db: Kysely<Database>, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertInstitution(
      trx,
      {
        registrationNumber: FIXTURE.hospital,
        name: "Sistēmu slimnīca",
        kind: "hospital",
        staffSize: "large",
        contactEmail: "it@slimnica.example",
      },
      "system",
      now,
    );
    await insertContract(
      trx,
      { registrationNumber: FIXTURE.hospital, number: "L-1", scope: "both", concludedOn: "2026-01-05" },
      now,
    );
    const people: [string, Role, string][] = [
      [FIXTURE.doctor, "doctor", "Dace"],
      [FIXTURE.pharmacist, "pharmacist", "Pēteris"],
    ];
    for (const [personCode, role, givenName] of people) {
      const user = await insertUser(
        trx,
        {
          registrationNumber: FIXTURE.hospital,
          personCode,
          givenName,
          familyName: "Testa",
          profession: role,
          workplace: "ward",
        },
        now,
      );
      await insertAttestation(trx, {
        signer: { kind: "user", user },
        formVersion: "1",
        signedAt: now,
        evidence: `form-${role}`,
      });
      await grantRight(
        trx,
        { personCode, registrationNumber: FIXTURE.hospital, role },
        { actor: "system", at: now, ground: "test set-up", evidence: "fixture" },
      );
    }
    await upsertPatient(
      trx,
      { personCode: FIXTURE.patient, givenName: "Anna", familyName: "Bērziņa", birthDate: "1980-01-01" },
      now,
    );
  });
}

/** A discharge summary about the fixture's patient, about `padding` UTF-8 bytes of narrative longer. */
export function sampleDocument(now: Date, padding = 0): string {
  const xml = sampleDischargeSummary({
    patient: { personalCode: FIXTURE.patient, givenName: "Anna", familyName: "Bērziņa" },
    author: { personalCode: FIXTURE.doctor, givenName: "Dace", familyName: "Testa" },
    institution: { registrationNumber: FIXTURE.hospital, name: "Sistēmu slimnīca" },
    effectiveTime: now,
  });
  if (padding <= 0) return xml;
  // Narrative text inside the first section's paragraph keeps the document schema-valid.
  const unit = "Ārstēšanas gaita. ";
  const times = Math.ceil(padding / new TextEncoder().encode(unit).length);
  return xml.replace("<paragraph>", `<paragraph>${unit.repeat(times)}`);
}

/** Signs as SIG-5 asks (enveloped XAdES-LT) with the given credential of `pki`. */
export function signWith(pki: TestPki, credential: IssuedCredential, xml: string): Promise<string> {
  return signClinicalDocument(
    xml,
    { key: credential.privateKey, certificate: credential.certificate, chain: credential.chain },
    {
      level: "LT",
      tsa: async (request) => respondToTimeStampRequest(pki, request),
      fetchers: { fetchOcsp: async (_url, request) => respondToOcspRequest(pki, request) },
    },
  );
}
