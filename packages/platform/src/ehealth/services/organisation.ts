/**
 * The operator's work on institutions (issue 6 item 3): register institutions, record contracts
 * and annex-1 applications, process the applications queue (ANX1-1..4), and suspend, restore or
 * annul an institution's access with a reason (CON-6), each queuing a notice to the institution's
 * contact e-mail in the same transaction (CON-5).
 */

import {
  type Application,
  closeApplication,
  getApplication,
  insertApplication,
  isApplicationOverdue,
  listApplications,
} from "../adapters/application-store.ts";
import {
  type Contract,
  getContract,
  insertContract,
  listContracts,
  setContractStatus,
} from "../adapters/contract-store.ts";
import {
  getInstitution,
  type Institution,
  type InstitutionStatusChange,
  insertInstitution,
  institutionHistory,
  listInstitutions,
  setInstitutionStatus,
} from "../adapters/institution-store.ts";
import { changeRightStatus, listRights } from "../adapters/rights-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { EhealthError } from "../errors.ts";
import {
  APPLICATION_KINDS,
  type ApplicationKind,
  CONTRACT_SCOPES,
  type ContractScope,
  INSTITUTION_KINDS,
  type InstitutionKind,
  STAFF_SIZES,
  type StaffSize,
} from "../tables.ts";
import { endProfessionalSessions } from "../web-session/session-store.ts";
import { type ActionScope, authorized, type Caller, type ServiceDeps } from "./authorize.ts";
import { queueNotice } from "./notices.ts";
import * as check from "./validate.ts";

export interface InstitutionInput {
  registrationNumber: string;
  name: string;
  kind: InstitutionKind | string;
  staffSize: StaffSize | string;
  contactEmail: string;
}

export async function registerInstitution(
  deps: ServiceDeps,
  caller: Caller,
  input: InstitutionInput,
): Promise<Institution> {
  const value = {
    registrationNumber: check.registrationNumber(input.registrationNumber),
    name: check.text(input.name, "name"),
    kind: check.oneOf(input.kind, INSTITUTION_KINDS, "kind"),
    staffSize: check.oneOf(input.staffSize, STAFF_SIZES, "staffSize"),
    contactEmail: check.email(input.contactEmail, "contactEmail"),
  };
  return authorized(deps, caller, {
    policy: "institution.manage",
    audit: {
      action: "ehealth.institution.registered",
      object: `institution:${value.registrationNumber}`,
      legalGround: "CON-1",
    },
    async work({ trx, now, actorId }) {
      const existing = await trx
        .selectFrom("ehealth_institution")
        .select("registration_number")
        .where("registration_number", "=", value.registrationNumber)
        .executeTakeFirst();
      if (existing) throw new EhealthError("conflict", "an institution with this registration number exists");
      return insertInstitution(trx, value, actorId, now);
    },
  });
}

export async function addContract(
  deps: ServiceDeps,
  caller: Caller,
  input: {
    registrationNumber: string;
    number: string;
    scope: ContractScope | string;
    concludedOn: string;
    /** Defaults to the day the contract was concluded. */
    validFrom?: string | null;
    validUntil?: string | null;
  },
): Promise<Contract> {
  const value = {
    registrationNumber: check.registrationNumber(input.registrationNumber),
    number: check.text(input.number, "number", 64),
    scope: check.oneOf(input.scope, CONTRACT_SCOPES, "scope"),
    concludedOn: check.calendarDate(input.concludedOn, "concludedOn"),
    validFrom: input.validFrom ? check.calendarDate(input.validFrom, "validFrom") : undefined,
    validUntil: input.validUntil ? check.calendarDate(input.validUntil, "validUntil") : null,
  };
  return authorized(deps, caller, {
    policy: "institution.manage",
    institution: value.registrationNumber,
    audit: {
      action: "ehealth.contract.added",
      object: `institution:${value.registrationNumber}`,
      legalGround: "CON-1",
    },
    objectOf: (contract) => `contract:${contract.id}`,
    work: ({ trx, now }) => insertContract(trx, value, now),
  });
}

