/** Which institutions a signed-in person represents (SIG-6), and those institutions' forms (ESV-2). */
import type { Kysely } from "kysely";
import type { EservicesDatabase } from "../database.ts";
import { FORM_SUMMARY_COLUMNS, type StoredForm, storedFormOfRow } from "../form-row.ts";

export async function institutionsRepresentedBy(
  db: Kysely<EservicesDatabase>,
  personalCode: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom("eservice_representative")
    .select("institution_registration_number")
    .where("personal_code", "=", personalCode)
    .execute();
  return rows.map((r) => r.institution_registration_number);
}

/** The forms of these institutions, newest first (a representative sees every form of theirs). */
export async function formsOfInstitutions(
  db: Kysely<EservicesDatabase>,
  institutions: readonly string[],
  limit = 200,
): Promise<StoredForm[]> {
  if (institutions.length === 0) return [];
  const rows = await db
    .selectFrom("eservice_form")
    .select(FORM_SUMMARY_COLUMNS)
    .where("institution_registration_number", "in", institutions)
    .orderBy("submitted_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(storedFormOfRow);
}
