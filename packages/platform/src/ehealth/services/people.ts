/**
 * Administrators (CON-8, ANX1-4: their access is created, changed and ended by the operator) and
 * users — health professionals (CON-4) — with their attestations (CON-7). The operator may
 * suspend, restore or annul an administrator's or a user's access with a reason (CON-6); each
 * such action queues a notice to the institution (CON-5) in the same transaction. An
 * administrator may do the same to the institution's users (ANX1-5; no notice: the institution
 * did it itself).
 */

import type { Kysely } from "kysely";
import { getInstitution } from "../adapters/institution-store.ts";
import {
  type Administrator,
  type Attestation,
  endEmployment,
  getAdministrator,
  getUser,
  insertAdministrator,
  insertAttestation,
  insertUser,
  listAdministrators,
  listUsers,
  setAdministratorStatus,
  setUserStatus,
  type User,
} from "../adapters/people-store.ts";
import { grantRight, listRights } from "../adapters/rights-store.ts";
import { loadWorkingDayCalendar } from "../calendar/calendar-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { deadlineFor } from "../core/deadlines.ts";
import { PROFESSIONAL_ROLES, type ProfessionalRole, type Role } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import { enqueueEhealthMail } from "../outbox/ehealth-mail.ts";
import type { AccessStatus } from "../tables.ts";
import { endProfessionalSessions } from "../web-session/session-store.ts";
import { type ActionScope, authorized, type Caller, type ServiceDeps } from "./authorize.ts";
import { queueNotice } from "./notices.ts";
import * as check from "./validate.ts";

export type StatusEvent = "suspend" | "restore" | "annul";
const TRANSITIONS: Record<StatusEvent, { from: readonly AccessStatus[]; to: AccessStatus }> = {
  suspend: { from: ["active"], to: "suspended" },
  restore: { from: ["suspended"], to: "active" },
  annul: { from: ["active", "suspended"], to: "annulled" },
};
const NOTICE_EVENT = { suspend: "suspended", restore: "restored", annul: "annulled" } as const;

export interface GroundInput {
  ground: string;
  evidence: string;
}

function ground(input: GroundInput): { ground: string; evidence: string } {
  return {
    ground: check.text(input.ground, "ground", 1000),
    evidence: check.text(input.evidence, "evidence", 500),
  };
}

export interface AttestationInput {
  formVersion: string;
  evidence: string;
  signedAt?: Date;
}

// --- administrators (operator) --------------------------------------------------------------

export async function appointAdministrator(
  deps: ServiceDeps,
  caller: Caller,
  input: {
    registrationNumber: string;
    personCode: string;
    givenName: string;
    familyName: string;
    email: string;
    appointedOn?: string;
    attestation?: AttestationInput;
  } & GroundInput,
): Promise<Administrator> {
  const regNo = check.registrationNumber(input.registrationNumber);
  const value = {
    registrationNumber: regNo,
    personCode: check.personCode(input.personCode),
    givenName: check.text(input.givenName, "givenName", 100),
    familyName: check.text(input.familyName, "familyName", 100),
    email: check.email(input.email),
  };
  const why = ground(input);
  const appointedOn = input.appointedOn ? check.calendarDate(input.appointedOn, "appointedOn") : undefined;
  const attestation = input.attestation ? checkAttestation(input.attestation) : undefined;
  return authorized(deps, caller, {
    policy: "rights.grant",
    institution: regNo,
    targetRole: "institution-administrator",
    targetPerson: value.personCode,
    audit: {
      action: "ehealth.administrator.appointed",
      object: `institution:${regNo}`,
      legalGround: "ANX1-4",
    },
    objectOf: (admin) => `administrator:${admin.id}`,
    async work({ trx, now, actorId, role }) {
      const existing = await listAdministrators(trx, {
        registrationNumber: regNo,
        personCode: value.personCode,
      });
      if (existing.length > 0)
        throw new EhealthError("conflict", "this person is already an administrator here");
      const admin = await insertAdministrator(
        trx,
        { ...value, appointedOn: appointedOn ?? rigaDateOf(now) },
        now,
      );
      await grantRight(
        trx,
        { personCode: value.personCode, registrationNumber: regNo, role: "institution-administrator" },
        { actor: actorId, actorRole: role, at: now, ...why },
      );
      if (attestation) {
        await insertAttestation(trx, {
          signer: { kind: "administrator", administrator: admin },
          formVersion: attestation.formVersion,
          evidence: attestation.evidence,
          signedAt: attestation.signedAt ?? now,
        });
      }
      // ANX1-4: the notice of the administrator's access goes to the administrator's e-mail.
      const institution = await getInstitution(trx, regNo);
      await enqueueEhealthMail(
        trx,
        {
          kind: "administrator.appointed",
          to: admin.email,
          subject: "E-veselība: administratora piekļuve izveidota / Administrator access created",
          body: [
            `${institution.name} (reģ. nr. ${regNo})`,
            "",
            `Jums izveidota iestādes administratora piekļuve e-veselības sistēmai (${admin.appointedOn}).`,
            `You have been given institution administrator access to the e-health system (${admin.appointedOn}).`,
          ].join("\n"),
          registrationNumber: regNo,
          sendBy: deadlineFor("suspensionNotice", rigaDateOf(now), await loadWorkingDayCalendar(trx)).due,
        },
        now,
      );
      return admin;
    },
  });
}

