/**
 * Institutions, their contracts' state as the rights policy needs it, and the history of their
 * status (CON-6). Functions take a Kysely handle or a transaction: services pass the transaction
 * that also writes the audit record.
 */
import type { Kysely, Selectable } from "kysely";
import type { CalendarDate } from "../core/calendar-date.ts";
import type { InstitutionState } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import type {
  AccessStatus,
  InstitutionHistoryTable,
  InstitutionKind,
  InstitutionTable,
  StaffSize,
} from "../tables.ts";

export interface Institution {
  registrationNumber: string;
  name: string;
  kind: InstitutionKind;
  staffSize: StaffSize;
  contactEmail: string;
  status: AccessStatus;
  statusReason: string | null;
  statusChangedAt: Date;
  createdAt: Date;
}

export interface NewInstitution {
  registrationNumber: string;
  name: string;
  kind: InstitutionKind;
  staffSize: StaffSize;
  contactEmail: string;
}

export interface InstitutionStatusChange {
  seq: string;
  registrationNumber: string;
  status: AccessStatus;
  reason: string;
  actor: string;
  at: Date;
}

const toInstitution = (row: Selectable<InstitutionTable>): Institution => ({
  registrationNumber: row.registration_number,
  name: row.name,
  kind: row.kind,
  staffSize: row.staff_size,
  contactEmail: row.contact_email,
  status: row.status,
  statusReason: row.status_reason,
  statusChangedAt: row.status_changed_at,
  createdAt: row.created_at,
});

const toChange = (row: Selectable<InstitutionHistoryTable>): InstitutionStatusChange => ({
  seq: String(row.seq),
  registrationNumber: row.registration_number,
  status: row.status,
  reason: row.reason,
  actor: row.actor,
  at: row.at,
});

/** Creates an active institution and the first row of its status history. */
export async function insertInstitution(
  db: Kysely<Database>,
  input: NewInstitution,
  actor: string,
  now: Date,
): Promise<Institution> {
  const row = {
    registration_number: input.registrationNumber,
    name: input.name,
    kind: input.kind,
    staff_size: input.staffSize,
    contact_email: input.contactEmail,
    status: "active" as const,
    status_reason: null,
    status_changed_at: now,
    created_at: now,
  };
  await db.insertInto("ehealth_institution").values(row).execute();
  await db
    .insertInto("ehealth_institution_history")
    .values({
      registration_number: input.registrationNumber,
      status: "active",
      reason: "registered",
      actor,
      at: now,
    })
    .execute();
  return toInstitution(row);
}

export async function findInstitution(
  db: Kysely<Database>,
  registrationNumber: string,
): Promise<Institution | undefined> {
  const row = await db
    .selectFrom("ehealth_institution")
    .selectAll()
    .where("registration_number", "=", registrationNumber)
    .executeTakeFirst();
  return row ? toInstitution(row) : undefined;
}

export async function getInstitution(db: Kysely<Database>, registrationNumber: string): Promise<Institution> {
  const found = await findInstitution(db, registrationNumber);
  if (!found) throw new EhealthError("not-found", `no institution ${registrationNumber}`);
  return found;
}

export async function listInstitutions(db: Kysely<Database>): Promise<Institution[]> {
  const rows = await db.selectFrom("ehealth_institution").selectAll().orderBy("name").execute();
  return rows.map(toInstitution);
}

export async function countInstitutions(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("ehealth_institution")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sets the status and appends the change to the history (call inside the action's transaction). */
export async function setInstitutionStatus(
  db: Kysely<Database>,
  registrationNumber: string,
  status: AccessStatus,
  reason: string,
  actor: string,
  now: Date,
): Promise<void> {
  const updated = await db
    .updateTable("ehealth_institution")
    .set({ status, status_reason: reason, status_changed_at: now })
    .where("registration_number", "=", registrationNumber)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n)
    throw new EhealthError("not-found", `no institution ${registrationNumber}`);
  await db
    .insertInto("ehealth_institution_history")
    .values({ registration_number: registrationNumber, status, reason, actor, at: now })
    .execute();
}

export async function institutionHistory(
  db: Kysely<Database>,
  registrationNumber: string,
): Promise<InstitutionStatusChange[]> {
  const rows = await db
    .selectFrom("ehealth_institution_history")
    .selectAll()
    .where("registration_number", "=", registrationNumber)
    .orderBy("seq")
    .execute();
  return rows.map(toChange);
}

/**
 * The institution as the rights policy sees it: status, whether an active administrator exists
 * (ANX1-3), and its contract. A contract counts as active only when its status is active AND
 * `today` lies within its validity (CON-14: an ended contract blocks access); of several, an
 * active one wins, else the newest. No contract: terminated, no channel.
 */
export async function loadInstitutionState(
  db: Kysely<Database>,
  registrationNumber: string,
  /** Riga's date by the injected clock (CON-1, CON-14: the contract in force on that day). */
  today: CalendarDate,
): Promise<InstitutionState | undefined> {
  const institution = await findInstitution(db, registrationNumber);
  if (!institution) return undefined;
  const admin = await db
    .selectFrom("ehealth_administrator")
    .select("id")
    .where("registration_number", "=", registrationNumber)
    .where("status", "=", "active")
    .where((eb) => eb.or([eb("ended_on", "is", null), eb("ended_on", ">=", today)]))
    .executeTakeFirst();
  const contracts = await db
    .selectFrom("ehealth_contract")
    .select(["scope", "status", "valid_from", "valid_until"])
    .where("registration_number", "=", registrationNumber)
    .orderBy("valid_from", "desc")
    .execute();
  const inForce = (c: (typeof contracts)[number]) =>
    c.status === "active" && c.valid_from <= today && (c.valid_until === null || c.valid_until >= today);
  const current = contracts.find(inForce);
  const contract = current ?? contracts[0];
  return {
    id: registrationNumber,
    status: institution.status,
    hasAdministrator: admin !== undefined,
    contract: contract
      ? {
          // A contract past its end (or not yet begun) is not active whatever its status says.
          status: current ? "active" : contract.status === "active" ? "terminated" : contract.status,
          portal: contract.scope === "portal" || contract.scope === "both",
          system: contract.scope === "system" || contract.scope === "both",
        }
      : { status: "terminated", portal: false, system: false },
  };
}
