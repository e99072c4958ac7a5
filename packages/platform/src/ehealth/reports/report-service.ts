/**
 * Viewing and exporting access reports, under the rights policy (issue 6 item 5):
 * - the operator's staff: any patient, user or institution (`report.any`);
 * - an institution's administrator (or the operator): that institution's accesses, all of them
 *   or one patient's or one user's (`report.institution`);
 * - a person signed in as a citizen: their own report (`report.own`).
 * Viewing a report is itself recorded (CON-9): a report about a person (patient or user) through
 * recordAccess with that person as the subject — so it shows in their own report —, an
 * institution's report with appendAuditRecord and no subject, in the same transaction as the
 * read. A refusal is recorded (committed) and thrown as `not-allowed`.
 */
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import type { Level } from "../../identity/index.ts";
import { AccessLogError } from "../access-log/errors.ts";
import {
  type AccessAction,
  OPERATOR,
  personIdentifier,
  type ReportPurpose,
  recordAccess,
} from "../access-log/record-access.ts";
import { listInstitutions, loadInstitutionState } from "../adapters/institution-store.ts";
import { hasSignedAttestation } from "../adapters/people-store.ts";
import { loadGrants } from "../adapters/rights-store.ts";
import { type CalendarDate, rigaDateOf } from "../core/calendar-date.ts";
import { type Actor, type Decision, decide } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import {
  type AccessReportRow,
  accessReportBatches,
  accessReportPage,
  type ReportCursor,
  type ReportPage,
  type ReportQuery,
} from "./access-report.ts";
import { ReportError } from "./errors.ts";
import { loadReportNames, type ReportNames } from "./names.ts";

/** The person asking (from the web session). */
export interface Viewer {
  /** Personal code `XXXXXX-XXXXX`. */
  personCode: string;
  level: Level;
  clientAddress?: string | null;
  correlationId?: string | null;
}

export interface DateFilter {
  from?: CalendarDate;
  to?: CalendarDate;
}

export type ReportRequest =
  | ({ variant: "operator"; kind: "patient" | "user" | "institution"; id: string } & DateFilter)
  | ({
      variant: "institution";
      institution: string;
      kind: "all" | "patient" | "user";
      id?: string;
    } & DateFilter)
  | ({ variant: "mine" } & DateFilter);

export interface ReportDeps {
  db: Kysely<Database>;
  now: () => Date;
}

export interface ViewedReport extends ReportPage {
  names: ReportNames;
}

/** What an allowed request reads and how its viewing is recorded. */
interface Plan {
  query: Omit<ReportQuery, "after" | "limit">;
  actingFor: string | null;
  /** The person the report is about (recorded as the subject), if any. */
  subject: string | null;
  purpose: ReportPurpose;
  legalGround: string;
  object: string;
}

const LEGAL_GROUND: Record<ReportPurpose, string> = {
  "own-data": "gdpr-15",
  supervision: "con-9",
  "institution-report": "con-9",
};

/** One page of a report, its names, and the viewing recorded. */
export async function viewReport(
  deps: ReportDeps,
  viewer: Viewer,
  request: ReportRequest,
  paging: { after?: ReportCursor; limit?: number } = {},
): Promise<ViewedReport> {
  const now = deps.now();
  const plan = await authorizeReport(deps, viewer, request, now);
  return deps.db.transaction().execute(async (trx) => {
    const page = await accessReportPage(trx, { ...plan.query, ...paging });
    const names = await loadReportNames(trx, {
      persons: page.rows.map((r) => r.user),
      institutions: page.rows.map((r) => r.institution),
    });
    await recordReportEvent(trx, viewer, plan, "ehealth.report.viewed", "success", null, now);
    return { ...page, names };
  });
}

/**
 * All rows of a report for the CSV export, in batches. The export is recorded (and committed)
 * before the first row is read: a download that fails half-way was still a disclosure attempt.
 */
export async function exportReport(
  deps: ReportDeps,
  viewer: Viewer,
  request: ReportRequest,
): Promise<AsyncGenerator<AccessReportRow[]>> {
  const now = deps.now();
  const plan = await authorizeReport(deps, viewer, request, now);
  // Validate the filters before recording: a bad date is the caller's mistake, not an export.
  await accessReportPage(deps.db, { ...plan.query, limit: 1 });
  await deps.db
    .transaction()
    .execute((trx) => recordReportEvent(trx, viewer, plan, "ehealth.report.exported", "success", null, now));
  return accessReportBatches(deps.db, plan.query);
}

/** Institutions the viewer may pick on the institution report (administrator: theirs; operator: all). */
export async function reportInstitutions(
  deps: ReportDeps,
  viewer: Viewer,
): Promise<{ registrationNumber: string; name: string }[]> {
  const grants = await loadGrants(deps.db, viewer.personCode, deps.now());
  const all = await listInstitutions(deps.db);
  if (grants.some((g) => g.role === "operator" && g.status === "active"))
    return all.map((i) => ({ registrationNumber: i.registrationNumber, name: i.name }));
  const mine = new Set(
    grants
      .filter((g) => g.role === "institution-administrator" && g.status !== "annulled")
      .map((g) => g.institutionId),
  );
  return all
    .filter((i) => mine.has(i.registrationNumber))
    .map((i) => ({ registrationNumber: i.registrationNumber, name: i.name }));
}

