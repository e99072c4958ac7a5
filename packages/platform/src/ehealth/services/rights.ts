/**
 * Users' rights (ANX1-5): the administrator — or, for a small institution without one, the
 * operator (ANX1-3) — grants, changes, suspends, restores and annuls them; every change carries
 * a ground and evidence and lands in the append-only history with the audit record, in one
 * transaction. When the operator suspends, restores or annuls a right, the institution is told
 * (CON-5, CON-6).
 */

import { getInstitution, type Institution } from "../adapters/institution-store.ts";
import { getUser, listUsers, type User } from "../adapters/people-store.ts";
import {
  changeRightRole,
  changeRightStatus,
  getRight,
  grantRight,
  listRights,
  type Right,
  type RightHistoryEntry,
  rightHistory,
  suspendedByOperator,
} from "../adapters/rights-store.ts";
import { ROLES, type Role } from "../core/rights-policy.ts";
import { EhealthError } from "../errors.ts";
import { endProfessionalSessions } from "../web-session/session-store.ts";
import { type ActionScope, authorized, type Caller, type ServiceDeps } from "./authorize.ts";
import { queueNotice } from "./notices.ts";
import type { GroundInput } from "./people.ts";
import * as check from "./validate.ts";

function reasonOf(input: GroundInput, scope: ActionScope) {
  return {
    actor: scope.actorId,
    actorRole: scope.role,
    at: scope.now,
    ground: check.text(input.ground, "ground", 1000),
    evidence: check.text(input.evidence, "evidence", 500),
  };
}

/** Grants a user of the institution a professional role. */
export async function grantUserRight(
  deps: ServiceDeps,
  caller: Caller,
  input: { userId: string; role: Role | string } & GroundInput,
): Promise<Right> {
  const role = check.oneOf(input.role, ROLES, "role");
  check.text(input.ground, "ground", 1000);
  check.text(input.evidence, "evidence", 500);
  const user = await getUser(deps.db, check.text(input.userId, "userId", 64));
  return authorized(deps, caller, {
    policy: "rights.grant",
    institution: user.registrationNumber,
    targetRole: role,
    targetPerson: user.personCode,
    audit: { action: "ehealth.right.granted", object: `user:${user.id}`, legalGround: "ANX1-5" },
    objectOf: (right) => `right:${right.id}`,
    async work(scope) {
      if (role === "operator" || role === "institution-administrator")
        throw new EhealthError("bad-input", "users hold professional roles only", { field: "role" });
      return grantRight(
        scope.trx,
        { personCode: user.personCode, registrationNumber: user.registrationNumber, role },
        reasonOf(input, scope),
      );
    },
  });
}

/** Changes a right's role (e.g. nurse → doctor). */
export async function changeUserRight(
  deps: ServiceDeps,
  caller: Caller,
  input: { rightId: string; role: Role | string } & GroundInput,
): Promise<Right> {
  const role = check.oneOf(input.role, ROLES, "role");
  const right = await getRight(deps.db, check.text(input.rightId, "rightId", 64));
  if (right.registrationNumber === null) throw new EhealthError("not-found", "no such right");
  // Both the old and the new role must be ones the actor manages; an administrator's right is
  // the operator's (ANX1-4), so that one decides when either side is it.
  const targetRole: Role = right.role === "institution-administrator" ? right.role : role;
  return authorized(deps, caller, {
    policy: "rights.change",
    institution: right.registrationNumber,
    targetRole,
    targetPerson: right.personCode,
    audit: { action: "ehealth.right.changed", object: `right:${right.id}`, legalGround: "ANX1-5" },
    work: (scope) => changeRightRole(scope.trx, right.id, role, reasonOf(input, scope)),
  });
}

const NOTICE_EVENT = { suspend: "suspended", restore: "restored", annul: "annulled" } as const;

/** Suspends, restores or annuls a right; by the operator, the institution is told (CON-5). */
export async function changeUserRightStatus(
  deps: ServiceDeps,
  caller: Caller,
  input: { rightId: string; event: "suspend" | "restore" | "annul" } & GroundInput,
): Promise<Right> {
  const event = check.oneOf(input.event, ["suspend", "restore", "annul"] as const, "event");
  check.text(input.ground, "ground", 1000);
  check.text(input.evidence, "evidence", 500);
  const right = await getRight(deps.db, check.text(input.rightId, "rightId", 64));
  const regNo = right.registrationNumber;
  if (regNo === null) throw new EhealthError("not-found", "no such right");
  const object = `right:${right.id}`;
  const work = async (scope: ActionScope) => {
    const changed = await changeRightStatus(scope.trx, right.id, event, reasonOf(input, scope));
    if (event !== "restore") await endProfessionalSessions(scope.trx, [right.personCode]);
    if (scope.role === "operator") {
      const institution = await getInstitution(scope.trx, regNo);
      const holder = (
        await listUsers(scope.trx, { registrationNumber: regNo, personCode: right.personCode })
      )[0];
      const name = holder ? `${holder.givenName} ${holder.familyName}` : right.personCode;
      await queueNotice(
        scope.trx,
        institution,
        { kind: "right", name, role: right.role },
        NOTICE_EVENT[event],
        check.text(input.ground, "ground", 1000),
        scope.now,
      );
    }
    return changed;
  };
  const common = { institution: regNo, targetRole: right.role, targetPerson: right.personCode, work };
  switch (event) {
    case "suspend":
      return authorized(deps, caller, {
        ...common,
        policy: "rights.suspend",
        audit: { action: "ehealth.right.suspended", object, legalGround: "ANX1-5" },
      });
    case "restore":
      return authorized(deps, caller, {
        ...common,
        policy: "rights.restore",
        suspendedByOperator: await suspendedByOperator(deps.db, right.id),
        audit: { action: "ehealth.right.restored", object, legalGround: "ANX1-5" },
      });
    case "annul":
      return authorized(deps, caller, {
        ...common,
        policy: "rights.annul",
        audit: { action: "ehealth.right.annulled", object, legalGround: "ANX1-5" },
      });
  }
}

export interface InstitutionRights {
  institution: Institution;
  users: User[];
  rights: Right[];
  history: RightHistoryEntry[];
}

/** The administrator's (or operator's) view: users, their rights, the full history (ANX1-5). */
export async function institutionRights(
  deps: ServiceDeps,
  caller: Caller,
  registrationNumber: string,
): Promise<InstitutionRights> {
  const regNo = check.registrationNumber(registrationNumber);
  return authorized(deps, caller, {
    policy: "rights.view",
    institution: regNo,
    auditSuccess: false,
    audit: { action: "ehealth.right.list-viewed", object: `institution:${regNo}`, legalGround: "ANX1-5" },
    async work({ trx }) {
      return {
        institution: await getInstitution(trx, regNo),
        users: await listUsers(trx, { registrationNumber: regNo }),
        rights: await listRights(trx, { registrationNumber: regNo, includeAnnulled: true }),
        history: await rightHistory(trx, { registrationNumber: regNo }),
      };
    },
  });
}