/** Records an annex-1 application as received; its due dates come from core/deadlines.ts. */
export async function recordApplication(
  deps: ServiceDeps,
  caller: Caller,
  input: {
    registrationNumber: string;
    kind: ApplicationKind | string;
    summary: string;
    /** For "change": the day the change took effect (ANX1-2). */
    effectiveOn?: string | null;
    /** Defaults to today (Riga). */
    receivedOn?: string;
  },
): Promise<Application> {
  const registrationNumber = check.registrationNumber(input.registrationNumber);
  const kind = check.oneOf(input.kind, APPLICATION_KINDS, "kind");
  const summary = check.text(input.summary, "summary", 2000);
  const effectiveOn = input.effectiveOn ? check.calendarDate(input.effectiveOn, "effectiveOn") : undefined;
  const receivedOn = input.receivedOn ? check.calendarDate(input.receivedOn, "receivedOn") : undefined;
  return authorized(deps, caller, {
    policy: "application.process",
    institution: registrationNumber,
    audit: {
      action: "ehealth.application.recorded",
      object: `institution:${registrationNumber}`,
      legalGround: "ANX1-1",
    },
    objectOf: (application) => `application:${application.id}`,
    async work({ trx, now }) {
      const contracts = await listContracts(trx, registrationNumber);
      const contract = contracts.find((c) => c.status === "active") ?? contracts[0];
      if (kind !== "change" && !contract)
        throw new EhealthError("conflict", "the institution has no contract to apply under (ANX1-1)");
      return insertApplication(
        trx,
        {
          registrationNumber,
          contractId: contract?.id ?? null,
          kind,
          summary,
          contractConcludedOn: contract?.concludedOn,
          effectiveOn,
          receivedOn: receivedOn ?? rigaDateOf(now),
        },
        now,
      );
    },
  });
}

/** ANX1-3 / ANX1-4: the operator closes an application (processed or rejected) with a note. */
export async function processApplication(
  deps: ServiceDeps,
  caller: Caller,
  input: { id: string; outcome: "processed" | "rejected"; note?: string | null },
): Promise<Application> {
  const outcome = check.oneOf(input.outcome, ["processed", "rejected"] as const, "outcome");
  const note = input.note ? check.text(input.note, "note", 2000) : null;
  const application = await getApplication(deps.db, check.text(input.id, "id", 64));
  return authorized(deps, caller, {
    policy: "application.process",
    institution: application.registrationNumber,
    audit: {
      action: "ehealth.application.processed",
      object: `application:${application.id}`,
      legalGround: "ANX1-3",
    },
    async work({ trx, now, actorId }) {
      await closeApplication(trx, application.id, outcome, actorId, rigaDateOf(now), note);
      return getApplication(trx, application.id);
    },
  });
}

export interface QueueEntry extends Application {
  institutionName: string;
  overdue: boolean;
}

/** The operator's applications queue, with due dates and overdue marks (refusal audited). */
export async function applicationsQueue(
  deps: ServiceDeps,
  caller: Caller,
  filter: { status?: "pending" | "processed" | "rejected" } = {},
): Promise<QueueEntry[]> {
  return authorized(deps, caller, {
    policy: "application.process",
    auditSuccess: false,
    audit: { action: "ehealth.application.queue-viewed", object: "applications", legalGround: "ANX1-3" },
    async work({ trx, now }) {
      const [applications, institutions] = await Promise.all([
        listApplications(trx, filter),
        listInstitutions(trx),
      ]);
      const names = new Map(institutions.map((i) => [i.registrationNumber, i.name]));
      return applications.map((a) => ({
        ...a,
        institutionName: names.get(a.registrationNumber) ?? a.registrationNumber,
        overdue: isApplicationOverdue(a, now),
      }));
    },
  });
}

export interface InstitutionOverview {
  institution: Institution;
  contracts: Contract[];
  history: InstitutionStatusChange[];
}

/** The operator's list of institutions (refusal audited). */
export async function institutionsForOperator(deps: ServiceDeps, caller: Caller): Promise<Institution[]> {
  return authorized(deps, caller, {
    policy: "institution.manage",
    auditSuccess: false,
    audit: { action: "ehealth.institution.list-viewed", object: "institutions", legalGround: "CON-6" },
    work: ({ trx }) => listInstitutions(trx),
  });
}

/** One institution with its contracts and status history (operator). */
export async function institutionOverview(
  deps: ServiceDeps,
  caller: Caller,
  registrationNumber: string,
): Promise<InstitutionOverview> {
  const regNo = check.registrationNumber(registrationNumber);
  return authorized(deps, caller, {
    policy: "institution.manage",
    institution: regNo,
    auditSuccess: false,
    audit: {
      action: "ehealth.institution.list-viewed",
      object: `institution:${regNo}`,
      legalGround: "CON-6",
    },
    async work({ trx }) {
      return {
        institution: await getInstitution(trx, regNo),
        contracts: await listContracts(trx, regNo),
        history: await institutionHistory(trx, regNo),
      };
    },
  });
}

const INSTITUTION_TRANSITIONS = {
  suspend: { from: ["active"], to: "suspended", policy: "institution.suspend" },
  restore: { from: ["suspended"], to: "active", policy: "institution.restore" },
  annul: { from: ["active", "suspended"], to: "annulled", policy: "institution.annul" },
} as const;

