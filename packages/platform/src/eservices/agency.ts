/**
 * The agency's side of registration (ESV-3): the queue of submitted forms, registering one — a
 * new identifier (core/identifier.ts) and the agency's contact person — or refusing it with a
 * reason. Each action decides on the form's current status first, then changes it, adds a status
 * row with the notice to the institution, queues that notice when a mail port is given, and
 * writes the audit record, all in one transaction.
 */
import type { Kysely } from "kysely";
import { recordRegistryEvent } from "./audit-events.ts";
import { formatIdentifier, MAX_NUMBER_PER_YEAR, rigaYearOf } from "./core/identifier.ts";
import { type Notice, refusalNotice, registrationNotice } from "./core/notices.ts";
import type { EservicesDatabase, EservicesTransaction } from "./database.ts";
import { EservicesError } from "./errors.ts";
import { FORM_SUMMARY_COLUMNS, type StoredForm, storedFormOfRow } from "./form-row.ts";
import type { InstitutionMail } from "./mail-port.ts";
import type { FormStatus } from "./tables.ts";

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export interface AgencyAction {
  /** Who acts: `cli`, or the agency employee's PNOLV- identifier. */
  actor: string;
  now: Date;
  mail?: InstitutionMail;
}

export interface StatusChange {
  status: FormStatus;
  at: Date;
  actor: string;
  note: string | null;
  noticeTo: string | null;
  noticeQueuedAt: Date | null;
}

/** Submitted forms, oldest first: what the agency works through. */
export async function listQueue(db: Kysely<EservicesDatabase>, limit = 200): Promise<StoredForm[]> {
  const rows = await db
    .selectFrom("eservice_form")
    .select(FORM_SUMMARY_COLUMNS)
    .where("status", "=", "submitted")
    .orderBy("submitted_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(storedFormOfRow);
}

export async function findForm(db: Kysely<EservicesDatabase>, id: string): Promise<StoredForm | undefined> {
  if (!/^[1-9]\d{0,17}$/.test(id)) return undefined;
  const row = await db
    .selectFrom("eservice_form")
    .select(FORM_SUMMARY_COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? storedFormOfRow(row) : undefined;
}

export async function formHistory(db: Kysely<EservicesDatabase>, id: string): Promise<StatusChange[]> {
  const rows = await db
    .selectFrom("eservice_form_status")
    .selectAll()
    .where("form_id", "=", id)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    status: r.status,
    at: new Date(r.at),
    actor: r.actor,
    note: r.note,
    noticeTo: r.notice_to,
    noticeQueuedAt: r.notice_queued_at ? new Date(r.notice_queued_at) : null,
  }));
}

/** Locks the form and checks it waits in the queue (a form is decided once). */
async function submittedForm(trx: EservicesTransaction, id: string): Promise<StoredForm> {
  if (!/^[1-9]\d{0,17}$/.test(id)) throw new EservicesError("not-found", `no e-service form ${id}`);
  const row = await trx
    .selectFrom("eservice_form")
    .select(FORM_SUMMARY_COLUMNS)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new EservicesError("not-found", `no e-service form ${id}`);
  if (row.status !== "submitted")
    throw new EservicesError(
      "not-submitted",
      `form ${id} is already ${row.status}, not waiting in the queue`,
    );
  return storedFormOfRow(row);
}

/** The next number of the registration year; the row lock serialises concurrent registrations. */
async function nextIdentifier(trx: EservicesTransaction, now: Date): Promise<string> {
  const year = rigaYearOf(now);
  const current = await trx
    .selectFrom("eservice_identifier_counter")
    .select("last_number")
    .where("year", "=", year)
    .forUpdate()
    .executeTakeFirst();
  const next = (current?.last_number ?? 0) + 1;
  if (next > MAX_NUMBER_PER_YEAR)
    throw new EservicesError(
      "identifiers-exhausted",
      `all ${MAX_NUMBER_PER_YEAR} identifiers of ${year} are used`,
    );
  await trx
    .insertInto("eservice_identifier_counter")
    .values({ year, last_number: next })
    .onConflict((oc) => oc.column("year").doUpdateSet({ last_number: next }))
    .execute();
  return formatIdentifier(year, next);
}

