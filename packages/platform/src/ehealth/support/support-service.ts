/**
 * Support requests (CON-2, CON-12). A user of an institution — a professional or its
 * administrator, with an active right there — files a request: when the problem happened, what it
 * is, optionally a screenshot. It gets a reference people can quote and an answer due date of 10
 * working days on the operator's calendar; the confirmation e-mail is queued in the same
 * transaction, with an audit record (never the description: it may name a patient). The operator
 * answers by e-mail through the outbox; the requester sees the answer in the portal too.
 */
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import { checkMailAddress } from "../../core/outbox/index.ts";
import { loadGrants } from "../adapters/rights-store.ts";
import { loadWorkingDayCalendar } from "../calendar/calendar-store.ts";
import { type CalendarDate, rigaDateOf } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import { enqueueEhealthMail } from "../outbox/ehealth-mail.ts";
import { readOccurredAt } from "./occurred-at.ts";
import { checkScreenshot } from "./screenshot.ts";
import { confirmationMail, replyMail } from "./support-mail.ts";
import type { SupportStatus } from "./tables.ts";

/** CON-12: the operator answers within this many working days of filing. */
export const ANSWER_WORKING_DAYS = 10;
export const MAX_DESCRIPTION = 4000;
export const MAX_REPLY = 4000;

export type SupportField =
  | "institution"
  | "occurredDate"
  | "occurredTime"
  | "description"
  | "contactEmail"
  | "screenshot";
/** Why a field was refused; the pages word it next to the field. */
export type SupportFieldError = "missing" | "invalid" | "too-long" | "future" | "too-large" | "not-image";

/** A form refused field by field (400); nothing was stored. */
export class SupportInputError extends EhealthError {
  constructor(readonly fields: Partial<Record<SupportField, SupportFieldError>>) {
    super("bad-input", `support request refused: ${Object.keys(fields).join(", ")}`, {
      field: Object.keys(fields)[0],
    });
  }
}

export interface NewSupportRequest {
  institution: string;
  occurredDate: string;
  occurredTime: string;
  description: string;
  contactEmail: string;
  screenshot?: Uint8Array | undefined;
}

export interface SupportFiler {
  personCode: string;
  /** `PNOLV-…`: the audit log's actor. */
  subject: string;
  name: string;
}

export interface SupportRequest {
  id: string;
  reference: string;
  registrationNumber: string;
  institutionName: string;
  filedBy: string;
  filedByName: string;
  contactEmail: string;
  occurredAt: Date;
  description: string;
  filedAt: Date;
  answerDue: CalendarDate;
  status: SupportStatus;
  replyText: string | null;
  repliedAt: Date | null;
  hasScreenshot: boolean;
  /** Not answered and past its due day (Riga), at the time it was read. */
  overdue: boolean;
}

/** The institutions where the person holds an active right other than the operator's. */
export async function supportInstitutionsOf(
  db: Kysely<Database>,
  personCode: string,
  now: Date,
): Promise<{ registrationNumber: string; name: string }[]> {
  const ids = [
    ...new Set(
      (await loadGrants(db, personCode, now))
        .filter((g) => g.status === "active" && g.role !== "operator" && g.institutionId)
        .map((g) => g.institutionId as string),
    ),
  ];
  if (ids.length === 0) return [];
  return (
    await db
      .selectFrom("ehealth_institution")
      .select(["registration_number", "name"])
      .where("registration_number", "in", ids)
      .orderBy("name")
      .execute()
  ).map((r) => ({ registrationNumber: r.registration_number, name: r.name }));
}

function checkForm(form: NewSupportRequest, now: Date): Date {
  const fields: Partial<Record<SupportField, SupportFieldError>> = {};
  if (!form.institution) fields.institution = "missing";
  const occurred = readOccurredAt(form.occurredDate, form.occurredTime);
  if ("field" in occurred)
    fields[occurred.field] = (occurred.field === "occurredDate"
      ? form.occurredDate
      : form.occurredTime
    ).trim()
      ? "invalid"
      : "missing";
  else if (occurred.at.getTime() > now.getTime() + 60_000) fields.occurredDate = "future";
  const description = form.description.trim();
  if (!description) fields.description = "missing";
  else if (description.length > MAX_DESCRIPTION) fields.description = "too-long";
  if (!form.contactEmail.trim()) fields.contactEmail = "missing";
  else
    try {
      checkMailAddress(form.contactEmail.trim());
    } catch {
      fields.contactEmail = "invalid";
    }
  if (form.screenshot && form.screenshot.length > 0)
    try {
      checkScreenshot(form.screenshot);
    } catch (error) {
      fields.screenshot =
        error instanceof EhealthError && error.reason === "too-large" ? "too-large" : "not-image";
    }
  if (Object.keys(fields).length > 0) throw new SupportInputError(fields);
  return (occurred as { at: Date }).at;
}

