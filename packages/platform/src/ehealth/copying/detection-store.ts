/**
 * The operator's side of the detections (ANX2-18): list them, and lift one after review — the
 * subject reads again. Lifting is audited (`ehealth.copying.lifted`) with who and why; the row
 * keeps both, so the list shows what was decided.
 */
import type { Kysely, Selectable } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { DetectionPattern, DetectionStatus } from "./tables.ts";

export const LIFTED_ACTION = "ehealth.copying.lifted";

export interface CopyingDetection {
  id: number;
  subjectKind: "professional" | "system";
  subject: string;
  registrationNumber: string;
  pattern: DetectionPattern;
  detail: string;
  detectedAt: Date;
  status: DetectionStatus;
  liftedBy: string | null;
  liftedAt: Date | null;
  liftReason: string | null;
}

/** Detections newest first; open ones only unless `all`. */
export async function listDetections(
  db: Kysely<Database>,
  options: { all?: boolean; limit?: number } = {},
): Promise<CopyingDetection[]> {
  let query = db
    .selectFrom("ehealth_copying_detection")
    .selectAll()
    .orderBy("id", "desc")
    .limit(options.limit ?? 500);
  if (!options.all) query = query.where("status", "=", "open");
  return (await query.execute()).map(detectionOf);
}

type DetectionRow = Selectable<Database["ehealth_copying_detection"]>;

function detectionOf(r: DetectionRow): CopyingDetection {
  return {
    id: r.id,
    subjectKind: r.subject_kind,
    subject: r.subject,
    registrationNumber: r.registration_number,
    pattern: r.pattern,
    detail: r.detail,
    detectedAt: r.detected_at,
    status: r.status,
    liftedBy: r.lifted_by,
    liftedAt: r.lifted_at,
    liftReason: r.lift_reason,
  };
}

/** Why a detection cannot be lifted. */
export class DetectionLiftError extends Error {
  override name = "DetectionLiftError";
  constructor(
    readonly code: "detection-not-found" | "detection-not-open" | "reason-required",
    message: string,
  ) {
    super(message);
  }
}

/** Lifts an open detection: the subject may read again (its counters are not reset). */
export function liftDetection(
  db: Kysely<Database>,
  input: { id: number; actor: string; reason: string },
  now: Date,
): Promise<CopyingDetection> {
  return db.transaction().execute((trx) => liftDetectionIn(trx, input, now));
}

/** `liftDetection` inside the caller's transaction (the workplace's, under the rights policy). */
export async function liftDetectionIn(
  trx: Kysely<Database>,
  input: { id: number; actor: string; reason: string },
  now: Date,
): Promise<CopyingDetection> {
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > 1000)
    throw new DetectionLiftError("reason-required", "give the reason for lifting (3 to 1000 characters)");
  const row = await trx
    .selectFrom("ehealth_copying_detection")
    .selectAll()
    .where("id", "=", input.id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DetectionLiftError("detection-not-found", `no detection #${input.id}`);
  if (row.status !== "open")
    throw new DetectionLiftError("detection-not-open", `detection #${input.id} is already lifted`);
  await trx
    .updateTable("ehealth_copying_detection")
    .set({ status: "lifted", lifted_by: input.actor, lifted_at: now, lift_reason: reason })
    .where("id", "=", input.id)
    .execute();
  await appendAuditRecord(
    trx,
    {
      actor: input.actor,
      actingFor: row.registration_number,
      action: LIFTED_ACTION,
      object: `copying-detection:${input.id}`,
      purpose: `reason=${reason.replace(/[\r\n]+/g, " ").slice(0, 200)}`,
      outcome: "success",
    },
    now,
  );
  return detectionOf({
    ...row,
    status: "lifted",
    lifted_by: input.actor,
    lifted_at: now,
    lift_reason: reason,
  });
}
