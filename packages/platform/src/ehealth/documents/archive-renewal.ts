/**
 * Preservation job for the signed clinical documents (SIG-2, SIG-5; ETSI TS 119 511's idea,
 * EN 319 132-1 §5.5.2): a document signed today must still verify in 2045, long after the
 * time-stamping unit's certificate that vouches for it has expired. Each run takes the valid
 * signed documents whose archive evidence is missing or whose newest archive time-stamp's TSA
 * certificate expires within `renewBefore`, soonest first, and adds one more archive
 * time-stamp over everything before it (raising B/T/LT signatures to LTA on the way). The
 * result is a new `ehealth_document_archive` row; the document as uploaded never changes.
 * A failure (TSA down, no revocation data) leaves the document for the next run.
 */
import {
  augmentXades,
  parseCertificate,
  parseXml,
  type RevocationFetchers,
  type TimeStampAuthority,
  verifyTimeStampToken,
  XADES_NAMESPACE,
  XADES141_NAMESPACE,
} from "@tilts/trust";
import { type Kysely, sql } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import { sharedHandle } from "../../core/module/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { DocumentError } from "./errors.ts";

export interface ArchiveRenewalPorts {
  tsa: TimeStampAuthority;
  /** OCSP/CRL for raising B/T documents to LT first. */
  fetchers?: RevocationFetchers;
  /** CA certificates for the signer's and the TSA's chains. */
  certificates?: Uint8Array[];
}

export interface ArchiveRenewalOptions {
  now: Date;
  /** Renew this long before the newest time-stamp's TSA certificate expires (default 2 years). */
  renewBeforeMs?: number;
  /** Documents per run (default 50). */
  batch?: number;
}

export interface ArchiveRenewalResult {
  renewed: { documentId: string; expiresAt: Date }[];
  failed: { documentId: string; reason: string }[];
}

/** How long before the newest archive time-stamp's TSA certificate expires a document is renewed. */
export const DEFAULT_RENEW_BEFORE_MS = 2 * 365 * 86_400_000;

export async function renewArchiveTimeStamps(
  db: Kysely<Database>,
  ports: ArchiveRenewalPorts,
  options: ArchiveRenewalOptions,
): Promise<ArchiveRenewalResult> {
  const threshold = new Date(options.now.getTime() + (options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS));
  const due = await dueDocuments(db, threshold, options.batch ?? 50);
  const result: ArchiveRenewalResult = { renewed: [], failed: [] };
  for (const doc of due) {
    let xml: string;
    let expiresAt: Date;
    try {
      xml = await augmentXades({
        xml: doc.content,
        level: "LTA",
        tsa: ports.tsa,
        ...(ports.fetchers ? { fetchers: ports.fetchers } : {}),
        ...(ports.certificates ? { certificates: ports.certificates } : {}),
        now: () => options.now,
      });
      expiresAt = newestArchiveExpiry(xml);
    } catch (error) {
      const reason = (error as { code?: string }).code ?? "renewal-failed";
      result.failed.push({ documentId: doc.id, reason });
      // Recorded, so the operator sees a document whose evidence is not being kept up (the next
      // pass tries again); the reason is a code, never the TSA's or a parser's text.
      await appendAuditRecord(
        sharedHandle(db),
        {
          actor: "system",
          action: "ehealth.document.archive-renewal-failed",
          object: `document:${doc.id}`,
          purpose: `code=${reason}`,
          legalGround: "SIG-2",
          outcome: "failure",
        },
        options.now,
      );
      continue;
    }
    // The evidence and its audit record together: a renewal is either both or neither.
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("ehealth_document_archive")
        .values({
          document_id: doc.id,
          renewed_at: options.now,
          content: new TextEncoder().encode(xml),
          expires_at: expiresAt,
        })
        .execute();
      await appendAuditRecord(
        sharedHandle(trx),
        {
          actor: "system",
          action: "ehealth.document.archive-renewed",
          object: `document:${doc.id}`,
          purpose: `evidence-until=${expiresAt.toISOString()}`,
          legalGround: "SIG-2",
          outcome: "success",
        },
        options.now,
      );
    });
    result.renewed.push({ documentId: doc.id, expiresAt });
  }
  return result;
}

/** The newest archive evidence of a document, or undefined before its first renewal. */
export async function latestArchive(
  db: Kysely<Database>,
  documentId: string,
): Promise<{ content: Uint8Array; renewedAt: Date; expiresAt: Date } | undefined> {
  const row = await db
    .selectFrom("ehealth_document_archive")
    .select(["content", "renewed_at", "expires_at"])
    .where("document_id", "=", documentId)
    .orderBy("renewed_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { content: row.content, renewedAt: row.renewed_at, expiresAt: row.expires_at } : undefined;
}

/** Valid signed documents without archive evidence, or whose newest evidence expires before `threshold`. */
async function dueDocuments(
  db: Kysely<Database>,
  threshold: Date,
  batch: number,
): Promise<{ id: string; content: Uint8Array }[]> {
  const { rows } = await sql<{ id: string; content: Uint8Array; archived: Uint8Array | null }>`
    select d.id, d.content, a.content as archived
    from ehealth_document d
    left join ehealth_document_archive a on a.document_id = d.id
      and a.renewed_at = (select max(x.renewed_at) from ehealth_document_archive x where x.document_id = d.id)
    where d.signature_status = 'valid' and (a.document_id is null or a.expires_at < ${threshold})
    order by coalesce(a.expires_at, d.uploaded_at), d.id
    limit ${batch}`.execute(db);
  return rows.map((r) => ({ id: r.id, content: r.archived ?? r.content }));
}

/** notAfter of the TSA certificate behind the last xades141:ArchiveTimeStamp. */
function newestArchiveExpiry(xml: string): Date {
  const stamps = parseXml(xml).document.getElementsByTagNameNS(XADES141_NAMESPACE, "ArchiveTimeStamp");
  const last = stamps.item(stamps.length - 1);
  const encapsulated = last?.getElementsByTagNameNS(XADES_NAMESPACE, "EncapsulatedTimeStamp").item(0);
  const token = new Uint8Array(Buffer.from((encapsulated?.textContent ?? "").replace(/\s+/g, ""), "base64"));
  const check = verifyTimeStampToken(token);
  // augmentXades checked the TSA's answer already; this only reads it.
  if (!check.valid)
    throw new DocumentError("archive-renewal-failed", "the new archive time-stamp does not verify");
  return parseCertificate(check.signerCertificate).notAfter;
}