/** Files a request; its reference and due date. Refused: SupportInputError, or `forbidden`. */
export async function fileSupportRequest(
  db: Kysely<Database>,
  filer: SupportFiler,
  form: NewSupportRequest,
  now: Date,
): Promise<{ id: string; reference: string; answerDue: CalendarDate }> {
  const institutions = await supportInstitutionsOf(db, filer.personCode, now);
  const institution = institutions.find((i) => i.registrationNumber === form.institution);
  if (!institution) {
    // Every field's message at once when none was chosen; a choice not theirs is a refusal.
    if (!form.institution) checkForm(form, now);
    await appendAuditRecord(
      db,
      {
        actor: filer.subject,
        action: "ehealth.support.filed",
        object: `institution:${form.institution.slice(0, 20)}`,
        legalGround: "CON-12",
        outcome: "denied",
      },
      now,
    );
    throw new EhealthError("forbidden", "no active right at this institution", {
      missingRight: "institution-user",
    });
  }
  const occurredAt = checkForm(form, now);
  const screenshot = form.screenshot && form.screenshot.length > 0 ? form.screenshot : undefined;
  return db.transaction().execute(async (trx) => {
    const calendar = await loadWorkingDayCalendar(trx);
    const answerDue = calendar.addWorkingDays(rigaDateOf(now), ANSWER_WORKING_DAYS);
    const row = await trx
      .insertInto("ehealth_support_request")
      .values({
        // Replaced below by the quotable reference, which needs the row's number.
        reference: `pending-${now.getTime()}-${filer.personCode}`,
        registration_number: institution.registrationNumber,
        filed_by: filer.personCode,
        filed_by_name: filer.name,
        contact_email: form.contactEmail.trim(),
        occurred_at: occurredAt,
        description: form.description.trim(),
        filed_at: now,
        answer_due: answerDue,
        status: "open",
        reply_text: null,
        replied_by: null,
        replied_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // PGlite and node-postgres hand a bigint back differently: the id as text either way.
    const id = String(row.id);
    const reference = `${rigaDateOf(now).slice(0, 4)}-${id.padStart(6, "0")}`;
    await trx.updateTable("ehealth_support_request").set({ reference }).where("id", "=", id).execute();
    if (screenshot)
      await trx
        .insertInto("ehealth_support_screenshot")
        .values({ request_id: id, media_type: checkScreenshot(screenshot), data: screenshot })
        .execute();
    await trx
      .insertInto("ehealth_support_event")
      .values({ request_id: id, status: "open", actor: filer.subject, at: now })
      .execute();
    const mail = confirmationMail({ reference, answerDue });
    await enqueueEhealthMail(
      trx,
      {
        kind: "ehealth.support.filed",
        to: form.contactEmail.trim(),
        ...mail,
        registrationNumber: institution.registrationNumber,
        sendBy: rigaDateOf(now),
      },
      now,
    );
    await appendAuditRecord(
      trx,
      {
        actor: filer.subject,
        action: "ehealth.support.filed",
        object: `support:${reference}`,
        purpose: `institution=${institution.registrationNumber}; screenshot=${screenshot ? "yes" : "no"}`,
        legalGround: "CON-12",
        outcome: "success",
      },
      now,
    );
    return { id, reference, answerDue };
  });
}

type Row = {
  id: string;
  reference: string;
  registration_number: string;
  institution_name: string;
  filed_by: string;
  filed_by_name: string;
  contact_email: string;
  occurred_at: Date;
  description: string;
  filed_at: Date;
  answer_due: string;
  status: SupportStatus;
  reply_text: string | null;
  replied_at: Date | null;
  has_screenshot: string | number | bigint;
};

function requestsQuery(db: Kysely<Database>) {
  return db
    .selectFrom("ehealth_support_request as r")
    .innerJoin("ehealth_institution as i", "i.registration_number", "r.registration_number")
    .select((eb) => [
      "r.id",
      "r.reference",
      "r.registration_number",
      "i.name as institution_name",
      "r.filed_by",
      "r.filed_by_name",
      "r.contact_email",
      "r.occurred_at",
      "r.description",
      "r.filed_at",
      "r.answer_due",
      "r.status",
      "r.reply_text",
      "r.replied_at",
      eb
        .selectFrom("ehealth_support_screenshot as s")
        .select((e) => e.fn.countAll().as("n"))
        .whereRef("s.request_id", "=", "r.id")
        .as("has_screenshot"),
    ]);
}

function requestOf(row: Row, today: CalendarDate): SupportRequest {
  return {
    id: String(row.id),
    reference: row.reference,
    registrationNumber: row.registration_number,
    institutionName: row.institution_name,
    filedBy: row.filed_by,
    filedByName: row.filed_by_name,
    contactEmail: row.contact_email,
    occurredAt: row.occurred_at,
    description: row.description,
    filedAt: row.filed_at,
    answerDue: row.answer_due,
    status: row.status,
    replyText: row.reply_text,
    repliedAt: row.replied_at,
    hasScreenshot: Number(row.has_screenshot) > 0,
    overdue: row.status === "open" && today > row.answer_due,
  };
}

/** The person's own requests, newest first (the portal). */
export async function ownSupportRequests(
  db: Kysely<Database>,
  personCode: string,
  now: Date,
): Promise<SupportRequest[]> {
  const rows = await requestsQuery(db).where("r.filed_by", "=", personCode).orderBy("r.id", "desc").execute();
  return rows.map((r) => requestOf(r as Row, rigaDateOf(now)));
}

/** The operator's queue: requests not closed, the soonest due first. */
export async function supportQueue(db: Kysely<Database>, now: Date): Promise<SupportRequest[]> {
  const rows = await requestsQuery(db)
    .where("r.status", "!=", "closed")
    .orderBy("r.answer_due")
    .orderBy("r.id")
    .execute();
  return rows.map((r) => requestOf(r as Row, rigaDateOf(now)));
}

const ID = /^\d{1,18}$/;

/** One request (the operator's view); `not-found` otherwise. */
export async function getSupportRequest(
  db: Kysely<Database>,
  id: string,
  now: Date,
): Promise<SupportRequest> {
  if (!ID.test(id)) throw new EhealthError("not-found", "no such support request");
  const row = await requestsQuery(db).where("r.id", "=", id).executeTakeFirst();
  if (!row) throw new EhealthError("not-found", "no such support request");
  return requestOf(row as Row, rigaDateOf(now));
}

/** The screenshot's bytes and type (the operator only); `not-found` when there is none. */
export async function supportScreenshot(
  db: Kysely<Database>,
  id: string,
): Promise<{ mediaType: string; data: Uint8Array }> {
  if (!ID.test(id)) throw new EhealthError("not-found", "no such screenshot");
  const row = await db
    .selectFrom("ehealth_support_screenshot")
    .select(["media_type", "data"])
    .where("request_id", "=", id)
    .executeTakeFirst();
  if (!row) throw new EhealthError("not-found", "no such screenshot");
  return { mediaType: row.media_type, data: new Uint8Array(row.data) };
}

/**
 * The operator's answer: mailed to the requester through the outbox, shown in the portal; the
 * request becomes `answered`, or `closed` when nothing more is expected.
 */
export async function replyToSupportRequest(
  db: Kysely<Database>,
  id: string,
  answer: { text: string; close: boolean },
  actor: string,
  now: Date,
): Promise<void> {
  const text = answer.text.trim();
  if (!text) throw new SupportReplyError("missing");
  if (text.length > MAX_REPLY) throw new SupportReplyError("too-long");
  const request = await getSupportRequest(db, id, now);
  if (request.status === "closed") throw new EhealthError("conflict", "the request is closed");
  const status: SupportStatus = answer.close ? "closed" : "answered";
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("ehealth_support_request")
      .set({ status, reply_text: text, replied_by: actor, replied_at: now })
      .where("id", "=", id)
      .execute();
    await trx
      .insertInto("ehealth_support_event")
      .values({ request_id: id, status, actor, at: now })
      .execute();
    await enqueueEhealthMail(
      trx,
      {
        kind: "ehealth.support.answered",
        to: request.contactEmail,
        ...replyMail({ reference: request.reference, text }),
        registrationNumber: request.registrationNumber,
        sendBy: rigaDateOf(now),
      },
      now,
    );
    await appendAuditRecord(
      trx,
      {
        actor,
        action: "ehealth.support.answered",
        object: `support:${request.reference}`,
        purpose: `status=${status}`,
        legalGround: "CON-12",
        outcome: "success",
      },
      now,
    );
  });
}

/** An empty or too long answer (400, next to the field). */
export class SupportReplyError extends EhealthError {
  constructor(readonly problem: "missing" | "too-long") {
    super("bad-input", `the answer is ${problem}`, { field: "reply" });
  }
}
