/**
 * Rights: a role held by a person at an institution (none for the operator's staff), and the
 * append-only history of every grant, change, suspension, restoration and annulment with its
 * actor, ground and evidence (ANX1-5: kept at least 10 years; the database refuses to change
 * history rows or delete them before `retain_until`).
 *
 * The write functions change the right AND append its history row; call them inside the
 * transaction that also writes the audit record (services/rights.ts does).
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { rigaDateOf } from "../core/calendar-date.ts";
import type { Role, RoleGrant } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import type { AccessStatus, RightEvent, RightHistoryTable, RightTable } from "../tables.ts";
import { addYears } from "./people-store.ts";

/** ANX1-5: history rows are kept at least this long. */
export const RIGHT_HISTORY_RETENTION_YEARS = 10;

export interface Right {
  id: string;
  personCode: string;
  /** null for the operator's right. */
  registrationNumber: string | null;
  role: Role;
  status: AccessStatus;
  grantedAt: Date;
  updatedAt: Date;
}

export interface RightHistoryEntry {
  seq: string;
  rightId: string;
  personCode: string;
  registrationNumber: string | null;
  event: RightEvent;
  role: Role;
  previousRole: Role | null;
  status: AccessStatus;
  actor: string;
  at: Date;
  ground: string;
  evidence: string;
  retainUntil: string;
}

/** Who acted and why: every change to a right carries these (ANX1-5). */
export interface RightChangeReason {
  /** `PNOLV-…` of the administrator or operator staff member. */
  actor: string;
  /** The role the actor acted in; kept so that an operator's suspension is known as such (CON-6). */
  actorRole?: Role;
  ground: string;
  /** A reference to the written evidence (application number, document id, letter). */
  evidence: string;
  at: Date;
}

const toRight = (r: Selectable<RightTable>): Right => ({
  id: r.id,
  personCode: r.person_code,
  registrationNumber: r.registration_number,
  role: r.role as Role,
  status: r.status,
  grantedAt: r.granted_at,
  updatedAt: r.updated_at,
});

const toEntry = (r: Selectable<RightHistoryTable>): RightHistoryEntry => ({
  seq: String(r.seq),
  rightId: r.right_id,
  personCode: r.person_code,
  registrationNumber: r.registration_number,
  event: r.event,
  role: r.role as Role,
  previousRole: r.previous_role as Role | null,
  status: r.status,
  actor: r.actor,
  at: r.at,
  ground: r.ground,
  evidence: r.evidence,
  retainUntil: r.retain_until,
});

function checkReason(why: RightChangeReason): void {
  if (!why.ground.trim())
    throw new EhealthError("bad-input", "a ground is required (ANX1-5)", { field: "ground" });
  if (!why.evidence.trim())
    throw new EhealthError("bad-input", "evidence is required (ANX1-5)", { field: "evidence" });
}

async function appendHistory(
  db: Kysely<Database>,
  right: Right,
  event: RightEvent,
  previousRole: Role | null,
  why: RightChangeReason,
): Promise<void> {
  await db
    .insertInto("ehealth_right_history")
    .values({
      right_id: right.id,
      person_code: right.personCode,
      registration_number: right.registrationNumber,
      event,
      role: right.role,
      previous_role: previousRole,
      status: right.status,
      actor: why.actor,
      actor_role: why.actorRole ?? null,
      at: why.at,
      ground: why.ground,
      evidence: why.evidence,
      retain_until: addYears(rigaDateOf(why.at), RIGHT_HISTORY_RETENTION_YEARS),
    })
    .execute();
}

/** One live right per person, role and institution: a second is a conflict, granted or changed into. */
async function refuseSecondLiveRight(
  db: Kysely<Database>,
  right: { personCode: string; registrationNumber: string | null; role: Role },
): Promise<void> {
  let existing = db
    .selectFrom("ehealth_right")
    .select("id")
    .where("person_code", "=", right.personCode)
    .where("role", "=", right.role)
    .where("status", "!=", "annulled");
  existing =
    right.registrationNumber === null
      ? existing.where("registration_number", "is", null)
      : existing.where("registration_number", "=", right.registrationNumber);
  if (await existing.executeTakeFirst()) {
    throw new EhealthError("conflict", `the person already holds the ${right.role} right here`);
  }
}

