/**
 * DEV-5: classifier data from production goes only to institutions under an operator contract.
 * The operator records the contract's number and date on the institution; recording it again
 * replaces it (a renewed contract). Audited `ehealth.classifier.contract-recorded`.
 */
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import { dayNumber } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { ClassifierError } from "./errors.ts";

export interface ClassifierContract {
  registrationNumber: string;
  number: string;
  concludedOn: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface NewClassifierContract {
  registrationNumber: string;
  number: string;
  concludedOn: string;
}

function check(contract: NewClassifierContract): void {
  if (!/^\S(.{0,98}\S)?$/.test(contract.number) || /[\r\n]/.test(contract.number))
    throw new ClassifierError("bad-contract", "the contract number is one line of 1 to 100 characters");
  try {
    dayNumber(contract.concludedOn);
  } catch {
    throw new ClassifierError("bad-contract", "the contract date is not a YYYY-MM-DD date");
  }
}

export async function recordClassifierContract(
  db: Kysely<Database>,
  contract: NewClassifierContract,
  actor: string,
  now: Date,
): Promise<void> {
  check(contract);
  await db.transaction().execute(async (trx) => {
    const institution = await trx
      .selectFrom("ehealth_institution")
      .select("registration_number")
      .where("registration_number", "=", contract.registrationNumber)
      .executeTakeFirst();
    if (!institution)
      throw new ClassifierError("institution-not-found", "no institution has this registration number");
    const values = {
      number: contract.number,
      concluded_on: contract.concludedOn,
      recorded_by: actor,
      recorded_at: now,
    };
    await trx
      .insertInto("ehealth_classifier_contract")
      .values({ registration_number: contract.registrationNumber, ...values })
      .onConflict((oc) => oc.column("registration_number").doUpdateSet(values))
      .execute();
    await appendAuditRecord(
      trx,
      {
        actor,
        actingFor: contract.registrationNumber,
        action: "ehealth.classifier.contract-recorded",
        object: `institution:${contract.registrationNumber}`,
        purpose: `contract=${contract.number}; concluded=${contract.concludedOn}`,
        legalGround: "DEV-5",
        outcome: "success",
      },
      now,
    );
  });
}

export async function findClassifierContract(
  db: Kysely<Database>,
  registrationNumber: string,
): Promise<ClassifierContract | undefined> {
  const row = await db
    .selectFrom("ehealth_classifier_contract")
    .selectAll()
    .where("registration_number", "=", registrationNumber)
    .executeTakeFirst();
  return (
    row && {
      registrationNumber: row.registration_number,
      number: row.number,
      concludedOn: row.concluded_on,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at,
    }
  );
}
