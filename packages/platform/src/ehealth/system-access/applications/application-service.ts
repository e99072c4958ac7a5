/**
 * Connection applications (ANX2-3, ANX2-4, DEV-4) under the rights policy (services/authorize.ts):
 * the institution's administrator files one (`connection.apply` at that institution — another
 * institution's administrator is refused and the refusal audited); the operator (`connection.approve`)
 * approves it — the binding (binding-store.ts), the decision, the audit records and the e-mail to
 * the institution in ONE transaction — or refuses it with a reason, also told by e-mail.
 *
 * The approved-version rule (onboarding): in production an application is approved only for a
 * system version the operator has approved, and the listener admits only such bindings.
 */
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../../audit/index.ts";
import { checkMailAddress } from "../../../core/outbox/index.ts";
import { loadWorkingDayCalendar } from "../../calendar/calendar-store.ts";
import { rigaDateOf } from "../../core/calendar-date.ts";
import { deadlineFor } from "../../core/deadlines.ts";
import type { EhealthDatabase as Database } from "../../database.ts";
import { EhealthError } from "../../errors.ts";
import { enqueueEhealthMail } from "../../outbox/ehealth-mail.ts";
import { authorized, type Caller, type ServiceDeps } from "../../services/authorize.ts";
import { bindInTransaction } from "../binding-store.ts";
import { SystemAccessError } from "../errors.ts";
import {
  type ApprovedSystemVersion,
  type ConnectionApplication,
  certificateInUse,
  getConnectionApplication,
  insertApprovedVersion,
  insertConnectionApplication,
  isVersionApproved,
  listApprovedVersions,
  listConnectionApplications,
  recordDecision,
} from "./application-store.ts";
import { type CertificateRules, readConnectionCertificate } from "./certificate-check.ts";
import { approvalNotice, refusalNotice } from "./notices.ts";

export const APPLICATION_LIMITS = {
  systemName: 200,
  systemVersion: 100,
  contactEmail: 320,
  certificate: 64 * 1024,
  reason: 1000,
  ground: 500,
} as const;

export interface ApplicationDeps extends ServiceDeps {
  /** The listener's rules: the certificate is judged by them when filed. */
  rules: CertificateRules;
  /** Production: approval needs an approved system version (onboarding). */
  requireApprovedVersion: boolean;
}

