/**
 * Who may do what in the e-health system: a pure decision over the actor's rights, the
 * institution and its contract, the channel and the stated purpose. Pages and the API ask
 * `decide` before every action; a refusal names the missing right (issue 6 item 4: "the page
 * says which right is missing") and is logged by the caller.
 *
 * The checks run as a pipeline of named steps, in the order a person would fix them: hold a
 * right for the action → the right is active → signed in at level high → attestation signed
 * (CON-7) → institution active (CON-6) → contract active and covering the channel (CON-1,
 * CON-14) → a purpose allowed for the role (CON-9) → the rights-management target allowed
 * (ANX1-3, ANX1-4, ANX1-5).
 */
import type { Level } from "../../identity/index.ts";

export const ROLES = [
  "operator",
  "institution-administrator",
  "doctor",
  "nurse",
  "pharmacist",
  "laboratory-specialist",
  "registrar",
] as const;
export type Role = (typeof ROLES)[number];

/** Roles held by health professionals (users of an institution, CON-4). */
export const PROFESSIONAL_ROLES = [
  "doctor",
  "nurse",
  "pharmacist",
  "laboratory-specialist",
  "registrar",
] as const;
export type ProfessionalRole = (typeof PROFESSIONAL_ROLES)[number];

export type Status = "active" | "suspended" | "annulled";

