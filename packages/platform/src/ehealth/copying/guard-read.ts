/**
 * The anti-copying guard on every read of a patient's data (CON-3, ANX2-17, ANX2-18), run as the
 * first statement of the read's own transaction (documents/portal-actions.ts), so no read escapes
 * it and a refused one leaves nothing behind:
 *
 *   1. an open detection of the professional or the system → refused (suspended);
 *   2. the read is counted for the professional, the institution and (system channel) the system,
 *      in every window their limits name → `copyingGuard` → refused (limit reached) or on;
 *   3. the acting subject's run of sequential personal codes moves on, and a patient without a
 *      treatment relationship to the institution is counted among the day's unrelated ones; a
 *      run or a count past its setting is a detection, thrown as CopyingDetected for
 *      `recordDetection` to keep after the read's transaction rolled back.
 */
import type { Kysely } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";
import {
  advanceSequence,
  type CopyingSubject,
  countRead,
  hasTreatmentRelationship,
  loadHasher,
  openDetectionOf,
} from "./copying-store.ts";
import {
  COPYING_SUBJECT_KINDS,
  type CopyingLimits,
  copyingGuard,
  DEFAULT_COPYING_LIMITS,
  type WindowCount,
  windowsOf,
} from "./core/copying-policy.ts";
import { DEFAULT_DETECTION, type DetectionSettings } from "./core/detection-settings.ts";
import { sequenceKeyOf, successorsOf } from "./core/sequential-codes.ts";
import { limitRefusal, suspendedRefusal } from "./errors.ts";
import type { DetectionPattern } from "./tables.ts";

export interface CopyingSettings {
  readonly limits: CopyingLimits;
  readonly detection: DetectionSettings;
  /** The operator's address for detections (ANX2-18); absent: the detection is listed, not mailed. */
  readonly alertMailTo?: string | undefined;
}

export const DEFAULT_COPYING_SETTINGS: CopyingSettings = {
  limits: DEFAULT_COPYING_LIMITS,
  detection: DEFAULT_DETECTION,
};

/** One read of one patient's data. */
export interface GuardedRead {
  /** The professional's personal code. */
  readonly professional: string;
  readonly institution: string;
  /** The calling system's name (system channel only). */
  readonly system?: string | undefined;
  readonly patientCode: string;
  readonly now: Date;
}

export interface Detection {
  readonly subjectKind: "professional" | "system";
  /** The professional's personal code or `<reg. no.>:<system name>`. */
  readonly subject: string;
  readonly registrationNumber: string;
  readonly pattern: DetectionPattern;
  readonly detail: string;
}

/** A pattern was detected during a read (which is refused); record it outside the read's transaction. */
export class CopyingDetected extends Error {
  override name = "CopyingDetected";
  constructor(readonly detection: Detection) {
    super(`mass copying detected: ${detection.pattern}`);
  }
}

export const systemSubjectOf = (institution: string, system: string) => `${institution}:${system}`;

export async function guardRead(
  trx: Kysely<Database>,
  read: GuardedRead,
  settings: CopyingSettings,
): Promise<void> {
  const system = read.system === undefined ? undefined : systemSubjectOf(read.institution, read.system);
  const open = await openDetectionOf(trx, [
    { kind: "professional", subject: read.professional },
    ...(system ? [{ kind: "system" as const, subject: system }] : []),
  ]);
  if (open) throw suspendedRefusal();

  const hash = await loadHasher(trx);
  const subjects: Record<(typeof COPYING_SUBJECT_KINDS)[number], CopyingSubject | undefined> = {
    professional: { kind: "professional", id: hash(`professional:${read.professional}`) },
    system: system ? { kind: "system", id: system } : undefined,
    institution: { kind: "institution", id: read.institution },
  };
  const patientHash = hash(`patient:${read.patientCode}`);
  const counts: WindowCount[] = [];
  for (const kind of COPYING_SUBJECT_KINDS) {
    const subject = subjects[kind];
    if (!subject) continue;
    for (const window of windowsOf(settings.limits, kind))
      counts.push(await countRead(trx, subject, window, patientHash, read.now));
  }
  const verdict = copyingGuard(counts, settings.limits, read.now);
  if (!verdict.allowed) throw limitRefusal(verdict.kind, verdict.limit, verdict.retryAfterSeconds);

  // The run belongs to whoever drives the reads: the system on its channel, else the professional.
  const actor = subjects.system ?? (subjects.professional as CopyingSubject);
  const key = sequenceKeyOf(read.patientCode);
  const chain =
    key === undefined ? [] : [key, ...successorsOf(read.patientCode)].map((k) => hash(`sequence:${k}`));
  const run = await advanceSequence(trx, actor, chain, read.now);
  const detected = (pattern: DetectionPattern, detail: string) =>
    new CopyingDetected({
      subjectKind: system ? "system" : "professional",
      subject: system ?? read.professional,
      registrationNumber: read.institution,
      pattern,
      detail,
    });
  if (run >= settings.detection.sequentialRun) throw detected("sequential-codes", `run=${run}`);

  if (!(await hasTreatmentRelationship(trx, read.patientCode, read.institution))) {
    const unrelated = await countRead(
      trx,
      { kind: actor.kind, id: `unrelated:${actor.id}` },
      "day",
      patientHash,
      read.now,
    );
    if (unrelated.patients > settings.detection.unrelatedPatientsPerDay)
      throw detected("unrelated-patients", `patients=${unrelated.patients}/day`);
  }
}
