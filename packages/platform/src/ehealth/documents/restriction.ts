/**
 * A patient's restriction of a document (E-veselība's "ierobežot piekļuvi"): a restricted
 * document is hidden from every institution except the author's; a professional who states the
 * purpose `emergency` may still read it (GDPR art. 9(2)(c), vital interests), and that read is
 * recorded with a flag the patient sees. The restriction is history (restriction-store below);
 * `restrictionVerdict` is the ONE rule every read and list applies.
 */
import type { Kysely } from "kysely";
import type { Purpose } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";

/** How a professional may see a document: `open` as usual, `override` only as an emergency, `hidden` not at all. */
export type RestrictionVerdict = "open" | "override" | "hidden";

/** The suffix of an access record's object when a restriction was overridden in an emergency. */
export const EMERGENCY_OVERRIDE = "emergency-override";

export function restrictionVerdict(
  document: { restricted: boolean; registrationNumber: string },
  reader: { institution: string; purpose: Purpose },
): RestrictionVerdict {
  if (!document.restricted || document.registrationNumber === reader.institution) return "open";
  return reader.purpose === "emergency" ? "override" : "hidden";
}

/** Of these documents, the ones whose newest restriction row restricts them. */
export async function restrictedAmong(
  db: Kysely<Database>,
  documentIds: readonly string[],
): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("ehealth_document_restriction as r")
    .select(["r.document_id", "r.restricted"])
    .where("r.document_id", "in", documentIds)
    .where(({ eb, selectFrom }) =>
      eb(
        "r.seq",
        "=",
        selectFrom("ehealth_document_restriction as n")
          .select((n) => n.fn.max("n.seq").as("latest"))
          .whereRef("n.document_id", "=", "r.document_id"),
      ),
    )
    .execute();
  return new Set(rows.filter((r) => r.restricted).map((r) => r.document_id));
}

export async function isRestricted(db: Kysely<Database>, documentId: string): Promise<boolean> {
  return (await restrictedAmong(db, [documentId])).has(documentId);
}

/** Appends a change of the restriction (pass the transaction that records the patient's action). */
export async function appendRestriction(
  db: Kysely<Database>,
  change: { documentId: string; restricted: boolean; actor: string },
  now: Date,
): Promise<void> {
  await db
    .insertInto("ehealth_document_restriction")
    .values({ document_id: change.documentId, restricted: change.restricted, actor: change.actor, at: now })
    .execute();
}

/** The restriction's history of one document, oldest first. */
export async function restrictionHistory(
  db: Kysely<Database>,
  documentId: string,
): Promise<{ restricted: boolean; at: Date }[]> {
  const rows = await db
    .selectFrom("ehealth_document_restriction")
    .select(["restricted", "at"])
    .where("document_id", "=", documentId)
    .orderBy("seq")
    .execute();
  return rows.map((r) => ({ restricted: r.restricted, at: new Date(r.at) }));
}