async function authorizeReport(
  deps: ReportDeps,
  viewer: Viewer,
  request: ReportRequest,
  now: Date,
): Promise<Plan> {
  const filter: DateFilter = {
    ...(request.from ? { from: request.from } : {}),
    ...(request.to ? { to: request.to } : {}),
  };
  switch (request.variant) {
    case "mine": {
      const self = personIdentifier(viewer.personCode, "user");
      const actor: Actor = {
        personId: viewer.personCode,
        level: viewer.level,
        grants: [],
        attestationSigned: false,
      };
      const plan: Plan = {
        query: { subject: { kind: "patient", patient: self }, ...filter },
        actingFor: null,
        subject: self,
        purpose: "own-data",
        legalGround: LEGAL_GROUND["own-data"],
        object: "report:patient",
      };
      await enforce(
        deps,
        viewer,
        plan,
        decide(actor, "report.own", { channel: "portal", patientId: viewer.personCode }),
        now,
      );
      return plan;
    }
    case "operator": {
      const subject = subjectOf(request.kind, request.id);
      const actor = await actorOf(deps, viewer, undefined, now);
      const plan: Plan = {
        query: { subject: subject.query, ...filter },
        actingFor: OPERATOR,
        subject: subject.person,
        purpose: "supervision",
        legalGround: LEGAL_GROUND.supervision,
        object: subject.object,
      };
      await enforce(deps, viewer, plan, decide(actor, "report.any", { channel: "portal" }), now);
      return plan;
    }
    case "institution": {
      const institution = request.institution;
      if (!/^\d{11}$/.test(institution))
        throw new ReportError("bad-subject", "the institution must be an 11-digit registration number");
      const state = await loadInstitutionState(deps.db, institution, rigaDateOf(now));
      if (!state) throw new ReportError("bad-subject", "no such institution");
      const actor = await actorOf(deps, viewer, institution, now);
      const subject =
        request.kind === "all"
          ? {
              query: { kind: "institution" as const, institution },
              person: null,
              object: `report:institution:${institution}`,
            }
          : subjectOf(request.kind, request.id ?? "");
      const operatorActs = !actor.grants.some((g) => g.institutionId === institution);
      const plan: Plan = {
        query: { subject: subject.query, onlyInstitution: institution, ...filter },
        actingFor: operatorActs && actor.grants.some((g) => g.role === "operator") ? OPERATOR : institution,
        subject: subject.person,
        purpose: "institution-report",
        legalGround: LEGAL_GROUND["institution-report"],
        object: subject.object,
      };
      await enforce(
        deps,
        viewer,
        plan,
        decide(actor, "report.institution", { institution: state, channel: "portal" }),
        now,
      );
      return plan;
    }
  }
}

function subjectOf(
  kind: "patient" | "user" | "institution",
  id: string,
): { query: ReportQuery["subject"]; person: string | null; object: string } {
  const trimmed = id.trim();
  if (kind === "institution") {
    if (!/^(?:\d{11}|operator)$/.test(trimmed))
      throw new ReportError("bad-subject", "the institution must be an 11-digit registration number");
    return { query: { kind, institution: trimmed }, person: null, object: `report:institution:${trimmed}` };
  }
  let person: string;
  try {
    person = personIdentifier(trimmed, kind === "user" ? "user" : "patient");
  } catch (error) {
    if (error instanceof AccessLogError) throw new ReportError("bad-subject", error.message);
    throw error;
  }
  return kind === "patient"
    ? { query: { kind, patient: person }, person, object: "report:patient" }
    : { query: { kind, user: person }, person, object: "report:user" };
}

async function actorOf(
  deps: ReportDeps,
  viewer: Viewer,
  institution: string | undefined,
  now: Date,
): Promise<Actor> {
  const grants = await loadGrants(deps.db, viewer.personCode, now);
  const attestationSigned =
    institution !== undefined && (await hasSignedAttestation(deps.db, viewer.personCode, institution));
  return { personId: viewer.personCode, level: viewer.level, grants, attestationSigned };
}

/** On refusal: record it (own transaction, committed) and throw `not-allowed`. */
async function enforce(
  deps: ReportDeps,
  viewer: Viewer,
  plan: Plan,
  decision: Decision,
  now: Date,
): Promise<void> {
  if (decision.allowed) return;
  await deps.db
    .transaction()
    .execute((trx) =>
      recordReportEvent(trx, viewer, plan, "ehealth.report.viewed", "denied", decision.reason, now),
    );
  throw new ReportError("not-allowed", decision.message, decision.missingRight, decision.reason);
}

async function recordReportEvent(
  trx: Kysely<Database>,
  viewer: Viewer,
  plan: Plan,
  action: Extract<AccessAction, "ehealth.report.viewed" | "ehealth.report.exported">,
  outcome: "success" | "denied",
  refusal: string | null,
  now: Date,
): Promise<void> {
  const common = {
    clientAddress: viewer.clientAddress ?? null,
    correlationId: viewer.correlationId ?? null,
  };
  // A refused viewer may hold no institution at all: the record then names none.
  const actingFor = outcome === "denied" && plan.actingFor === OPERATOR ? null : plan.actingFor;
  if (plan.subject && (actingFor !== null || plan.subject === personIdentifier(viewer.personCode, "user"))) {
    await recordAccess(
      trx,
      {
        user: viewer.personCode,
        institution: actingFor,
        patient: plan.subject,
        action,
        purpose: plan.purpose,
        legalGround: outcome === "success" ? plan.legalGround : null,
        outcome,
        refusal,
        object: plan.object,
        ...common,
      },
      now,
    );
    return;
  }
  // No person is the subject (an institution's report), or a refused viewer acting for no one.
  await appendAuditRecord(
    trx,
    {
      actor: personIdentifier(viewer.personCode, "user"),
      actingFor,
      subjectPerson: plan.subject,
      action,
      object: plan.object,
      purpose: refusal ? `${plan.purpose}; refused=${refusal}` : plan.purpose,
      legalGround: outcome === "success" ? plan.legalGround : null,
      outcome,
      ...common,
    },
    now,
  );
}
