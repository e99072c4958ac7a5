/**
 * The anti-copying counters in PostgreSQL (or PGlite), where every server process sees them
 * (CON-3): one row per subject and window, bumped with `insert … on conflict do update`, so two
 * nodes counting the same professional add up instead of overwriting each other. Distinct
 * patients are rows of keyed hashes; a patient is counted once per window however often read.
 *
 * Called inside the read's own transaction: the counter rows stay locked until it ends, which
 * serialises one subject's reads (not everyone's), and a read that rolls back is not counted.
 */
import { createHmac } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";
import type { WindowCount } from "./core/copying-policy.ts";
import {
  COPYING_WINDOWS,
  type CopyingSubjectKind,
  type CopyingWindow,
  windowStartOf,
} from "./core/copying-policy.ts";

/** One subject whose reads are counted. */
export interface CopyingSubject {
  readonly kind: CopyingSubjectKind;
  /** As stored: see `CopyingCounterTable.subject_id`. */
  readonly id: string;
}

/** A keyed hash under the installation's key: stable here, meaningless elsewhere, not reversible. */
export type Hasher = (value: string) => string;

export async function loadHasher(db: Kysely<Database>): Promise<Hasher> {
  const row = await db
    .selectFrom("ehealth_copying_key")
    .select("hmac_key")
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  const key = Buffer.from(row.hmac_key, "hex");
  return (value) => createHmac("sha256", key).update(value).digest("base64url");
}

/** Counts this read for the subject in one window; the counts after it. */
export async function countRead(
  db: Kysely<Database>,
  subject: CopyingSubject,
  window: CopyingWindow,
  patientHash: string,
  now: Date,
): Promise<WindowCount> {
  const windowStart = windowStartOf(now, window);
  const key = {
    subject_kind: subject.kind,
    subject_id: subject.id,
    window_seconds: COPYING_WINDOWS[window],
    window_start: windowStart,
  };
  const added = await db
    .insertInto("ehealth_copying_patient")
    .values({ ...key, patient_hash: patientHash })
    .onConflict((oc) => oc.doNothing())
    .returning("patient_hash")
    .executeTakeFirst();
  const newPatient = added ? 1 : 0;
  const row = await db
    .insertInto("ehealth_copying_counter")
    .values({ ...key, requests: 1, patients: newPatient })
    .onConflict((oc) =>
      oc.columns(["subject_kind", "subject_id", "window_seconds", "window_start"]).doUpdateSet({
        requests: sql<number>`ehealth_copying_counter.requests + 1`,
        patients: sql<number>`ehealth_copying_counter.patients + ${newPatient}`,
      }),
    )
    .returning(["requests", "patients"])
    .executeTakeFirstOrThrow();
  return { kind: subject.kind, window, windowStart, requests: row.requests, patients: row.patients };
}

/**
 * Moves the subject's run of sequential codes on (core/sequential-codes.ts). `chain` is this
 * patient's sequence-key hash followed by the hashes of the keys that would continue the run: the
 * same patient again (find, list, read) keeps the run, a successor lengthens it, anything else
 * starts a new run of one. The new run is returned.
 */
export async function advanceSequence(
  db: Kysely<Database>,
  subject: CopyingSubject,
  chain: readonly string[],
  now: Date,
): Promise<number> {
  const current = await db
    .selectFrom("ehealth_copying_sequence")
    .select(["run", "successors"])
    .where("subject_kind", "=", subject.kind)
    .where("subject_id", "=", subject.id)
    .forUpdate()
    .executeTakeFirst();
  const [own, ...next] = current?.successors.split(" ") ?? [];
  const patient = chain[0];
  if (current && patient !== undefined && own === patient) return current.run;
  const run = current && patient !== undefined && next.includes(patient) ? current.run + 1 : 1;
  const successors = chain.join(" ");
  await db
    .insertInto("ehealth_copying_sequence")
    .values({ subject_kind: subject.kind, subject_id: subject.id, run, successors, updated_at: now })
    .onConflict((oc) =>
      oc.columns(["subject_kind", "subject_id"]).doUpdateSet({ run, successors, updated_at: now }),
    )
    .execute();
  return run;
}

/**
 * Whether the patient has a treatment relationship to the institution (ANX2-18's "signs"): a
 * consent given to it, or a document from it. Registered or not — a probe of unknown codes has none.
 */
export async function hasTreatmentRelationship(
  db: Kysely<Database>,
  patientCode: string,
  institution: string,
): Promise<boolean> {
  const consent = await db
    .selectFrom("ehealth_consent")
    .select("id")
    .where("patient_code", "=", patientCode)
    .where("registration_number", "=", institution)
    .where("status", "=", "given")
    .limit(1)
    .executeTakeFirst();
  if (consent) return true;
  const document = await db
    .selectFrom("ehealth_document")
    .select("patient_code")
    .where("patient_code", "=", patientCode)
    .where("registration_number", "=", institution)
    .limit(1)
    .executeTakeFirst();
  return document !== undefined;
}

/** The subjects' open detections, if any (while open, the subject reads nothing). */
export async function openDetectionOf(
  db: Kysely<Database>,
  subjects: readonly { kind: "professional" | "system"; subject: string }[],
): Promise<{ id: number; subjectKind: "professional" | "system" } | undefined> {
  if (subjects.length === 0) return undefined;
  const row = await db
    .selectFrom("ehealth_copying_detection")
    .select(["id", "subject_kind"])
    .where("status", "=", "open")
    .where((eb) =>
      eb.or(subjects.map((s) => eb.and([eb("subject_kind", "=", s.kind), eb("subject", "=", s.subject)]))),
    )
    .orderBy("id")
    .executeTakeFirst();
  return row ? { id: row.id, subjectKind: row.subject_kind } : undefined;
}