/** CON-6: the operator suspends, restores or annuls an administrator's access, with a reason. */
export async function changeAdministratorStatus(
  deps: ServiceDeps,
  caller: Caller,
  input: { administratorId: string; event: StatusEvent; reason: string },
): Promise<Administrator> {
  const event = check.oneOf(input.event, ["suspend", "restore", "annul"] as const, "event");
  const reason = check.text(input.reason, "reason", 1000);
  const admin = await getAdministrator(deps.db, check.text(input.administratorId, "administratorId", 64));
  const object = `administrator:${admin.id}`;
  const work = async ({ trx, now }: ActionScope) => {
    const current = await getAdministrator(trx, admin.id);
    checkTransition(current.status, event, "administrator");
    await setAdministratorStatus(trx, admin.id, TRANSITIONS[event].to, reason);
    if (event !== "restore") await endProfessionalSessions(trx, [admin.personCode]);
    const institution = await getInstitution(trx, admin.registrationNumber);
    const name = `${admin.givenName} ${admin.familyName}`;
    await queueNotice(trx, institution, { kind: "administrator", name }, NOTICE_EVENT[event], reason, now);
    return getAdministrator(trx, admin.id);
  };
  const common = {
    institution: admin.registrationNumber,
    targetRole: "institution-administrator" as const,
    targetPerson: admin.personCode,
    work,
  };
  switch (event) {
    case "suspend":
      return authorized(deps, caller, {
        ...common,
        policy: "rights.suspend",
        audit: { action: "ehealth.administrator.suspended", object, legalGround: "CON-6" },
      });
    case "restore":
      return authorized(deps, caller, {
        ...common,
        policy: "rights.restore",
        audit: { action: "ehealth.administrator.restored", object, legalGround: "CON-6" },
      });
    case "annul":
      return authorized(deps, caller, {
        ...common,
        policy: "rights.annul",
        audit: { action: "ehealth.administrator.annulled", object, legalGround: "CON-6" },
      });
  }
}

// --- users (administrator; the operator for a small institution without one, ANX1-3) ---------

function checkAttestation(input: AttestationInput): AttestationInput {
  return {
    formVersion: check.text(input.formVersion, "formVersion", 64),
    evidence: check.text(input.evidence, "attestationEvidence", 500),
    signedAt: input.signedAt,
  };
}

function checkTransition(status: AccessStatus, event: StatusEvent, what: string): void {
  if (!TRANSITIONS[event].from.includes(status)) {
    const done = event === "annul" ? "annulled" : `${event}ed`;
    throw new EhealthError("conflict", `the ${what} is ${status}; it cannot be ${done}`);
  }
}

/**
 * Adds a user with a first right (and, when given, the signed attestation, CON-7). The right is
 * granted with its ground and evidence like any other (ANX1-5).
 */
export async function addUser(
  deps: ServiceDeps,
  caller: Caller,
  input: {
    registrationNumber: string;
    personCode: string;
    givenName: string;
    familyName: string;
    profession: string;
    workplace: string;
    employmentEndsOn?: string | null;
    role: ProfessionalRole | string;
    attestation?: AttestationInput;
  } & GroundInput,
): Promise<User> {
  const regNo = check.registrationNumber(input.registrationNumber);
  const role = check.oneOf(input.role, PROFESSIONAL_ROLES, "role");
  const value = {
    registrationNumber: regNo,
    personCode: check.personCode(input.personCode),
    givenName: check.text(input.givenName, "givenName", 100),
    familyName: check.text(input.familyName, "familyName", 100),
    profession: check.text(input.profession, "profession", 100),
    workplace: check.text(input.workplace, "workplace", 200),
    employmentEndsOn: input.employmentEndsOn
      ? check.calendarDate(input.employmentEndsOn, "employmentEndsOn")
      : null,
  };
  const why = ground(input);
  const attestation = input.attestation ? checkAttestation(input.attestation) : undefined;
  return authorized(deps, caller, {
    policy: "rights.grant",
    institution: regNo,
    targetRole: role,
    targetPerson: value.personCode,
    audit: { action: "ehealth.user.added", object: `institution:${regNo}`, legalGround: "ANX1-5" },
    objectOf: (user) => `user:${user.id}`,
    async work({ trx, now, actorId, role: actorRole }) {
      const existing = await listUsers(trx, { registrationNumber: regNo, personCode: value.personCode });
      if (existing.length > 0) throw new EhealthError("conflict", "this person is already a user here");
      const user = await insertUser(trx, value, now);
      await grantRight(
        trx,
        { personCode: user.personCode, registrationNumber: regNo, role },
        { actor: actorId, actorRole, at: now, ...why },
      );
      if (attestation) {
        await insertAttestation(trx, {
          signer: { kind: "user", user },
          formVersion: attestation.formVersion,
          evidence: attestation.evidence,
          signedAt: attestation.signedAt ?? now,
        });
      }
      return user;
    },
  });
}