/** Grants a role (refuses a second live right of the same role at the same institution). */
export async function grantRight(
  db: Kysely<Database>,
  input: { personCode: string; registrationNumber: string | null; role: Role },
  why: RightChangeReason,
): Promise<Right> {
  checkReason(why);
  await refuseSecondLiveRight(db, input);
  const right: Right = {
    id: randomUUID(),
    personCode: input.personCode,
    registrationNumber: input.registrationNumber,
    role: input.role,
    status: "active",
    grantedAt: why.at,
    updatedAt: why.at,
  };
  await db
    .insertInto("ehealth_right")
    .values({
      id: right.id,
      person_code: right.personCode,
      registration_number: right.registrationNumber,
      role: right.role,
      status: right.status,
      granted_at: why.at,
      updated_at: why.at,
    })
    .execute();
  await appendHistory(db, right, "grant", null, why);
  return right;
}

/** Locks and returns a right (inside a transaction: FOR UPDATE keeps two changes from racing). */
export async function getRightForUpdate(db: Kysely<Database>, id: string): Promise<Right> {
  const row = await db
    .selectFrom("ehealth_right")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new EhealthError("not-found", "no such right");
  return toRight(row);
}

export async function getRight(db: Kysely<Database>, id: string): Promise<Right> {
  const row = await db.selectFrom("ehealth_right").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new EhealthError("not-found", "no such right");
  return toRight(row);
}

/** Which transitions each event allows: from → to. */
const TRANSITIONS: Record<
  Exclude<RightEvent, "grant" | "change">,
  { from: AccessStatus[]; to: AccessStatus }
> = {
  suspend: { from: ["active"], to: "suspended" },
  restore: { from: ["suspended"], to: "active" },
  annul: { from: ["active", "suspended"], to: "annulled" },
};

/** Suspends, restores or annuls a right; refuses a transition its status does not allow. */
export async function changeRightStatus(
  db: Kysely<Database>,
  id: string,
  event: "suspend" | "restore" | "annul",
  why: RightChangeReason,
): Promise<Right> {
  checkReason(why);
  const right = await getRightForUpdate(db, id);
  const rule = TRANSITIONS[event];
  if (!rule.from.includes(right.status)) {
    throw new EhealthError(
      "conflict",
      `a ${right.status} right cannot be ${event === "annul" ? "annulled" : `${event}ed`}`,
    );
  }
  await db
    .updateTable("ehealth_right")
    .set({ status: rule.to, updated_at: why.at })
    .where("id", "=", id)
    .execute();
  const changed = { ...right, status: rule.to, updatedAt: why.at };
  await appendHistory(db, changed, event, null, why);
  return changed;
}

/** Changes the role of a live right (e.g. nurse → doctor). */
export async function changeRightRole(
  db: Kysely<Database>,
  id: string,
  role: Role,
  why: RightChangeReason,
): Promise<Right> {
  checkReason(why);
  const right = await getRightForUpdate(db, id);
  if (right.status === "annulled") throw new EhealthError("conflict", "an annulled right cannot be changed");
  if (right.role === role) throw new EhealthError("conflict", `the right is already ${role}`);
  if ((role === "operator") !== (right.registrationNumber === null))
    throw new EhealthError("bad-input", "only the operator's right has no institution", { field: "role" });
  // Changing a nurse right into a doctor's right the person already holds would leave two.
  await refuseSecondLiveRight(db, { ...right, role });
  await db.updateTable("ehealth_right").set({ role, updated_at: why.at }).where("id", "=", id).execute();
  const changed = { ...right, role, updatedAt: why.at };
  await appendHistory(db, changed, "change", right.role, why);
  return changed;
}

