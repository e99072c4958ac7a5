/**
 * A patient's own data after citizen sign-in (E-veselība's "Mani dati"): their documents, one
 * document, their consents, and the restriction of a document. The patient is always the person
 * signed in — no other patient can be named here, and another patient's document id is simply not
 * found (404, never 403: its existence is not disclosed).
 *
 * Every view and change is recorded in the access log as the patient's own access (CON-9, GDPR
 * art. 15): actor = subject = the patient, no institution, purpose `own-data` — never as a
 * professional's access. The record and the read (or the restriction's new history row) share
 * one transaction.
 */
import type { Kysely } from "kysely";
import { findAuditRecords } from "../../audit/index.ts";
import { sharedHandle } from "../../core/module/index.ts";
import { type AccessAction, personIdentifier, recordAccess } from "../access-log/index.ts";
import { type Consent, listConsents } from "../adapters/patient-store.ts";
import { publishedCodes } from "../classifiers/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { DOCUMENT_TYPES_CLASSIFIER } from "../documents/check-document-type.ts";
import {
  type DocumentSummary,
  findDocument,
  listDocuments,
  type StoredDocument,
} from "../documents/index.ts";
import { appendRestriction, EMERGENCY_OVERRIDE, restrictedAmong } from "../documents/restriction.ts";
import { EhealthError } from "../errors.ts";
import { loadReportNames } from "../reports/names.ts";

/** The signed-in citizen (from the web session). */
export interface Citizen {
  /** Personal code `XXXXXX-XXXXX`. */
  personCode: string;
  clientAddress?: string | null;
  correlationId?: string | null;
}

/** A document type's name in both languages, from the operator's document-types classifier. */
export interface TypeName {
  lv: string;
  en: string;
}

export interface OwnDocument extends DocumentSummary {
  restricted: boolean;
  /** The author's institution by name ("" when no longer registered). */
  institutionName: string;
  /** The type's name (the CDA header's display name is LOINC's English); null when not classified. */
  typeName: TypeName | null;
}

/** A read of a restricted document in an emergency, as the patient sees it. */
export interface EmergencyRead {
  at: Date;
  /** The professional's name. */
  who: string;
  /** The institution's name. */
  institution: string;
}

export interface OwnDocumentView {
  document: StoredDocument & Omit<OwnDocument, keyof DocumentSummary>;
  emergencyReads: EmergencyRead[];
}

/** How many of the patient's document reads are searched for emergency reads of one document. */
const READS_SEARCHED = 1000;

async function recordOwn(
  trx: Kysely<Database>,
  citizen: Citizen,
  action: Extract<
    AccessAction,
    "ehealth.own-data.viewed" | "ehealth.document.restricted" | "ehealth.document.restriction-lifted"
  >,
  object: string,
  now: Date,
): Promise<void> {
  await recordAccess(
    trx,
    {
      user: citizen.personCode,
      institution: null,
      patient: citizen.personCode,
      action,
      purpose: "own-data",
      legalGround: "gdpr-15",
      outcome: "success",
      object,
      clientAddress: citizen.clientAddress ?? null,
      correlationId: citizen.correlationId ?? null,
    },
    now,
  );
}

async function typeNames(db: Kysely<Database>): Promise<Map<string, TypeName>> {
  const codes = await publishedCodes(db, DOCUMENT_TYPES_CLASSIFIER);
  return new Map(codes.map((c) => [c.code, { lv: c.displayLv, en: c.displayEn }]));
}

const typeNameOf = (types: Map<string, TypeName>, d: DocumentSummary) =>
  (d.typeCode && types.get(d.typeCode)) || null;

async function institutionNames(
  db: Kysely<Database>,
  numbers: Iterable<string>,
): Promise<Map<string, string>> {
  return (await loadReportNames(db, { persons: [], institutions: numbers })).institutions;
}