/**
 * The role a user-level action is checked against: the user's first live right at the
 * institution, else their profession when it is a role, else `registrar`. (The policy's target
 * check only distinguishes professional roles from administrators' and the operator's.)
 */
async function userTargetRole(db: Kysely<Database>, user: User): Promise<Role> {
  const rights = await listRights(db, {
    personCode: user.personCode,
    registrationNumber: user.registrationNumber,
  });
  const professional = rights.find((r) => (PROFESSIONAL_ROLES as readonly string[]).includes(r.role));
  if (professional) return professional.role;
  return (PROFESSIONAL_ROLES as readonly string[]).includes(user.profession)
    ? (user.profession as Role)
    : "registrar";
}

/** CON-7: records a user's signed attestation. */
export async function recordAttestation(
  deps: ServiceDeps,
  caller: Caller,
  input: { userId: string } & AttestationInput,
): Promise<Attestation> {
  const user = await getUser(deps.db, check.text(input.userId, "userId", 64));
  const attestation = checkAttestation(input);
  return authorized(deps, caller, {
    policy: "rights.change",
    institution: user.registrationNumber,
    targetRole: await userTargetRole(deps.db, user),
    audit: { action: "ehealth.user.attestation-recorded", object: `user:${user.id}`, legalGround: "CON-7" },
    work: async ({ trx, now }) =>
      insertAttestation(trx, {
        signer: { kind: "user", user: await getUser(trx, user.id) },
        formVersion: attestation.formVersion,
        evidence: attestation.evidence,
        signedAt: attestation.signedAt ?? now,
      }),
  });
}

/** Employment ends: from the day after, the user holds no active right; attestations kept 10 years (CON-7). */
export async function endUserEmployment(
  deps: ServiceDeps,
  caller: Caller,
  input: { userId: string; endsOn: string },
): Promise<User> {
  const user = await getUser(deps.db, check.text(input.userId, "userId", 64));
  const endsOn = check.calendarDate(input.endsOn, "endsOn");
  return authorized(deps, caller, {
    policy: "rights.annul",
    institution: user.registrationNumber,
    targetRole: await userTargetRole(deps.db, user),
    audit: { action: "ehealth.user.employment-ended", object: `user:${user.id}`, legalGround: "CON-7" },
    async work({ trx }) {
      await endEmployment(trx, user.id, endsOn);
      return getUser(trx, user.id);
    },
  });
}

/**
 * CON-6: suspend, restore or annul a user's access (all their rights at the institution), with a
 * reason. Done by the operator, a notice goes to the institution (CON-5).
 */
export async function changeUserStatus(
  deps: ServiceDeps,
  caller: Caller,
  input: { userId: string; event: StatusEvent; reason: string },
): Promise<User> {
  const event = check.oneOf(input.event, ["suspend", "restore", "annul"] as const, "event");
  const reason = check.text(input.reason, "reason", 1000);
  const user = await getUser(deps.db, check.text(input.userId, "userId", 64));
  const object = `user:${user.id}`;
  const work = async ({ trx, now, role }: ActionScope) => {
    const current = await getUser(trx, user.id);
    checkTransition(current.status, event, "user");
    await setUserStatus(
      trx,
      user.id,
      TRANSITIONS[event].to,
      reason,
      role === "operator" ? "operator" : "institution",
    );
    if (event !== "restore") await endProfessionalSessions(trx, [user.personCode]);
    if (role === "operator") {
      const institution = await getInstitution(trx, user.registrationNumber);
      const name = `${user.givenName} ${user.familyName}`;
      await queueNotice(trx, institution, { kind: "user", name }, NOTICE_EVENT[event], reason, now);
    }
    return getUser(trx, user.id);
  };
  const common = {
    institution: user.registrationNumber,
    targetRole: await userTargetRole(deps.db, user),
    targetPerson: user.personCode,
    work,
  };
  switch (event) {
    case "suspend":
      return authorized(deps, caller, {
        ...common,
        policy: "rights.suspend",
        audit: { action: "ehealth.user.suspended", object, legalGround: "CON-6" },
      });
    case "restore":
      return authorized(deps, caller, {
        ...common,
        policy: "rights.restore",
        suspendedByOperator: user.statusSetBy === "operator",
        audit: { action: "ehealth.user.restored", object, legalGround: "CON-6" },
      });
    case "annul":
      return authorized(deps, caller, {
        ...common,
        policy: "rights.annul",
        audit: { action: "ehealth.user.annulled", object, legalGround: "CON-6" },
      });
  }
}