export const ACTIONS = [
  // A professional's work with a patient's data (issue 6 item 4).
  "patient.find",
  "patient.documents.list",
  "document.read",
  "document.upload",
  // Rights of an institution's users (ANX1-3, ANX1-5) and administrators (ANX1-4).
  "rights.view",
  "rights.grant",
  "rights.change",
  "rights.suspend",
  "rights.restore",
  "rights.annul",
  // The operator's work (CON-6, ANX1-1..4).
  "institution.manage",
  "institution.suspend",
  "institution.restore",
  "institution.annul",
  "application.process",
  // The working-day calendar's yearly data: Cabinet orders' moved working days, extra holidays.
  "calendar.manage",
  // The anti-copying detections: who was suspended and why (ANX2-18).
  "copying.review",
  // Connection applications of institutions' systems: filed by the administrator (ANX2-3),
  // approved or refused by the operator (ANX2-4, DEV-4).
  "connection.apply",
  "connection.approve",
  // Access reports (CON-9; a patient's own report is beyond the seeds).
  "report.institution",
  "report.any",
  "report.own",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Stated purposes of access to a patient's data (recorded with every access, CON-9). */
export const PURPOSES = ["treatment", "emergency", "prescription", "laboratory", "registration"] as const;
export type Purpose = (typeof PURPOSES)[number];

const PATIENT_DATA_ACTIONS: ReadonlySet<Action> = new Set([
  "patient.find",
  "patient.documents.list",
  "document.read",
  "document.upload",
]);
const RIGHTS_ACTIONS: ReadonlySet<Action> = new Set([
  "rights.grant",
  "rights.change",
  "rights.suspend",
  "rights.restore",
  "rights.annul",
]);

/** Which roles may attempt each action. The table is the policy; read it as a matrix. */
export const ROLE_ACTIONS: Readonly<Record<Action, readonly Role[]>> = {
  "patient.find": ["doctor", "nurse", "pharmacist", "laboratory-specialist", "registrar"],
  "patient.documents.list": ["doctor", "nurse", "pharmacist"],
  "document.read": ["doctor", "nurse", "pharmacist"],
  "document.upload": ["doctor", "laboratory-specialist"],
  "rights.view": ["institution-administrator", "operator"],
  "rights.grant": ["institution-administrator", "operator"],
  "rights.change": ["institution-administrator", "operator"],
  "rights.suspend": ["institution-administrator", "operator"],
  "rights.restore": ["institution-administrator", "operator"],
  "rights.annul": ["institution-administrator", "operator"],
  "institution.manage": ["operator"],
  "institution.suspend": ["operator"],
  "institution.restore": ["operator"],
  "institution.annul": ["operator"],
  "application.process": ["operator"],
  "calendar.manage": ["operator"],
  "copying.review": ["operator"],
  "connection.apply": ["institution-administrator"],
  "connection.approve": ["operator"],
  "report.institution": ["institution-administrator", "operator"],
  "report.any": ["operator"],
  "report.own": [], // decided by identity alone: the patient is the person signed in
};

/** The purposes each professional role may state. */
export const ROLE_PURPOSES: Readonly<Record<ProfessionalRole, readonly Purpose[]>> = {
  doctor: ["treatment", "emergency", "prescription"],
  nurse: ["treatment", "emergency"],
  pharmacist: ["prescription"],
  "laboratory-specialist": ["laboratory"],
  registrar: ["registration"],
};

/** A right held by a person: a role, at an institution (none for the operator's staff). */
export interface RoleGrant {
  readonly role: Role;
  readonly institutionId?: string;
  readonly status: Status;
}

export interface Actor {
  readonly personId: string;
  /** The level of assurance of the current sign-in. */
  readonly level: Level;
  readonly grants: readonly RoleGrant[];
  /** CON-7: every user signs the attestation before starting. */
  readonly attestationSigned: boolean;
}

export interface InstitutionState {
  readonly id: string;
  readonly status: Status;
  /** CON-8: small institutions without a system may have no administrator (ANX1-3). */
  readonly hasAdministrator: boolean;
  readonly contract: {
    readonly status: "active" | "suspended" | "terminated";
    /** CON-1: portal access (annex 1), institution-system access (annex 2), or both. */
    readonly portal: boolean;
    readonly system: boolean;
  };
}

export interface DecisionContext {
  /** The institution the actor acts for (or acts on, for the operator). */
  readonly institution?: InstitutionState;
  readonly channel: "portal" | "system";
  /** The stated purpose, for actions on a patient's data. */
  readonly purpose?: Purpose;
  /** For `report.own`: whose report is asked for. */
  readonly patientId?: string;
  /** For rights actions: the role being granted, changed, suspended, restored or annulled. */
  readonly targetRole?: Role;
  /** For rights actions: the personal code of the person whose right it is. */
  readonly targetPerson?: string;
  /** For `rights.restore`: the suspension being lifted was made by the operator's staff (CON-6). */
  readonly suspendedByOperator?: boolean;
}

export type DenyReason =
  | "no-right"
  | "right-suspended"
  | "right-annulled"
  | "level-too-low"
  | "attestation-missing"
  | "no-institution"
  | "institution-suspended"
  | "institution-annulled"
  | "contract-inactive"
  | "contract-channel"
  | "purpose-required"
  | "purpose-not-allowed"
  | "target-not-allowed"
  | "own-rights"
  | "suspended-by-operator"
  | "not-own-data";

export type Decision =
  | { readonly allowed: true; readonly role: Role | "patient" }
  | {
      readonly allowed: false;
      /** The right that would allow the action, e.g. `document.read@INST-1 (doctor, nurse, pharmacist)`. */
      readonly missingRight: string;
      readonly reason: DenyReason;
      readonly message: string;
    };

type Step = (grant: RoleGrant, action: Action, actor: Actor, ctx: DecisionContext) => Denial | undefined;
interface Denial {
  reason: DenyReason;
  message: string;
}

const isProfessional = (role: Role): role is ProfessionalRole =>
  (PROFESSIONAL_ROLES as readonly string[]).includes(role);

// --- the steps (each grant that could allow the action is run through them in order) --------

const rightIsActive: Step = (grant) => {
  if (grant.status === "suspended")
    return { reason: "right-suspended", message: `the ${grant.role} right is suspended` };
  if (grant.status === "annulled")
    return { reason: "right-annulled", message: `the ${grant.role} right is annulled` };
  return undefined;
};

// Issue 6: professionals, administrators and the operator's staff sign in at level high.
const levelIsHigh: Step = (_grant, _action, actor) =>
  actor.level === "high"
    ? undefined
    : { reason: "level-too-low", message: "sign in at level high for this action" };

const attestationSigned: Step = (grant, _action, actor) =>
  grant.role === "operator" || actor.attestationSigned
    ? undefined
    : { reason: "attestation-missing", message: "the attestation has not been signed (CON-7)" };

const institutionIsActive: Step = (grant, _action, _actor, ctx) => {
  if (grant.role === "operator") return undefined; // CON-6: the operator acts on suspended institutions too
  const status = ctx.institution?.status;
  if (status === "suspended")
    return { reason: "institution-suspended", message: "the institution's access is suspended" };
  if (status === "annulled")
    return { reason: "institution-annulled", message: "the institution's access is annulled" };
  return undefined;
};

const contractCoversChannel: Step = (grant, _action, _actor, ctx) => {
  if (grant.role === "operator") return undefined;
  const contract = ctx.institution?.contract;
  if (contract?.status !== "active") {
    return { reason: "contract-inactive", message: "the institution has no active contract (CON-14)" };
  }
  if (ctx.channel === "portal" ? !contract.portal : !contract.system) {
    return {
      reason: "contract-channel",
      message: `the contract does not cover access through the ${ctx.channel === "portal" ? "portal (annex 1)" : "institution's system (annex 2)"}`,
    };
  }
  return undefined;
};

const purposeAllowed: Step = (grant, action, _actor, ctx) => {
  if (!PATIENT_DATA_ACTIONS.has(action) || !isProfessional(grant.role)) return undefined;
  if (!ctx.purpose) return { reason: "purpose-required", message: "state the purpose of access (CON-9)" };
  if (!ROLE_PURPOSES[grant.role].includes(ctx.purpose)) {
    return {
      reason: "purpose-not-allowed",
      message: `a ${grant.role} may not access data for "${ctx.purpose}"`,
    };
  }
  return undefined;
};

const rightsTargetAllowed: Step = (grant, action, _actor, ctx) => {
  if (!RIGHTS_ACTIONS.has(action)) return undefined;
  const target = ctx.targetRole;
  if (!target) return { reason: "target-not-allowed", message: "the right acted on is not named" };
  if (target === "operator")
    return { reason: "target-not-allowed", message: "operator rights are not managed here" };
  if (grant.role === "institution-administrator") {
    // ANX1-4: the administrator's own access is created and changed by the operator; ANX1-5:
    // the administrator manages the institution's users.
    return isProfessional(target)
      ? undefined
      : {
          reason: "target-not-allowed",
          message: "an administrator manages users' rights, not administrators'",
        };
  }
  // The operator: administrators' access (ANX1-4), any right's suspension, restoration or
  // annulment (CON-6), and users' rights of a small institution without an administrator (ANX1-3).
  if (target === "institution-administrator") return undefined;
  if (action === "rights.suspend" || action === "rights.restore" || action === "rights.annul")
    return undefined;
  return ctx.institution && !ctx.institution.hasAdministrator
    ? undefined
    : {
        reason: "target-not-allowed",
        message: "the institution's administrator manages its users' rights (ANX1-5)",
      };
};

/** Actions that give or widen a right: nobody takes them on their own rights. */
const WIDENING_ACTIONS: ReadonlySet<Action> = new Set(["rights.grant", "rights.change", "rights.restore"]);

// Separation of duties: an administrator cannot make himself a doctor, nor an operator's staff
// member restore their own suspended right; another person with the right must do it. Suspending
// or annulling one's own right narrows it and stays allowed.
const notOwnRights: Step = (_grant, action, actor, ctx) =>
  WIDENING_ACTIONS.has(action) && ctx.targetPerson !== undefined && ctx.targetPerson === actor.personId
    ? { reason: "own-rights", message: "nobody may grant, change or restore their own rights" }
    : undefined;

// CON-6: a suspension the operator made is lifted by the operator, not by the institution.
const operatorSuspensionLiftedByOperator: Step = (grant, action, _actor, ctx) =>
  action === "rights.restore" && ctx.suspendedByOperator === true && grant.role !== "operator"
    ? {
        reason: "suspended-by-operator",
        message: "the operator suspended this access; only the operator can restore it (CON-6)",
      }
    : undefined;

/** The pipeline, in order. */
const STEPS: readonly Step[] = [
  rightIsActive,
  levelIsHigh,
  attestationSigned,
  institutionIsActive,
  contractCoversChannel,
  purposeAllowed,
  rightsTargetAllowed,
  notOwnRights,
  operatorSuspensionLiftedByOperator,
];

function describeRight(action: Action, roles: readonly Role[], ctx: DecisionContext): string {
  const scope = roles.every((r) => r === "operator") ? "" : `@${ctx.institution?.id ?? "institution"}`;
  return `${action}${scope} (${roles.join(", ")})`;
}

/** A missing right read back into its parts, for pages that say it in words. */
export interface MissingRightParts {
  action: Action;
  /** The right is held in one institution (the one acted for), not platform-wide. */
  inInstitution: boolean;
  /** Roles that carry it; empty for `report.own` (the person whose data it is). */
  roles: readonly Role[];
}

/**
 * Reads a `Decision.missingRight` (the form describeRight writes: `action@institution (roles)`)
 * back into its parts; undefined for text of another shape. The code stays in logs and problem
 * documents; pages show the parts in the reader's language.
 */
export function readMissingRight(text: string): MissingRightParts | undefined {
  const match = /^([a-z.]+)(@\S+)? \(([^)]*)\)$/.exec(text);
  if (!match) return undefined;
  const action = match[1] as Action;
  if (!(ACTIONS as readonly string[]).includes(action)) return undefined;
  const listed = match[3]!.split(", ");
  const roles = listed.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  if (action !== "report.own" && roles.length !== listed.length) return undefined;
  return { action, inInstitution: match[2] !== undefined, roles: action === "report.own" ? [] : roles };
}

