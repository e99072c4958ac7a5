/**
 * `recordAccess` — the ONE function through which every access to a patient's data is recorded
 * (CON-9: "which user processed it and on what legal ground", so every access carries its user,
 * institution, purpose and legal ground). It writes one audit record with appendAuditRecord, in
 * the caller's transaction, so the access and its record commit or roll back together.
 *
 * Mapping to audit columns: actor = `PNOLV-<user code>`, acting_for = the institution's
 * registration number, subject_person = `PNOLV-<patient code>`, action = one of ACCESS_ACTIONS.
 * A refused attempt is recorded with the action that was attempted and outcome `denied`; the
 * refusal's reason goes after the purpose (`treatment; refused=<reason>`), as the identity
 * module does for refused sign-ins.
 */
import type { Kysely } from "kysely";
import { type AppendedRecord, type AuditOutcome, appendAuditRecord } from "../../audit/index.ts";
import { parseEtsiIdentifier, parsePersonalCode, toEtsiIdentifier } from "../../core/personal-code/index.ts";
import { PURPOSES } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { AccessLogError } from "./errors.ts";

/**
 * The access events (listed in docs/audit-events.md). Professionals' work with a patient's data
 * (issue 6 item 4) and the viewing of access reports, which is itself an access to the patient's
 * data when the report is about a patient.
 */
