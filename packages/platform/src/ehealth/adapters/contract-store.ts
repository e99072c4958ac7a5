/** Contracts (CON-1: portal, institution system, or both; CON-14: termination blocks access). */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { CalendarDate } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import type { ContractScope, ContractStatus, ContractTable } from "../tables.ts";

export interface Contract {
  id: string;
  registrationNumber: string;
  number: string;
  scope: ContractScope;
  concludedOn: CalendarDate;
  validFrom: CalendarDate;
  validUntil: CalendarDate | null;
  status: ContractStatus;
  createdAt: Date;
}

export interface NewContract {
  registrationNumber: string;
  number: string;
  scope: ContractScope;
  concludedOn: CalendarDate;
  validFrom?: CalendarDate;
  validUntil?: CalendarDate | null;
}

const toContract = (row: Selectable<ContractTable>): Contract => ({
  id: row.id,
  registrationNumber: row.registration_number,
  number: row.number,
  scope: row.scope,
  concludedOn: row.concluded_on as CalendarDate,
  validFrom: row.valid_from as CalendarDate,
  validUntil: row.valid_until as CalendarDate | null,
  status: row.status,
  createdAt: row.created_at,
});

export async function insertContract(db: Kysely<Database>, input: NewContract, now: Date): Promise<Contract> {
  const row = {
    id: randomUUID(),
    registration_number: input.registrationNumber,
    number: input.number,
    scope: input.scope,
    concluded_on: input.concludedOn,
    valid_from: input.validFrom ?? input.concludedOn,
    valid_until: input.validUntil ?? null,
    status: "active" as const,
    created_at: now,
  };
  await db.insertInto("ehealth_contract").values(row).execute();
  return toContract(row);
}

export async function listContracts(db: Kysely<Database>, registrationNumber?: string): Promise<Contract[]> {
  let query = db.selectFrom("ehealth_contract").selectAll();
  if (registrationNumber !== undefined) query = query.where("registration_number", "=", registrationNumber);
  const rows = await query.orderBy("registration_number").orderBy("valid_from", "desc").execute();
  return rows.map(toContract);
}

export async function getContract(db: Kysely<Database>, id: string): Promise<Contract> {
  const row = await db.selectFrom("ehealth_contract").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new EhealthError("not-found", "no such contract");
  return toContract(row);
}

/** CON-14: a terminated contract; CON-6: a suspended one. */
export async function setContractStatus(
  db: Kysely<Database>,
  id: string,
  status: ContractStatus,
  /** CON-14: the day a terminated contract ended (kept as its last valid day). */
  validUntil?: CalendarDate,
): Promise<void> {
  const updated = await db
    .updateTable("ehealth_contract")
    .set(validUntil ? { status, valid_until: validUntil } : { status })
    .where("id", "=", id)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new EhealthError("not-found", "no such contract");
}