/**
 * CON-6: suspend, restore or annul an institution's access, with a reason; CON-5: the notice to
 * its contact e-mail is queued in the same transaction, due one working day after.
 */
/** Everyone holding a right at the institution is signed out of the portal (its access just stopped). */
async function endSessionsAt(trx: ActionScope["trx"], registrationNumber: string): Promise<void> {
  const holders = await listRights(trx, { registrationNumber, includeAnnulled: false });
  await endProfessionalSessions(trx, [...new Set(holders.map((r) => r.personCode))]);
}

export async function changeInstitutionStatus(
  deps: ServiceDeps,
  caller: Caller,
  input: { registrationNumber: string; event: "suspend" | "restore" | "annul"; reason: string },
): Promise<Institution> {
  const regNo = check.registrationNumber(input.registrationNumber);
  const event = check.oneOf(input.event, ["suspend", "restore", "annul"] as const, "event");
  const reason = check.text(input.reason, "reason", 1000);
  const rule = INSTITUTION_TRANSITIONS[event];
  const work = async ({ trx, now, actorId }: ActionScope) => {
    const current = await trx
      .selectFrom("ehealth_institution")
      .select("status")
      .where("registration_number", "=", regNo)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!(rule.from as readonly string[]).includes(current.status))
      throw new EhealthError("conflict", `the institution is ${current.status}; it cannot be ${event}ed`);
    await setInstitutionStatus(trx, regNo, rule.to, reason, actorId, now);
    if (event !== "restore") await endSessionsAt(trx, regNo);
    const institution = await getInstitution(trx, regNo);
    await queueNotice(trx, institution, { kind: "institution" }, NOTICE_EVENT[event], reason, now);
    return institution;
  };
  const object = `institution:${regNo}`;
  // One literal per event, so the audit-event catalogue test finds each name.
  switch (event) {
    case "suspend":
      return authorized(deps, caller, {
        policy: rule.policy,
        institution: regNo,
        audit: { action: "ehealth.institution.suspended", object, legalGround: "CON-6" },
        work,
      });
    case "restore":
      return authorized(deps, caller, {
        policy: rule.policy,
        institution: regNo,
        audit: { action: "ehealth.institution.restored", object, legalGround: "CON-6" },
        work,
      });
    case "annul":
      return authorized(deps, caller, {
        policy: rule.policy,
        institution: regNo,
        audit: { action: "ehealth.institution.annulled", object, legalGround: "CON-6" },
        work,
      });
  }
}

export const NOTICE_EVENT = { suspend: "suspended", restore: "restored", annul: "annulled" } as const;

/**
 * CON-14: on termination the operator at once blocks the connection and suspends the users'
 * rights; the personal data the institution sent are kept. The contract becomes `terminated`,
 * every active right at the institution is suspended with the termination as its ground (ANX1-5
 * history), and the institution is told (CON-5) — all in one transaction.
 */
export async function terminateContract(
  deps: ServiceDeps,
  caller: Caller,
  input: { contractId: string; reason: string; endedOn?: string },
): Promise<{ contract: Contract; suspendedRights: number }> {
  const reason = check.text(input.reason, "reason", 1000);
  const endedOn = input.endedOn === undefined ? undefined : check.calendarDate(input.endedOn, "endedOn");
  const contract = await getContract(deps.db, check.text(input.contractId, "contractId", 64));
  return authorized(deps, caller, {
    policy: "institution.manage",
    institution: contract.registrationNumber,
    audit: {
      action: "ehealth.contract.terminated",
      object: `contract:${contract.id}`,
      legalGround: "CON-14",
    },
    async work({ trx, now, actorId }) {
      const current = await getContract(trx, contract.id);
      if (current.status === "terminated")
        throw new EhealthError("conflict", "the contract is already terminated");
      await setContractStatus(trx, contract.id, "terminated", endedOn);
      const rights = await listRights(trx, { registrationNumber: contract.registrationNumber });
      let suspendedRights = 0;
      for (const right of rights.filter((r) => r.status === "active")) {
        await changeRightStatus(trx, right.id, "suspend", {
          actor: actorId,
          actorRole: "operator",
          at: now,
          ground: `contract ${current.number} terminated (CON-14): ${reason}`,
          evidence: `contract:${contract.id}`,
        });
        suspendedRights += 1;
      }
      await endSessionsAt(trx, contract.registrationNumber);
      const institution = await getInstitution(trx, contract.registrationNumber);
      await queueNotice(
        trx,
        institution,
        { kind: "contract", number: current.number },
        "terminated",
        reason,
        now,
      );
      return { contract: await getContract(trx, contract.id), suspendedRights };
    },
  });
}
