/**
 * Institutions' representatives (SIG-6): the people whose qualified signature on a registration
 * form the agency accepts for an institution. The agency enters them (`tilts eservices
 * representative add`) from the institution's authorisation; each entry is audited.
 */
import type { Kysely } from "kysely";
import { parsePersonalCode } from "../core/personal-code/index.ts";
import { recordRegistryEvent } from "./audit-events.ts";
import type { EservicesDatabase } from "./database.ts";
import { EservicesError } from "./errors.ts";

export interface Representative {
  id: string;
  institutionRegistrationNumber: string;
  personalCode: string;
  fullName: string;
  addedBy: string;
  addedAt: Date;
}

export interface NewRepresentative {
  institutionRegistrationNumber: string;
  personalCode: string;
  fullName: string;
}

/** Decides (a real personal code, an 11-digit institution, a name, not yet listed), then adds and audits. */
export async function addRepresentative(
  db: Kysely<EservicesDatabase>,
  input: NewRepresentative,
  actor: string,
  now: Date,
): Promise<Representative> {
  const code = parsePersonalCode(input.personalCode);
  const problems: { field: string; code: string }[] = [];
  if (!code.ok) problems.push({ field: "personalCode", code: code.error.code });
  if (!/^\d{11}$/.test(input.institutionRegistrationNumber.trim()))
    problems.push({ field: "institution", code: "bad-registration-number" });
  const fullName = input.fullName.trim();
  if (!fullName || fullName.length > 200)
    problems.push({ field: "fullName", code: fullName ? "too-long" : "required" });
  if (!code.ok || problems.length > 0)
    throw new EservicesError("bad-input", "the representative's details are not valid", problems);
  const institution = input.institutionRegistrationNumber.trim();
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("eservice_representative")
      .select("id")
      .where("institution_registration_number", "=", institution)
      .where("personal_code", "=", code.code)
      .executeTakeFirst();
    if (existing)
      throw new EservicesError(
        "representative-exists",
        "this person is already a representative of the institution",
      );
    const row = await trx
      .insertInto("eservice_representative")
      .values({
        institution_registration_number: institution,
        personal_code: code.code,
        full_name: fullName,
        added_by: actor,
        added_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRegistryEvent(
      trx,
      {
        actor,
        institution,
        action: "eservices.representative.added",
        object: `eservice-representative:${row.id}`,
      },
      now,
    );
    return {
      id: String(row.id),
      institutionRegistrationNumber: row.institution_registration_number,
      personalCode: row.personal_code,
      fullName: row.full_name,
      addedBy: row.added_by,
      addedAt: new Date(row.added_at),
    };
  });
}

/** The personal codes of an institution's representatives. */
export async function representativeCodesOf(
  db: Kysely<EservicesDatabase>,
  institution: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom("eservice_representative")
    .select("personal_code")
    .where("institution_registration_number", "=", institution)
    .execute();
  return new Set(rows.map((r) => r.personal_code));
}
