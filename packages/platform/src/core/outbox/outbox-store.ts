/**
 * The platform's mail outbox (CON-5 notices, and every module's mail). A message is queued in the SAME transaction as the action it
 * reports, so the notice exists exactly when the action does; the sender (sender.ts) delivers it
 * later and nothing is lost across a restart.
 *
 * Claiming: a sender takes due messages with `FOR UPDATE SKIP LOCKED` and moves their
 * `next_attempt_at` a lease ahead before sending, so several server processes never send one
 * message at the same time, and a sender that dies mid-send leaves the message to be retried
 * when the lease runs out (delivery is at least once; the Message-ID lets a reader spot a repeat).
 */
import { type Kysely, type Selectable, sql } from "kysely";
import type { CalendarDate } from "../riga-date/index.ts";
import { OutboxError } from "./errors.ts";
import type { OutboxTables as Database, MailOutboxTable, OutboxStatus } from "./tables.ts";

export interface OutboxMessage {
  id: string;
  kind: string;
  to: string;
  subject: string;
  body: string;
  registrationNumber: string | null;
  queuedAt: Date;
  sendBy: CalendarDate;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  sentAt: Date | null;
  smtpResponse: string | null;
  lastError: string | null;
}

export interface NewOutboxMessage {
  kind: string;
  to: string;
  subject: string;
  body: string;
  registrationNumber?: string | null;
  /** CON-5: the last day it must go out on (deadlineFor("suspensionNotice", …).due). */
  sendBy: CalendarDate;
}

/** Limits of what the outbox accepts (a notice is short text). */
export const OUTBOX_LIMITS = { address: 320, subject: 300, body: 20_000 } as const;

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

const toMessage = (r: Selectable<MailOutboxTable>): OutboxMessage => ({
  id: String(r.id),
  kind: r.kind,
  to: r.to_address,
  subject: r.subject,
  body: r.body_text,
  registrationNumber: r.registration_number,
  queuedAt: r.queued_at,
  sendBy: r.send_by,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  sentAt: r.sent_at,
  smtpResponse: r.smtp_response,
  lastError: r.last_error,
});

/** Whether the outbox can send to this address (one plain address, within the limit). */
export function isMailAddress(address: string): boolean {
  return address.length <= OUTBOX_LIMITS.address && ADDRESS.test(address);
}

export function checkMailAddress(address: string): void {
  if (!isMailAddress(address)) throw new OutboxError("bad-address", "not a usable e-mail address", "to");
}

/** Queues a message; pass the transaction of the action it reports. */
export async function enqueueMail(
  db: Kysely<Database>,
  message: NewOutboxMessage,
  now: Date,
): Promise<string> {
  checkMailAddress(message.to);
  if (message.subject.length > OUTBOX_LIMITS.subject || /[\r\n]/.test(message.subject))
    throw new OutboxError("bad-subject", "the subject is too long or has line breaks", "subject");
  if (message.body.length > OUTBOX_LIMITS.body)
    throw new OutboxError("too-long", "the message is too long", "body");
  const row = await db
    .insertInto("mail_outbox")
    .values({
      kind: message.kind,
      to_address: message.to,
      subject: message.subject,
      body_text: message.body,
      registration_number: message.registrationNumber ?? null,
      queued_at: now,
      send_by: message.sendBy,
      status: "queued",
      attempts: 0,
      next_attempt_at: now,
      sent_at: null,
      smtp_response: null,
      last_error: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/**
 * Claims up to `limit` due messages for one sending attempt: each claimed message's
 * `next_attempt_at` moves `leaseMs` ahead and its attempt count goes up, in one short transaction.
 */
export async function claimDueMail(
  db: Kysely<Database>,
  now: Date,
  options: { limit?: number; leaseMs?: number } = {},
): Promise<OutboxMessage[]> {
  const limit = options.limit ?? 10;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 120_000));
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("mail_outbox")
      .select("id")
      .where("status", "=", "queued")
      .where("next_attempt_at", "<=", now)
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable("mail_outbox")
      .set((eb) => ({ next_attempt_at: leaseUntil, attempts: eb("attempts", "+", 1) }))
      .where(
        "id",
        "in",
        due.map((d) => d.id),
      )
      .returningAll()
      .execute();
    return rows.map(toMessage).sort((a, b) => Number(a.id) - Number(b.id));
  });
}

export async function markMailSent(
  db: Kysely<Database>,
  id: string,
  at: Date,
  smtpResponse: string,
): Promise<void> {
  await db
    .updateTable("mail_outbox")
    .set({ status: "sent", sent_at: at, smtp_response: smtpResponse.slice(0, 1000), last_error: null })
    .where("id", "=", id)
    .execute();
}

/** Records a failed attempt: retry at `retryAt`, or give up (status `failed`) when it is null. */
export async function markMailAttemptFailed(
  db: Kysely<Database>,
  id: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .updateTable("mail_outbox")
    .set(
      retryAt === null
        ? { status: "failed", last_error: error.slice(0, 1000) }
        : { next_attempt_at: retryAt, last_error: error.slice(0, 1000) },
    )
    .where("id", "=", id)
    .execute();
}

export async function listOutbox(
  db: Kysely<Database>,
  filter: { status?: OutboxStatus; registrationNumber?: string; limit?: number } = {},
): Promise<OutboxMessage[]> {
  let query = db.selectFrom("mail_outbox").selectAll();
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.registrationNumber) query = query.where("registration_number", "=", filter.registrationNumber);
  const rows = await query
    .orderBy("id", "desc")
    .limit(filter.limit ?? 200)
    .execute();
  return rows.map(toMessage);
}

/**
 * CON-5: notices that missed their day — still unsent after `send_by`, or sent on a later day
 * (Riga time). The operator's workplace lists them so a missed deadline is seen, not only stored.
 */
export async function listLateNotices(
  db: Kysely<Database>,
  today: CalendarDate,
  limit = 100,
): Promise<OutboxMessage[]> {
  const rows = await db
    .selectFrom("mail_outbox")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "<>", "sent"), eb("send_by", "<", today)]),
        eb(sql<string>`to_char(sent_at at time zone 'Europe/Riga', 'YYYY-MM-DD')`, ">", eb.ref("send_by")),
      ]),
    )
    .orderBy("send_by")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(toMessage);
}
