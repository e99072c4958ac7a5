/**
 * Names for a report page: the people who acted (users, administrators, the operator's staff)
 * and the institutions they acted for, looked up in the e-health module's own tables for just the
 * identifiers on the page (joined in application code: the audit log stays the audit module's).
 * A person or institution not (or no longer) in the registry simply has no name; the report
 * shows the identifier alone.
 */
import type { Kysely } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";

export interface ReportNames {
  /** `PNOLV-…` → "Given Family". */
  persons: Map<string, string>;
  /** Registration number → institution name. */
  institutions: Map<string, string>;
  /**
   * `PNOLV-…@<registration number>` → the person's role there: a user's profession as registered
   * (free text), or "administrator"; `PNOLV-…@operator` → "operator" for the operator's staff.
   */
  roles: Map<string, string>;
}

/** The key of `ReportNames.roles`: a person at an institution (or at the operator). */
export const roleKey = (person: string, institution: string | null): string =>
  `${person}@${institution ?? "operator"}`;

const PREFIX = "PNOLV-";

export async function loadReportNames(
  db: Kysely<Database>,
  ids: { persons: Iterable<string>; institutions: Iterable<string | null> },
): Promise<ReportNames> {
  const codes = [
    ...new Set([...ids.persons].filter((p) => p.startsWith(PREFIX)).map((p) => p.slice(PREFIX.length))),
  ];
  const regNos = [...new Set([...ids.institutions].filter((i): i is string => !!i))];
  const persons = new Map<string, string>();
  const institutions = new Map<string, string>();
  const roles = new Map<string, string>();
  if (codes.length > 0) {
    // The same person may be a user at two institutions or also an administrator: any row's name will do.
    const rows = await db
      .selectFrom("ehealth_user")
      .select(["person_code", "given_name", "family_name"])
      .where("person_code", "in", codes)
      .unionAll(
        db
          .selectFrom("ehealth_administrator")
          .select(["person_code", "given_name", "family_name"])
          .where("person_code", "in", codes),
      )
      .unionAll(
        db
          .selectFrom("ehealth_operator_staff")
          .select(["person_code", "given_name", "family_name"])
          .where("person_code", "in", codes),
      )
      .unionAll(
        db
          .selectFrom("ehealth_patient")
          .select(["person_code", "given_name", "family_name"])
          .where("person_code", "in", codes),
      )
      .execute();
    for (const r of rows) {
      const key = PREFIX + r.person_code;
      if (!persons.has(key)) persons.set(key, `${r.given_name} ${r.family_name}`);
    }
    const [users, administrators, staff] = await Promise.all([
      db
        .selectFrom("ehealth_user")
        .select(["person_code", "registration_number", "profession"])
        .where("person_code", "in", codes)
        .execute(),
      db
        .selectFrom("ehealth_administrator")
        .select(["person_code", "registration_number"])
        .where("person_code", "in", codes)
        .execute(),
      db
        .selectFrom("ehealth_operator_staff")
        .select(["person_code"])
        .where("person_code", "in", codes)
        .execute(),
    ]);
    for (const u of users) roles.set(roleKey(PREFIX + u.person_code, u.registration_number), u.profession);
    for (const a of administrators)
      if (!roles.has(roleKey(PREFIX + a.person_code, a.registration_number)))
        roles.set(roleKey(PREFIX + a.person_code, a.registration_number), "administrator");
    for (const o of staff) roles.set(roleKey(PREFIX + o.person_code, null), "operator");
  }
  if (regNos.length > 0) {
    const rows = await db
      .selectFrom("ehealth_institution")
      .select(["registration_number", "name"])
      .where("registration_number", "in", regNos)
      .execute();
    for (const r of rows) institutions.set(r.registration_number, r.name);
  }
  return { persons, institutions, roles };
}