/**
 * Whether the right's current suspension was made by the operator (CON-6): its last suspension
 * was made in the operator's role — or, on rows from before the role was kept, by a member of the
 * operator's staff.
 */
export async function suspendedByOperator(db: Kysely<Database>, rightId: string): Promise<boolean> {
  const last = await db
    .selectFrom("ehealth_right_history")
    .select(["actor", "actor_role"])
    .where("right_id", "=", rightId)
    .where("event", "=", "suspend")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!last) return false;
  if (last.actor_role !== null) return last.actor_role === "operator";
  const staff = await db
    .selectFrom("ehealth_operator_staff")
    .select("person_code")
    .where("person_code", "=", last.actor.replace(/^PNOLV-/, ""))
    .executeTakeFirst();
  return staff !== undefined;
}

export async function listRights(
  db: Kysely<Database>,
  filter: { personCode?: string; registrationNumber?: string; includeAnnulled?: boolean } = {},
): Promise<Right[]> {
  let query = db.selectFrom("ehealth_right").selectAll();
  if (filter.personCode) query = query.where("person_code", "=", filter.personCode);
  if (filter.registrationNumber) query = query.where("registration_number", "=", filter.registrationNumber);
  if (!filter.includeAnnulled) query = query.where("status", "!=", "annulled");
  const rows = await query.orderBy("person_code").orderBy("role").execute();
  return rows.map(toRight);
}

export async function rightHistory(
  db: Kysely<Database>,
  filter: { rightId?: string; registrationNumber?: string; personCode?: string },
): Promise<RightHistoryEntry[]> {
  let query = db.selectFrom("ehealth_right_history").selectAll();
  if (filter.rightId) query = query.where("right_id", "=", filter.rightId);
  if (filter.registrationNumber) query = query.where("registration_number", "=", filter.registrationNumber);
  if (filter.personCode) query = query.where("person_code", "=", filter.personCode);
  const rows = await query.orderBy("seq").execute();
  return rows.map(toEntry);
}

const worst = (a: AccessStatus, b: AccessStatus): AccessStatus =>
  a === "annulled" || b === "annulled"
    ? "annulled"
    : a === "suspended" || b === "suspended"
      ? "suspended"
      : "active";

/**
 * A person's grants as the rights policy reads them. A right's effective status is the worse of
 * its own and its holder's: a suspended user or administrator (CON-6) or one whose employment has
 * ended holds no active right, whatever the right's own row says.
 */
export async function loadGrants(db: Kysely<Database>, personCode: string, now: Date): Promise<RoleGrant[]> {
  const today = rigaDateOf(now);
  const rights = await listRights(db, { personCode, includeAnnulled: true });
  if (rights.length === 0) return [];
  const [users, admins, staff] = await Promise.all([
    db
      .selectFrom("ehealth_user")
      .select(["registration_number", "status", "employment_ends_on"])
      .where("person_code", "=", personCode)
      .execute(),
    db
      .selectFrom("ehealth_administrator")
      .select(["registration_number", "status", "ended_on"])
      .where("person_code", "=", personCode)
      .execute(),
    db
      .selectFrom("ehealth_operator_staff")
      .select(["status"])
      .where("person_code", "=", personCode)
      .execute(),
  ]);
  return rights.map((right): RoleGrant => {
    let holder: AccessStatus;
    if (right.role === "operator") {
      holder = staff[0]?.status ?? "annulled";
    } else if (right.role === "institution-administrator") {
      const admin = admins.find((a) => a.registration_number === right.registrationNumber);
      holder = !admin
        ? "annulled"
        : admin.ended_on !== null && admin.ended_on < today
          ? "annulled"
          : admin.status;
    } else {
      const user = users.find((u) => u.registration_number === right.registrationNumber);
      holder = !user
        ? "annulled"
        : user.employment_ends_on !== null && user.employment_ends_on < today
          ? "annulled"
          : user.status;
    }
    const grant: RoleGrant = { role: right.role, status: worst(right.status, holder) };
    return right.registrationNumber === null ? grant : { ...grant, institutionId: right.registrationNumber };
  });
}
