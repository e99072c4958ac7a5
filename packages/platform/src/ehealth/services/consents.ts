/**
 * CON-10: the institution keeps its patients' informed consents (the model form). A professional,
 * acting for an institution in the portal, records that the patient gave a consent (topic, the
 * day it was signed, the evidence — e.g. the signed form's number) or withdrew one given at that
 * institution, and lists the patient's consents (at every institution: a withdrawal elsewhere
 * matters to the treating professional).
 *
 * Like documents/portal-actions.ts, each operation:
 *   1. checks the form's shape (no access yet: ConsentInputError, nothing recorded);
 *   2. asks `decide` (core/rights-policy.ts) — listing needs `patient.documents.list`, recording
 *      needs `document.upload` (both patient-data rights; the policy has no consent action of its
 *      own) — and on a refusal records it through `recordAccess` (denied) and throws PortalRefusal
 *      naming the missing right;
 *   3. otherwise reads or writes and records the access (purpose, legal ground) in ONE transaction.
 *
 * Audit actions: `ehealth.consents.listed`, `ehealth.consent.recorded` (object
 * `consent:<id>:given`), `ehealth.consent.withdrawn` (object `consent:<id>:withdrawn`).
 */
import type { Kysely } from "kysely";
import type { Level } from "../../identity/index.ts";
import { type AccessAction, LEGAL_GROUNDS, recordAccess } from "../access-log/index.ts";
import { loadInstitutionState } from "../adapters/institution-store.ts";
import {
  type Consent,
  findPatient,
  insertConsent,
  listConsents,
  withdrawConsent,
} from "../adapters/patient-store.ts";
import { hasSignedAttestation } from "../adapters/people-store.ts";
import { loadGrants } from "../adapters/rights-store.ts";
import { type CalendarDate, dayNumber, rigaDateOf } from "../core/calendar-date.ts";
import { type Action, decide, type Purpose } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { isPurpose, PortalRefusal, type PortalRequest, patientCodeOf } from "../documents/portal-actions.ts";
import { rigaStartOfDay } from "../reports/riga-time.ts";

/** The kinds of informed consent the model form covers (ConsentTable.topic). */
export const CONSENT_TOPICS = ["treatment", "data-exchange"] as const;
export type ConsentTopic = (typeof CONSENT_TOPICS)[number];

export const CONSENT_EVENTS = ["given", "withdrawn"] as const;
export type ConsentEvent = (typeof CONSENT_EVENTS)[number];

export const MAX_EVIDENCE_LENGTH = 200;

export type ConsentField = "event" | "topic" | "date" | "evidence" | "patient" | "institution";
export type ConsentErrorCode =
  | "bad-event"
  | "bad-topic"
  | "bad-date"
  | "date-in-future"
  | "date-before-given"
  | "evidence-missing"
  | "evidence-too-long"
  | "evidence-bad-characters"
  | "bad-personal-code"
  | "bad-institution"
  | "patient-not-found"
  | "no-given-consent";

/** The form cannot be accepted: each problem names its field and a code (texts in the pages). */
export class ConsentInputError extends Error {
  override name = "ConsentInputError";
  constructor(readonly problems: readonly { field: ConsentField; code: ConsentErrorCode }[]) {
    super(`the consent form has errors: ${problems.map((p) => `${p.field}:${p.code}`).join(", ")}`);
  }
}

/** What the professional enters (as received from the form). */
export interface ConsentForm {
  event: unknown;
  topic: unknown;
  /** The day the form was signed (or the withdrawal received), `YYYY-MM-DD`, Riga calendar. */
  date: unknown;
  /** Where the signed form is, e.g. its number in the institution's register. */
  evidence: unknown;
}

export interface CheckedConsentForm {
  event: ConsentEvent;
  topic: ConsentTopic;
  date: CalendarDate;
  evidence: string;
}

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
// Letters, digits, punctuation and spaces: no control or formatting characters in the register.
const EVIDENCE_SHAPE = /^[\p{L}\p{N}\p{P}\p{S} ]+$/u;