async function addStatusRow(
  trx: EservicesTransaction,
  id: string,
  status: FormStatus,
  action: AgencyAction,
  note: string | null,
  notice: Notice,
  kind: "eservices.registered" | "eservices.refused",
): Promise<void> {
  if (action.mail) await action.mail.queue(trx, { ...notice, kind }, action.now);
  await trx
    .insertInto("eservice_form_status")
    .values({
      form_id: id,
      status,
      at: action.now,
      actor: action.actor,
      note,
      notice_to: notice.to,
      notice_subject: notice.subject,
      notice_body: notice.body,
      notice_queued_at: action.mail ? action.now : null,
    })
    .execute();
}

export interface Registration {
  form: StoredForm;
  identifier: string;
  notice: Notice;
  noticeQueued: boolean;
}

export async function registerForm(
  db: Kysely<EservicesDatabase>,
  id: string,
  contact: { name: string; email: string },
  action: AgencyAction,
): Promise<Registration> {
  const name = contact.name.trim();
  const email = contact.email.trim();
  const problems = [
    ...(!name || name.length > 200 ? [{ field: "contact.name", code: name ? "too-long" : "required" }] : []),
    ...(!EMAIL.test(email) || email.length > 254 ? [{ field: "contact.email", code: "bad-email" }] : []),
  ];
  if (problems.length > 0)
    throw new EservicesError("bad-input", "the agency's contact person is not valid", problems);
  return db.transaction().execute(async (trx) => {
    const stored = await submittedForm(trx, id);
    const identifier = await nextIdentifier(trx, action.now);
    await trx
      .updateTable("eservice_form")
      .set({
        status: "registered",
        identifier,
        agency_contact_name: name,
        agency_contact_email: email,
        registered_at: action.now,
      })
      .where("id", "=", id)
      .execute();
    const notice = registrationNotice(stored.form, identifier, { name, email });
    await addStatusRow(trx, id, "registered", action, identifier, notice, "eservices.registered");
    await recordRegistryEvent(
      trx,
      {
        actor: action.actor,
        institution: stored.form.institution.registrationNumber,
        action: "eservices.form.registered",
        object: `eservice-form:${id}`,
        detail: `identifier=${identifier}`,
      },
      action.now,
    );
    const form: StoredForm = {
      ...stored,
      status: "registered",
      identifier,
      agencyContact: { name, email },
      registeredAt: action.now,
    };
    return { form, identifier, notice, noticeQueued: action.mail !== undefined };
  });
}

export async function refuseForm(
  db: Kysely<EservicesDatabase>,
  id: string,
  reason: string,
  action: AgencyAction,
): Promise<{ form: StoredForm; notice: Notice; noticeQueued: boolean }> {
  const why = reason.trim();
  if (!why || why.length > 2000)
    throw new EservicesError("bad-input", "give the reason (at most 2000 characters)", [
      { field: "reason", code: why ? "too-long" : "required" },
    ]);
  return db.transaction().execute(async (trx) => {
    const stored = await submittedForm(trx, id);
    await trx
      .updateTable("eservice_form")
      .set({ status: "refused", refusal_reason: why })
      .where("id", "=", id)
      .execute();
    const notice = refusalNotice(stored.form, why);
    await addStatusRow(trx, id, "refused", action, why, notice, "eservices.refused");
    await recordRegistryEvent(
      trx,
      {
        actor: action.actor,
        institution: stored.form.institution.registrationNumber,
        action: "eservices.form.refused",
        object: `eservice-form:${id}`,
      },
      action.now,
    );
    return {
      form: { ...stored, status: "refused", refusalReason: why },
      notice,
      noticeQueued: action.mail !== undefined,
    };
  });
}