export function decide(actor: Actor, action: Action, ctx: DecisionContext): Decision {
  const roles = ROLE_ACTIONS[action];

  if (action === "report.own") {
    const missingRight = "report.own (the person whose data it is)";
    // Beyond the seeds: a person sees who accessed their own data, at any level the citizens' page allows.
    return ctx.patientId !== undefined && ctx.patientId === actor.personId
      ? { allowed: true, role: "patient" }
      : {
          allowed: false,
          missingRight,
          reason: "not-own-data",
          message: "a person may see only their own report",
        };
  }

  const missingRight = describeRight(action, roles, ctx);
  // Grants that could allow the action: a role listed for it, scoped to this institution
  // (the operator's grant is not scoped to one).
  const candidates = actor.grants.filter(
    (g) =>
      roles.includes(g.role) &&
      (g.role === "operator" ? g.institutionId === undefined : g.institutionId === ctx.institution?.id),
  );
  if (candidates.length === 0) {
    const reason: DenyReason =
      ctx.institution === undefined && !roles.includes("operator") ? "no-institution" : "no-right";
    return {
      allowed: false,
      missingRight,
      reason,
      message: reason === "no-institution" ? "choose the institution to act for" : `no right to ${action}`,
    };
  }

  // Allowed if any grant passes every step; otherwise the refusal of the grant that came furthest.
  let best: { denial: Denial; step: number } | undefined;
  for (const grant of candidates) {
    const index = STEPS.findIndex((step) => step(grant, action, actor, ctx) !== undefined);
    if (index === -1) return { allowed: true, role: grant.role };
    const denial = STEPS[index]?.(grant, action, actor, ctx) as Denial;
    if (!best || index > best.step) best = { denial, step: index };
  }
  const denial = best?.denial as Denial;
  return { allowed: false, missingRight, reason: denial.reason, message: denial.message };
}
