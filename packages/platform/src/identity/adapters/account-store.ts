/**
 * The people who signed in, as relying parties see them. Each sign-in refreshes the names and
 * merges the code history (spec §2.2: the identity store keeps earlier personal codes).
 */
import type { Kysely } from "kysely";
import { claimsOf, type PersonClaims } from "../core/claims.ts";
import type { EvidencePerson } from "../core/evidence.ts";
import type { IdentityDatabase as Database } from "../database.ts";

export async function recordAccount(
  db: Kysely<Database>,
  person: EvidencePerson,
  now: Date,
): Promise<PersonClaims> {
  return db.transaction().execute(async (trx) => {
    const sub = claimsOf(person).sub;
    const existing = await trx
      .selectFrom("identity_account")
      .select("previous_codes")
      .where("sub", "=", sub)
      .forUpdate()
      .executeTakeFirst();
    const known = existing ? (JSON.parse(existing.previous_codes) as string[]) : [];
    const claims = claimsOf(person, known);
    const row = {
      sub,
      given_name: claims.given_name,
      family_name: claims.family_name,
      birth_date: claims.birthdate ?? null,
      previous_codes: JSON.stringify(claims.previous_personal_codes ?? []),
      updated_at: now,
    };
    await trx
      .insertInto("identity_account")
      .values(row)
      .onConflict((oc) =>
        oc.column("sub").doUpdateSet({
          given_name: row.given_name,
          family_name: row.family_name,
          birth_date: row.birth_date,
          previous_codes: row.previous_codes,
          updated_at: now,
        }),
      )
      .execute();
    return claims;
  });
}

export async function findAccountClaims(
  db: Kysely<Database>,
  sub: string,
): Promise<PersonClaims | undefined> {
  if (sub.length > 200) return undefined;
  const row = await db.selectFrom("identity_account").selectAll().where("sub", "=", sub).executeTakeFirst();
  if (!row) return undefined;
  const claims: PersonClaims = { sub: row.sub, given_name: row.given_name, family_name: row.family_name };
  if (row.birth_date) claims.birthdate = row.birth_date;
  if (row.sub.startsWith("PNOLV-"))
    claims.previous_personal_codes = JSON.parse(row.previous_codes) as string[];
  return claims;
}
