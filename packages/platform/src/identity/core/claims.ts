/**
 * The person's claims as relying parties receive them (ID token and user info). Pure.
 *
 * - `sub`: `PNOLV-<personal code>` (ETSI EN 319 412-1 §5.1.3 form) or the foreign identifier.
 * - `given_name`, `family_name`, `birthdate` (OIDC Core §5.1; `birthdate` only when known).
 * - `previous_personal_codes`: the person's earlier Latvian codes, also as `PNOLV-…`, oldest
 *   first; present (possibly empty) for Latvian persons only. A private claim name
 *   (OIDC Core §5.1.2 collision-resistant enough for this broker; documented in README.md).
 */
import type { EvidencePerson } from "./evidence.ts";

export const PREVIOUS_CODES_CLAIM = "previous_personal_codes";

/** Claims released under the `profile` scope, in addition to `sub`. */
export const PROFILE_CLAIMS = ["given_name", "family_name", "birthdate", PREVIOUS_CODES_CLAIM] as const;

export interface PersonClaims {
  sub: string;
  given_name: string;
  family_name: string;
  birthdate?: string;
  previous_personal_codes?: string[];
}

export function subjectOf(person: EvidencePerson): string {
  return person.kind === "latvian" ? `PNOLV-${person.personalCode}` : person.identifier;
}

/**
 * Claims for a person, merging earlier codes already known (`knownPreviousCodes`, as `PNOLV-…`)
 * with those the evidence brings; the current code never appears among the previous ones.
 */
export function claimsOf(person: EvidencePerson, knownPreviousCodes: readonly string[] = []): PersonClaims {
  const sub = subjectOf(person);
  const claims: PersonClaims = { sub, given_name: person.givenName, family_name: person.familyName };
  if (person.birthDate) claims.birthdate = person.birthDate;
  if (person.kind === "latvian") {
    const previous = [...knownPreviousCodes, ...person.previousCodes.map((c) => `PNOLV-${c}`)];
    claims.previous_personal_codes = [...new Set(previous)].filter((c) => c !== sub);
  }
  return claims;
}