function validDate(text: string): boolean {
  if (!DATE_SHAPE.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** Checks the form's shape (pure); ConsentInputError lists every problem. */
export function checkConsentForm(form: ConsentForm, now: Date): CheckedConsentForm {
  const problems: { field: ConsentField; code: ConsentErrorCode }[] = [];
  const event = typeof form.event === "string" ? form.event : "";
  const topic = typeof form.topic === "string" ? form.topic : "";
  const date = typeof form.date === "string" ? form.date.trim() : "";
  const evidence = typeof form.evidence === "string" ? form.evidence.trim().replace(/\s+/g, " ") : "";
  if (!(CONSENT_EVENTS as readonly string[]).includes(event))
    problems.push({ field: "event", code: "bad-event" });
  if (!(CONSENT_TOPICS as readonly string[]).includes(topic))
    problems.push({ field: "topic", code: "bad-topic" });
  if (!validDate(date)) problems.push({ field: "date", code: "bad-date" });
  else if (dayNumber(date) > dayNumber(rigaDateOf(now)))
    problems.push({ field: "date", code: "date-in-future" });
  if (evidence === "") problems.push({ field: "evidence", code: "evidence-missing" });
  else if (evidence.length > MAX_EVIDENCE_LENGTH)
    problems.push({ field: "evidence", code: "evidence-too-long" });
  else if (!EVIDENCE_SHAPE.test(evidence))
    problems.push({ field: "evidence", code: "evidence-bad-characters" });
  if (problems.length > 0) throw new ConsentInputError(problems);
  return { event: event as ConsentEvent, topic: topic as ConsentTopic, date, evidence };
}

function patientOf(input: unknown): string {
  try {
    return patientCodeOf(input);
  } catch {
    throw new ConsentInputError([{ field: "patient", code: "bad-personal-code" }]);
  }
}

function common(request: PortalRequest, patientCode: string) {
  return {
    user: request.personCode,
    institution: request.institution,
    patient: patientCode,
    clientAddress: request.clientAddress ?? null,
    correlationId: request.correlationId ?? null,
  };
}

/** Decides; on a refusal records it (denied, with the attempted access action) and throws. */
async function authorize(
  db: Kysely<Database>,
  request: PortalRequest,
  action: Action,
  access: AccessAction,
  patientCode: string,
): Promise<{ purpose: Purpose; legalGround: string }> {
  if (!/^\d{11}$/.test(request.institution))
    throw new ConsentInputError([{ field: "institution", code: "bad-institution" }]);
  const purpose = isPurpose(request.purpose) ? request.purpose : undefined;
  const [grants, institution, attestationSigned] = await Promise.all([
    loadGrants(db, request.personCode, request.now),
    loadInstitutionState(db, request.institution, rigaDateOf(request.now)),
    hasSignedAttestation(db, request.personCode, request.institution),
  ]);
  const decision = decide(
    { personId: request.personCode, level: request.level as Level, grants, attestationSigned },
    action,
    { ...(institution ? { institution } : {}), channel: "portal", ...(purpose ? { purpose } : {}) },
  );
  if (!decision.allowed) {
    await recordAccess(
      db,
      {
        ...common(request, patientCode),
        action: access,
        purpose: purpose ?? null,
        legalGround: null,
        outcome: "denied",
        refusal: `${decision.reason}:${action}`,
      },
      request.now,
    );
    throw new PortalRefusal(action, decision);
  }
  // decide() allows a patient-data action only with a purpose allowed for the role.
  if (!purpose) throw new Error("decide allowed a patient-data action without a purpose");
  return { purpose, legalGround: LEGAL_GROUNDS[purpose] };
}

/** The patient's consents at every institution, oldest first (recorded as an access). */
export async function listPatientConsents(
  db: Kysely<Database>,
  request: PortalRequest,
  patientInput: unknown,
): Promise<Consent[]> {
  const patientCode = patientOf(patientInput);
  const granted = await authorize(
    db,
    request,
    "patient.documents.list",
    "ehealth.consents.listed",
    patientCode,
  );
  return db.transaction().execute(async (trx) => {
    const consents = await listConsents(trx, { patientCode });
    await recordAccess(
      trx,
      {
        ...common(request, patientCode),
        action: "ehealth.consents.listed",
        ...granted,
        outcome: "success",
        object: `consents:${consents.length}`,
      },
      request.now,
    );
    return consents;
  });
}

/**
 * Records a consent given at the request's institution, or the withdrawal of the one given there
 * for the topic (the latest still given). ConsentInputError for the form; `patient-not-found` and
 * `no-given-consent` / `date-before-given` are recorded as failed attempts (nothing changed).
 */
export async function recordConsent(
  db: Kysely<Database>,
  request: PortalRequest,
  patientInput: unknown,
  form: ConsentForm,
): Promise<Consent> {
  const patientCode = patientOf(patientInput);
  const checked = checkConsentForm(form, request.now);
  const access: AccessAction =
    checked.event === "given" ? "ehealth.consent.recorded" : "ehealth.consent.withdrawn";
  const granted = await authorize(db, request, "document.upload", access, patientCode);
  const at = rigaStartOfDay(checked.date);
  const outcome = await db.transaction().execute(async (trx) => {
    const fail = async (field: ConsentField, code: ConsentErrorCode) => {
      await recordAccess(
        trx,
        {
          ...common(request, patientCode),
          action: access,
          ...granted,
          outcome: "failure",
          object: `consent:${code}`,
        },
        request.now,
      );
      return { problem: { field, code } } as const;
    };
    if (!(await findPatient(trx, patientCode))) return fail("patient", "patient-not-found");
    let consent: Consent;
    if (checked.event === "given") {
      consent = await insertConsent(trx, {
        patientCode,
        registrationNumber: request.institution,
        topic: checked.topic,
        givenAt: at,
        evidence: checked.evidence,
        recordedBy: request.personCode,
      });
    } else {
      const given = (await listConsents(trx, { patientCode, registrationNumber: request.institution }))
        .filter((c) => c.status === "given" && c.topic === checked.topic)
        .at(-1);
      if (!given) return fail("topic", "no-given-consent");
      if (at.getTime() < given.givenAt.getTime()) return fail("date", "date-before-given");
      await withdrawConsent(trx, given.id, at, { evidence: checked.evidence, by: request.personCode });
      consent = {
        ...given,
        status: "withdrawn",
        withdrawnAt: at,
        withdrawalEvidence: checked.evidence,
        withdrawnBy: request.personCode,
      };
    }
    await recordAccess(
      trx,
      {
        ...common(request, patientCode),
        action: access,
        ...granted,
        outcome: "success",
        object: `consent:${consent.id}:${checked.event}`,
      },
      request.now,
    );
    return { consent } as const;
  });
  if ("problem" in outcome) throw new ConsentInputError([outcome.problem]);
  return outcome.consent;
}
