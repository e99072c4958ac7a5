/**
 * The public catalogue of registered e-services (ESV-1): what anyone may read without signing in —
 * identifier, names and descriptions in both languages, audiences, channels, legal basis, the
 * institution and the registration date. The institution's and the agency's contact persons are
 * not published (they are people, and the catalogue is public).
 */
import { type Kysely, sql } from "kysely";
import type { Audience, Channel } from "./core/registration-form.ts";
import type { EservicesDatabase } from "./database.ts";

export interface CatalogueEntry {
  identifier: string;
  name: { lv: string; en: string };
  description: { lv: string; en: string };
  audiences: Audience[];
  channels: Channel[];
  legalBasis: string;
  institution: { registrationNumber: string; name: string };
  registeredAt: Date;
}

export interface CatalogueQuery {
  /** Words that must all occur in a name or description (either language), case-insensitive. */
  q?: string;
  audience?: Audience;
  limit?: number;
}

/** Bounds a search so a query string cannot make the database scan a thousand patterns. */
export const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 8;
const MAX_RESULTS = 500;

/** The words of a search, lower-cased, LIKE-escaped, at most eight. */
export function searchWords(q: string | undefined): string[] {
  return (q ?? "")
    .slice(0, MAX_QUERY_LENGTH)
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== "")
    .slice(0, MAX_WORDS)
    .map((w) => w.replace(/[\\%_]/g, (c) => `\\${c}`));
}

const COLUMNS = [
  "identifier",
  "name_lv",
  "name_en",
  "description_lv",
  "description_en",
  "audiences",
  "channels",
  "legal_basis",
  "institution_registration_number",
  "institution_name",
  "registered_at",
] as const;

type EntryRow = {
  identifier: string | null;
  name_lv: string;
  name_en: string;
  description_lv: string;
  description_en: string;
  audiences: string;
  channels: string;
  legal_basis: string;
  institution_registration_number: string;
  institution_name: string;
  registered_at: Date | null;
};

function entryOf(row: EntryRow): CatalogueEntry {
  return {
    identifier: row.identifier!,
    name: { lv: row.name_lv, en: row.name_en },
    description: { lv: row.description_lv, en: row.description_en },
    audiences: row.audiences.split(",") as Audience[],
    channels: row.channels.split(",") as Channel[],
    legalBasis: row.legal_basis,
    institution: { registrationNumber: row.institution_registration_number, name: row.institution_name },
    registeredAt: new Date(row.registered_at!),
  };
}

/** Registered e-services matching the query, by identifier. */
export async function searchCatalogue(
  db: Kysely<EservicesDatabase>,
  query: CatalogueQuery = {},
): Promise<CatalogueEntry[]> {
  let select = db
    .selectFrom("eservice_form")
    .select(COLUMNS)
    .where("status", "=", "registered")
    .orderBy("identifier")
    .limit(Math.min(query.limit ?? MAX_RESULTS, MAX_RESULTS));
  for (const word of searchWords(query.q)) {
    const pattern = `%${word}%`;
    select = select.where(
      sql<boolean>`lower(name_lv || ' ' || name_en || ' ' || description_lv || ' ' || description_en) like ${pattern} escape '\\'`,
    );
  }
  if (query.audience) {
    // audiences is a comma-separated list of known codes, so a bounded match on the code is exact.
    select = select.where(sql<boolean>`(',' || audiences || ',') like ${`%,${query.audience},%`}`);
  }
  return (await select.execute()).map(entryOf);
}

export async function findCatalogueEntry(
  db: Kysely<EservicesDatabase>,
  identifier: string,
): Promise<CatalogueEntry | undefined> {
  const row = await db
    .selectFrom("eservice_form")
    .select(COLUMNS)
    .where("status", "=", "registered")
    .where("identifier", "=", identifier)
    .executeTakeFirst();
  return row ? entryOf(row) : undefined;
}

/** The JSON form of an entry (GET /api/eservices, `tilts eservices catalogue --json`). */
export function catalogueEntryJson(entry: CatalogueEntry) {
  return {
    identifier: entry.identifier,
    name: entry.name,
    description: entry.description,
    audiences: entry.audiences,
    channels: entry.channels,
    legal_basis: entry.legalBasis,
    institution: { registration_number: entry.institution.registrationNumber, name: entry.institution.name },
    registered_at: entry.registeredAt.toISOString(),
  };
}