export interface ApplicationInput {
  systemName: string;
  systemVersion: string;
  certificatePem: string;
  contactEmail: string;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One line of 1 to `max` characters, trimmed; else bad input at `field`. */
export function oneLine(value: string, max: number, field: string): string {
  const text = value.trim();
  if (!text || text.length > max || /[\r\n\t]/.test(text))
    throw new EhealthError("bad-input", `${field}: one line of 1 to ${max} characters`, { field });
  return text;
}

function checkInput(input: ApplicationInput): Omit<ApplicationInput, "certificatePem"> {
  const contactEmail = input.contactEmail.trim();
  try {
    checkMailAddress(contactEmail);
  } catch {
    throw new EhealthError("bad-input", "not a usable e-mail address", { field: "contactEmail" });
  }
  return {
    systemName: oneLine(input.systemName, APPLICATION_LIMITS.systemName, "systemName"),
    systemVersion: oneLine(input.systemVersion, APPLICATION_LIMITS.systemVersion, "systemVersion"),
    contactEmail,
  };
}

const certificateError = (reason: string) =>
  new EhealthError("bad-input", `the certificate cannot be accepted: ${reason}`, {
    field: "certificate",
    reason,
  });

/** Files an application for the institution `registrationNumber`; its id. */
export async function fileConnectionApplication(
  deps: ApplicationDeps,
  caller: Caller,
  registrationNumber: string,
  input: ApplicationInput,
): Promise<string> {
  return authorized(deps, caller, {
    policy: "connection.apply",
    institution: registrationNumber,
    audit: {
      action: "ehealth.system-access.application-filed",
      object: `institution:${registrationNumber}`,
      legalGround: "ANX2-3; DEV-4",
    },
    objectOf: (id) => `connection-application:${id}`,
    async work({ trx, now, actorId }) {
      const fields = checkInput(input);
      if (input.certificatePem.length > APPLICATION_LIMITS.certificate) throw certificateError("unreadable");
      const reading = await readConnectionCertificate(input.certificatePem, deps.rules, now);
      if (!reading.ok) throw certificateError(reading.problem);
      if (await certificateInUse(trx, reading.facts.fingerprint)) throw certificateError("in-use");
      const calendar = await loadWorkingDayCalendar(trx);
      return insertConnectionApplication(trx, {
        registrationNumber,
        ...fields,
        certificate: reading.facts,
        filedBy: actorId,
        filedAt: now,
        dueOn: deadlineFor("systemAccessProcessing", rigaDateOf(now), calendar).due,
      });
    },
  });
}

/**
 * Submitted applications' due dates on the calendar in force now: an extra holiday or moved
 * working day the operator enters after filing moves them, as it moves annex-1 applications'
 * (calendar/calendar-service.ts); decided ones keep the date they were judged by.
 */
async function onCalendarInForce(
  trx: Kysely<Database>,
  applications: ConnectionApplication[],
): Promise<ConnectionApplication[]> {
  if (!applications.some((a) => a.status === "submitted")) return applications;
  const calendar = await loadWorkingDayCalendar(trx);
  return applications.map((a) =>
    a.status === "submitted"
      ? { ...a, dueOn: deadlineFor("systemAccessProcessing", rigaDateOf(a.filedAt), calendar).due }
      : a,
  );
}

/** The institution's own applications, newest first (its administrator's page). */
export async function institutionApplications(
  deps: ServiceDeps,
  caller: Caller,
  registrationNumber: string,
): Promise<ConnectionApplication[]> {
  return authorized(deps, caller, {
    policy: "connection.apply",
    institution: registrationNumber,
    audit: {
      action: "ehealth.system-access.applications-viewed",
      object: `institution:${registrationNumber}`,
      legalGround: "ANX2-3",
    },
    auditSuccess: false,
    work: async ({ trx }) =>
      onCalendarInForce(trx, await listConnectionApplications(trx, { registrationNumber, limit: 100 })),
  });
}

export interface QueueEntry {
  application: ConnectionApplication;
  institutionName: string;
  /** ANX2-4: the Riga date today is past the due date. */
  overdue: boolean;
  versionApproved: boolean;
}

export interface OperatorQueue {
  pending: QueueEntry[];
  decided: QueueEntry[];
  versions: ApprovedSystemVersion[];
}

async function withInstitution(
  trx: Kysely<Database>,
  applications: ConnectionApplication[],
  today: string,
): Promise<QueueEntry[]> {
  const names = new Map(
    (await trx.selectFrom("ehealth_institution").select(["registration_number", "name"]).execute()).map(
      (r) => [r.registration_number, r.name],
    ),
  );
  return Promise.all(
    applications.map(async (a) => ({
      application: a,
      institutionName: names.get(a.registrationNumber) ?? a.registrationNumber,
      overdue: a.status === "submitted" && today > a.dueOn,
      versionApproved: await isVersionApproved(trx, a.systemName, a.systemVersion),
    })),
  );
}

/** The operator's queue: submitted applications by due date, the latest decisions, approved versions. */
export async function operatorQueue(deps: ServiceDeps, caller: Caller): Promise<OperatorQueue> {
  return authorized(deps, caller, {
    policy: "connection.approve",
    audit: {
      action: "ehealth.system-access.applications-viewed",
      object: "connection-applications",
      legalGround: "ANX2-4",
    },
    auditSuccess: false,
    async work({ trx, now }) {
      const today = rigaDateOf(now);
      const submitted = await onCalendarInForce(
        trx,
        await listConnectionApplications(trx, { status: "submitted" }),
      );
      const all = await listConnectionApplications(trx, { limit: 50 });
      return {
        pending: await withInstitution(trx, submitted, today),
        decided: await withInstitution(
          trx,
          all.filter((a) => a.status !== "submitted"),
          today,
        ),
        versions: await listApprovedVersions(trx),
      };
    },
  });
}

async function submittedApplication(trx: Kysely<Database>, id: string): Promise<ConnectionApplication> {
  const application = ID.test(id) ? await getConnectionApplication(trx, id, true) : undefined;
  if (!application) throw new EhealthError("not-found", "no such connection application");
  if (application.status !== "submitted")
    throw new EhealthError("conflict", "the application has already been decided", { reason: "decided" });
  return application;
}

/** Approves: binds the certificate, records the decision, queues the e-mail — one transaction. */
export async function approveConnectionApplication(
  deps: ApplicationDeps,
  caller: Caller,
  id: string,
): Promise<void> {
  await authorized(deps, caller, {
    policy: "connection.approve",
    audit: {
      action: "ehealth.system-access.application-approved",
      object: `connection-application:${id}`,
      legalGround: "ANX2-4; DEV-4",
    },
    async work({ trx, now, actorId }) {
      const application = await submittedApplication(trx, id);
      if (
        deps.requireApprovedVersion &&
        !(await isVersionApproved(trx, application.systemName, application.systemVersion))
      )
        throw new EhealthError("conflict", "this system version is not approved", {
          reason: "version-not-approved",
        });
      try {
        await bindInTransaction(trx, {
          certificate: application.certificate,
          registrationNumber: application.registrationNumber,
          systemName: application.systemName,
          systemVersion: application.systemVersion,
          actor: actorId,
          now,
        });
      } catch (error) {
        if (error instanceof SystemAccessError)
          throw new EhealthError("conflict", error.message, { reason: error.code });
        throw error;
      }
      await recordDecision(trx, id, { status: "approved", by: actorId, at: now });
      await enqueueEhealthMail(
        trx,
        {
          kind: "ehealth.connection-approved",
          to: application.contactEmail,
          ...approvalNotice(application),
          registrationNumber: application.registrationNumber,
          sendBy: rigaDateOf(now),
        },
        now,
      );
    },
  });
}

/** Refuses with a reason the institution is told by e-mail. */
export async function refuseConnectionApplication(
  deps: ServiceDeps,
  caller: Caller,
  id: string,
  reason: string,
): Promise<void> {
  await authorized(deps, caller, {
    policy: "connection.approve",
    audit: {
      action: "ehealth.system-access.application-refused",
      object: `connection-application:${id}`,
      legalGround: "ANX2-4",
    },
    async work({ trx, now, actorId }) {
      const why = reason.trim();
      if (why.length < 3 || why.length > APPLICATION_LIMITS.reason)
        throw new EhealthError("bad-input", "give the reason (3 to 1000 characters)", { field: "reason" });
      const application = await submittedApplication(trx, id);
      await recordDecision(trx, id, { status: "refused", by: actorId, at: now, refusalReason: why });
      await enqueueEhealthMail(
        trx,
        {
          kind: "ehealth.connection-refused",
          to: application.contactEmail,
          ...refusalNotice(application, why),
          registrationNumber: application.registrationNumber,
          sendBy: rigaDateOf(now),
        },
        now,
      );
    },
  });
}

export interface VersionApproval {
  systemName: string;
  systemVersion: string;
  ground: string;
}

function checkVersion(v: VersionApproval): VersionApproval {
  return {
    systemName: oneLine(v.systemName, APPLICATION_LIMITS.systemName, "systemName"),
    systemVersion: oneLine(v.systemVersion, APPLICATION_LIMITS.systemVersion, "systemVersion"),
    ground: oneLine(v.ground, APPLICATION_LIMITS.ground, "ground"),
  };
}

/** The operator approves a system version in the workplace (audited by `authorized`). */
export async function approveSystemVersion(
  deps: ServiceDeps,
  caller: Caller,
  version: VersionApproval,
): Promise<boolean> {
  const v = checkVersion(version);
  return authorized(deps, caller, {
    policy: "connection.approve",
    audit: {
      action: "ehealth.system-access.version-approved",
      object: `system-version:${v.systemName}@${v.systemVersion}`,
      legalGround: "ANX2-3",
    },
    work: ({ trx, now, actorId }) =>
      insertApprovedVersion(trx, { ...v, approvedBy: actorId, approvedAt: now }),
  });
}

/** The same from `tilts ehealth system approve-version` (actor `cli`), with its audit record. */
export async function approveSystemVersionFromCli(
  db: Kysely<Database>,
  version: VersionApproval,
  now: Date,
): Promise<boolean> {
  const v = checkVersion(version);
  return db.transaction().execute(async (trx) => {
    const added = await insertApprovedVersion(trx, { ...v, approvedBy: "cli", approvedAt: now });
    if (added)
      await appendAuditRecord(
        trx,
        {
          actor: "cli",
          action: "ehealth.system-access.version-approved",
          object: `system-version:${v.systemName}@${v.systemVersion}`,
          purpose: `ground=${v.ground}`,
          legalGround: "ANX2-3",
          outcome: "success",
        },
        now,
      );
    return added;
  });
}