/** The patient's documents, newest first, each with its restriction and author institution's name. */
export async function listOwnDocuments(
  db: Kysely<Database>,
  citizen: Citizen,
  now: Date,
): Promise<OwnDocument[]> {
  return db.transaction().execute(async (trx) => {
    const documents = await listDocuments(trx, citizen.personCode);
    const restricted = await restrictedAmong(
      trx,
      documents.map((d) => d.id),
    );
    const names = await institutionNames(
      trx,
      documents.map((d) => d.registrationNumber),
    );
    const types = await typeNames(trx);
    await recordOwn(trx, citizen, "ehealth.own-data.viewed", `documents:${documents.length}`, now);
    return documents.map((d) => ({
      ...d,
      typeName: typeNameOf(types, d),
      restricted: restricted.has(d.id),
      institutionName: names.get(d.registrationNumber) ?? "",
    }));
  });
}

/** One of the patient's documents and the emergency reads of it; EhealthError `not-found` otherwise. */
export async function readOwnDocument(
  db: Kysely<Database>,
  citizen: Citizen,
  documentId: string,
  now: Date,
): Promise<OwnDocumentView> {
  return db.transaction().execute(async (trx) => {
    const document = await ownDocument(trx, citizen, documentId);
    const restricted = (await restrictedAmong(trx, [document.id])).has(document.id);
    const names = await institutionNames(trx, [document.registrationNumber]);
    const emergencyReads = await emergencyReadsOf(trx, citizen, document.id);
    const typeName = typeNameOf(await typeNames(trx), document);
    await recordOwn(trx, citizen, "ehealth.own-data.viewed", `document:${document.id}`, now);
    return {
      document: {
        ...document,
        restricted,
        typeName,
        institutionName: names.get(document.registrationNumber) ?? "",
      },
      emergencyReads,
    };
  });
}

/** The patient's consents at every institution, oldest first. */
export async function listOwnConsents(db: Kysely<Database>, citizen: Citizen, now: Date): Promise<Consent[]> {
  return db.transaction().execute(async (trx) => {
    const consents = await listConsents(trx, { patientCode: citizen.personCode });
    await recordOwn(trx, citizen, "ehealth.own-data.viewed", `consents:${consents.length}`, now);
    return consents;
  });
}

/**
 * Restricts the document (or lifts the restriction): a new history row and its record in one
 * transaction. EhealthError `not-found` for a document that is not the patient's, `conflict`
 * when it already is in the state asked for (nothing written).
 */
export async function setOwnRestriction(
  db: Kysely<Database>,
  citizen: Citizen,
  documentId: string,
  restricted: boolean,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const document = await ownDocument(trx, citizen, documentId);
    if ((await restrictedAmong(trx, [document.id])).has(document.id) === restricted)
      throw new EhealthError(
        "conflict",
        restricted ? "the document is already restricted" : "the document is not restricted",
      );
    await appendRestriction(trx, { documentId: document.id, restricted, actor: citizen.personCode }, now);
    await recordOwn(
      trx,
      citizen,
      restricted ? "ehealth.document.restricted" : "ehealth.document.restriction-lifted",
      `document:${document.id}`,
      now,
    );
  });
}

async function ownDocument(
  db: Kysely<Database>,
  citizen: Citizen,
  documentId: string,
): Promise<StoredDocument> {
  const document = await findDocument(db, citizen.personCode, documentId);
  if (!document) throw new EhealthError("not-found", "you have no such document");
  return document;
}

/** Successful reads of this document that overrode the restriction (portal-actions.ts flags them), newest first. */
async function emergencyReadsOf(
  db: Kysely<Database>,
  citizen: Citizen,
  documentId: string,
): Promise<EmergencyRead[]> {
  const reads = await findAuditRecords(sharedHandle(db), {
    party: { column: "subject_person", value: personIdentifier(citizen.personCode, "patient") },
    actions: ["ehealth.document.read"],
    limit: READS_SEARCHED,
  });
  const overrides = reads.filter(
    (r) => r.outcome === "success" && r.object === `document:${documentId}:${EMERGENCY_OVERRIDE}`,
  );
  const names = await loadReportNames(db, {
    persons: overrides.map((r) => r.actor),
    institutions: overrides.map((r) => r.acting_for),
  });
  return overrides.map((r) => ({
    at: new Date(r.recorded_at),
    who: names.persons.get(r.actor) ?? "",
    institution: (r.acting_for && names.institutions.get(r.acting_for)) ?? "",
  }));
}
