/**
 * Demo clinical documents for `tilts start` (issue 6 item 6), for MODEL's demo seeding to call:
 *
 *   await seedDemoDocuments(db, {
 *     patients,                        // demo patients (testbed persons)
 *     author: { personCode, givenName, familyName },   // a demo doctor
 *     institution: { registrationNumber, name },
 *     ports: { schema, trust },        // the same checks an upload passes
 *     signer,                          // optional: the institution's testbed credential → one signed document
 *     now,
 *   });
 *
 * Each patient gets a discharge summary and a lab result built in code (documents/cda-builder.ts);
 * with a signer, the first patient's lab result is signed (XAdES enveloped, SIG-5). Every document
 * goes through checkUpload (so the stored header and signature result are real) and is stored
 * with a recorded access by the author (purpose "treatment"), as an upload through the portal
 * would be. Idempotent: a patient who already has documents is skipped.
 */
import type { Kysely } from "kysely";
import { LEGAL_GROUNDS, recordAccess } from "../access-log/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { type CdaPerson, sampleDischargeSummary, sampleLabResult } from "./cda-builder.ts";
import { checkUpload, type UploadCheckPorts } from "./check-upload.ts";
import { countDocuments, insertDocument } from "./document-store.ts";
import { type DocumentSigner, type SignDocumentOptions, signClinicalDocument } from "./sign-document.ts";

export interface DemoDocumentsInput {
  readonly patients: readonly CdaPerson[];
  readonly author: CdaPerson;
  readonly institution: { readonly registrationNumber: string; readonly name: string };
  readonly ports: UploadCheckPorts;
  readonly signer?: { readonly credential: DocumentSigner; readonly options?: SignDocumentOptions };
  readonly now: Date;
}

const DAY = 24 * 60 * 60 * 1000;

/** Returns how many documents were stored. */
export async function seedDemoDocuments(db: Kysely<Database>, input: DemoDocumentsInput): Promise<number> {
  let stored = 0;
  for (const [index, patient] of input.patients.entries()) {
    if ((await countDocuments(db, patient.personalCode)) > 0) continue;
    const sample = { patient, author: input.author, institution: input.institution };
    const texts = [
      sampleDischargeSummary({
        ...sample,
        effectiveTime: new Date(input.now.getTime() - (10 + index) * DAY),
      }),
      sampleLabResult({ ...sample, effectiveTime: new Date(input.now.getTime() - (12 + index) * DAY) }),
    ];
    if (index === 0 && input.signer) {
      texts[1] = await signClinicalDocument(
        texts[1] as string,
        input.signer.credential,
        input.signer.options,
      );
    }
    for (const text of texts) {
      const checked = await checkUpload(new TextEncoder().encode(text), patient.personalCode, input.ports);
      await db.transaction().execute(async (trx) => {
        const id = await insertDocument(
          trx,
          {
            patientCode: patient.personalCode,
            registrationNumber: input.institution.registrationNumber,
            authorCode: input.author.personalCode,
            checked,
          },
          input.now,
        );
        await recordAccess(
          trx,
          {
            user: input.author.personalCode,
            institution: input.institution.registrationNumber,
            patient: patient.personalCode,
            action: "ehealth.document.uploaded",
            purpose: "treatment",
            legalGround: LEGAL_GROUNDS.treatment,
            outcome: "success",
            object: `document:${id}`,
          },
          input.now,
        );
      });
      stored++;
    }
  }
  return stored;
}
