/**
 * The one way a service acts: load the caller's grants and the institution's state, ask
 * `decide` (core/rights-policy.ts), and in ONE transaction write the change and its audit
 * record. A refusal is audited too (outcome `denied`, the policy's reason in the purpose), that
 * record is committed, and then the refusal is thrown as EhealthError `forbidden` naming the
 * missing right. A failure inside the work (bad input, conflict) rolls everything back.
 */
import type { Kysely, Transaction } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import type { Level } from "../../identity/index.ts";
import { loadInstitutionState } from "../adapters/institution-store.ts";
import { hasSignedAttestation } from "../adapters/people-store.ts";
import { loadGrants } from "../adapters/rights-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { type Action, type Actor, type Decision, decide, type Role } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";

/** The person signed in (from the web session): personal code `XXXXXX-XXXXX` and level. */
export interface Caller {
  personCode: string;
  level: Level;
  clientAddress?: string | null;
  correlationId?: string | null;
}

export interface ServiceDeps {
  db: Kysely<Database>;
  /** Injected clock (tests pin dates); defaults to the system clock. */
  clock?: () => Date;
}

/** What the work inside the transaction is given. */
export interface ActionScope {
  trx: Transaction<Database>;
  now: Date;
  /** `PNOLV-<code>` of the caller: the actor in audit and history rows. */
  actorId: string;
  /** The role that allowed the action. */
  role: Role;
}

export interface AuditTarget {
  /** The audit action name (listed in docs/audit-events.md). */
  action: string;
  /** What is acted on, e.g. `institution:40003000001`; or computed from the work's result. */
  object: string;
  /** The rule the action rests on, e.g. `CON-6`, `ANX1-5`. */
  legalGround: string;
  /** The person whose data this is, if any (PNOLV-…). */
  subjectPerson?: string | null;
}

export interface Attempt<T> {
  /** The policy action asked of `decide` (not the audit action name). */
  policy: Action;
  /** The institution acted for or on (registration number). */
  institution?: string;
  /** For rights actions: the role acted on (the policy's target check). */
  targetRole?: Role;
  /** For rights actions: whose right it is (personal code), so nobody widens their own. */
  targetPerson?: string;
  /** For restorations: whether the operator made the suspension being lifted (CON-6). */
  suspendedByOperator?: boolean;
  audit: AuditTarget;
  work(scope: ActionScope): Promise<T>;
  /** false for reads that are not patient data (lists, queues): only a refusal is audited. */
  auditSuccess?: boolean;
  /** The audited object once the work is done (e.g. a new right's id); else `audit.object`. */
  objectOf?: (value: T) => string;
}

export const personId = (personCode: string): string => `PNOLV-${personCode}`;

/** Builds the policy's actor: grants with effective status; attestation at this institution (CON-7). */
export async function loadActor(
  db: Kysely<Database>,
  caller: Caller,
  institution: string | undefined,
  now: Date,
): Promise<Actor> {
  const grants = await loadGrants(db, caller.personCode, now);
  const attestationSigned =
    institution !== undefined && (await hasSignedAttestation(db, caller.personCode, institution));
  return { personId: caller.personCode, level: caller.level, grants, attestationSigned };
}

/**
 * Whom the actor acts for, for the audit record: the institution when they hold a right there,
 * else the operator when they hold the operator's right, else the institution asked about.
 */
function actingFor(actor: Actor, institution: string | undefined): string | null {
  if (institution !== undefined && actor.grants.some((g) => g.institutionId === institution))
    return institution;
  if (actor.grants.some((g) => g.role === "operator")) return "operator";
  return institution ?? null;
}

/** Runs `attempt` under the rights policy; see the file comment. */
export async function authorized<T>(deps: ServiceDeps, caller: Caller, attempt: Attempt<T>): Promise<T> {
  const now = deps.clock?.() ?? new Date();
  const actorId = personId(caller.personCode);
  type Outcome =
    | { kind: "refused"; refusal: Exclude<Decision, { allowed: true }> }
    | { kind: "done"; value: T };
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome> => {
    const institution =
      attempt.institution === undefined
        ? undefined
        : await loadInstitutionState(trx, attempt.institution, rigaDateOf(now));
    if (attempt.institution !== undefined && institution === undefined) {
      throw new EhealthError("not-found", "no such institution");
    }
    const actor = await loadActor(trx, caller, attempt.institution, now);
    const decision: Decision = decide(actor, attempt.policy, {
      institution,
      channel: "portal",
      targetRole: attempt.targetRole,
      targetPerson: attempt.targetPerson,
      suspendedByOperator: attempt.suspendedByOperator,
    });
    const base = {
      actor: actorId,
      actingFor: actingFor(actor, attempt.institution),
      subjectPerson: attempt.audit.subjectPerson ?? null,
      action: attempt.audit.action,
      object: attempt.audit.object,
      legalGround: attempt.audit.legalGround,
      clientAddress: caller.clientAddress ?? null,
      correlationId: caller.correlationId ?? null,
    };
    if (!decision.allowed) {
      await appendAuditRecord(
        trx,
        { ...base, outcome: "denied", purpose: `refused=${decision.reason}` },
        now,
      );
      return { kind: "refused", refusal: decision };
    }
    const value = await attempt.work({ trx, now, actorId, role: decision.role as Role });
    if (attempt.auditSuccess !== false) {
      const object = attempt.objectOf ? attempt.objectOf(value) : base.object;
      await appendAuditRecord(trx, { ...base, object, outcome: "success" }, now);
    }
    return { kind: "done", value };
  });
  if (outcome.kind === "refused") {
    const refusal = outcome.refusal;
    throw new EhealthError("forbidden", refusal.message, {
      missingRight: refusal.missingRight,
      reason: refusal.reason,
    });
  }
  return outcome.value;
}