export const ACCESS_ACTIONS = [
  "ehealth.patient.found",
  "ehealth.documents.listed",
  "ehealth.document.read",
  "ehealth.document.uploaded",
  "ehealth.consents.listed",
  "ehealth.consent.recorded",
  "ehealth.consent.withdrawn",
  "ehealth.report.viewed",
  "ehealth.report.exported",
  // A patient's work with their own data (../patient/): purpose `own-data`, no institution.
  "ehealth.own-data.viewed",
  "ehealth.document.restricted",
  "ehealth.document.restriction-lifted",
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** Actions a professional takes on patient data: a success needs one of PURPOSES. */
const CLINICAL_ACTIONS: ReadonlySet<AccessAction> = new Set([
  "ehealth.patient.found",
  "ehealth.documents.listed",
  "ehealth.document.read",
  "ehealth.document.uploaded",
  "ehealth.consents.listed",
  "ehealth.consent.recorded",
  "ehealth.consent.withdrawn",
]);

/** Purposes of viewing a report (not a clinical purpose). */
export const REPORT_PURPOSES = ["own-data", "supervision", "institution-report"] as const;
export type ReportPurpose = (typeof REPORT_PURPOSES)[number];

/**
 * Legal-ground codes we suggest by purpose (callers may pass their own): GDPR art. 9(2)(h)
 * (health care), 9(2)(c) (vital interests, emergency), art. 15 (the person's own access), and the
 * contract's CON-9 duty to report on processing.
 */
export const LEGAL_GROUNDS = {
  treatment: "gdpr-9-2-h",
  emergency: "gdpr-9-2-c",
  prescription: "gdpr-9-2-h",
  laboratory: "gdpr-9-2-h",
  registration: "gdpr-9-2-h",
  "own-data": "gdpr-15",
  supervision: "con-9",
  "institution-report": "con-9",
} as const satisfies Record<string, string>;

export interface AccessEntry {
  /** The person acting: a personal code (`290156-11605`) or its `PNOLV-` form. */
  user: string;
  /**
   * The institution's registration number, `operator` for the operator's staff (as the e-health
   * services write it), null only when a patient acts on their own data.
   */
  institution: string | null;
  /** The patient whose data is touched: personal code or `PNOLV-` form. */
  patient: string;
  action: AccessAction;
  /** One of PURPOSES (clinical actions) or REPORT_PURPOSES; may be null on a refusal. */
  purpose: string | null;
  /** A legal-ground code (see LEGAL_GROUNDS); may be null on a refusal. */
  legalGround: string | null;
  outcome: AuditOutcome;
  /** For a refusal: why, e.g. `missing-right:document.read` (no personal data). */
  refusal?: string | null;
  /** What was acted on, e.g. `document:123`. */
  object?: string | null;
  clientAddress?: string | null;
  correlationId?: string | null;
}

const REGISTRATION_NUMBER = /^\d{11}$/;
/** The acting-for value of the operator's staff (services/authorize.ts writes the same). */
export const OPERATOR = "operator";
const CODE_LIKE = /^[a-z0-9][a-z0-9_.:-]{0,199}$/;

/** `PNOLV-XXXXXX-XXXXX` for a personal code in either form; throws `bad-person`. */
export function personIdentifier(input: string, role: "user" | "patient"): string {
  const parsed = input.startsWith("PNOLV-") ? parseEtsiIdentifier(input) : parsePersonalCode(input);
  if (!parsed.ok)
    throw new AccessLogError("bad-person", `the ${role} is not a valid personal code (${parsed.error.code})`);
  return toEtsiIdentifier(parsed.code);
}

/**
 * Records one access in the caller's transaction (pass the transaction of the action itself; a
 * plain database handle gets a transaction of its own). Throws AccessLogError on a malformed
 * entry — before anything is written — and whatever the database throws, which should roll the
 * action back: an unrecorded access must not happen (CON-9).
 */
export async function recordAccess(
  trx: Kysely<Database>,
  entry: AccessEntry,
  now: Date = new Date(),
): Promise<AppendedRecord> {
  const actor = personIdentifier(entry.user, "user");
  const subject = personIdentifier(entry.patient, "patient");
  if (!(ACCESS_ACTIONS as readonly string[]).includes(entry.action))
    throw new AccessLogError("bad-action", `unknown access action ${JSON.stringify(entry.action)}`);
  if (
    entry.institution !== null &&
    entry.institution !== OPERATOR &&
    !REGISTRATION_NUMBER.test(entry.institution)
  )
    throw new AccessLogError(
      "bad-institution",
      'the institution must be an 11-digit registration number (or "operator")',
    );
  if (entry.institution === null && actor !== subject)
    throw new AccessLogError(
      "bad-institution",
      "only a patient acting on their own data acts for no institution",
    );
  const clinical = CLINICAL_ACTIONS.has(entry.action);
  if (entry.purpose !== null) {
    const allowed: readonly string[] = clinical ? PURPOSES : REPORT_PURPOSES;
    if (!allowed.includes(entry.purpose))
      throw new AccessLogError("missing-purpose", `purpose must be one of ${allowed.join(", ")}`);
  }
  if (entry.outcome === "success") {
    if (entry.purpose === null)
      throw new AccessLogError("missing-purpose", "an access needs a stated purpose (CON-9)");
    if (!entry.legalGround)
      throw new AccessLogError("missing-legal-ground", "an access needs a legal ground (CON-9)");
    if (entry.refusal) throw new AccessLogError("bad-field", "a successful access carries no refusal");
  }
  for (const [name, value] of [
    ["legalGround", entry.legalGround],
    ["refusal", entry.refusal],
  ] as const) {
    if (value != null && !CODE_LIKE.test(value))
      throw new AccessLogError("bad-field", `${name} must be a short lower-case code`);
  }
  const purpose =
    entry.outcome === "success" || !entry.refusal
      ? entry.purpose
      : `${entry.purpose ?? "none"}; refused=${entry.refusal}`;
  return appendAuditRecord(
    trx,
    {
      actor,
      actingFor: entry.institution,
      subjectPerson: subject,
      action: entry.action,
      object: entry.object ?? null,
      purpose,
      legalGround: entry.legalGround,
      outcome: entry.outcome,
      clientAddress: entry.clientAddress ?? null,
      correlationId: entry.correlationId ?? null,
    },
    now,
  );
}

/** Splits a recorded purpose back into the stated purpose and the refusal reason, if any. */
export function splitRecordedPurpose(recorded: string | null): {
  purpose: string | null;
  refusal: string | null;
} {
  if (recorded === null) return { purpose: null, refusal: null };
  const at = recorded.indexOf("; refused=");
  if (at < 0) return { purpose: recorded, refusal: null };
  const purpose = recorded.slice(0, at);
  return { purpose: purpose === "none" ? null : purpose, refusal: recorded.slice(at + "; refused=".length) };
}
