/**
 * The platform's one mail outbox (owned by core/outbox; modules reach it only through its front
 * door): every module's notices, written in the transaction of the action they report, sent by
 * the sender job.
 */
import type { ColumnType, Generated } from "kysely";
import type { CalendarDate } from "../riga-date/index.ts";

type Timestamp = ColumnType<Date, Date, Date>;

export const OUTBOX_STATUSES = ["queued", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface MailOutboxTable {
  id: Generated<string>;
  /** The module's event, e.g. `institution.suspended`, `eservices.registered`. */
  kind: string;
  to_address: string;
  subject: string;
  body_text: string;
  /** The registration number of the organisation the notice concerns, if any. */
  registration_number: string | null;
  queued_at: Timestamp;
  /** CON-5: the last day (Riga) it must be sent on. */
  send_by: CalendarDate;
  status: OutboxStatus;
  attempts: number;
  /** When the sender may try next (backoff); also a lease while a sender holds it. */
  next_attempt_at: Timestamp;
  sent_at: Date | null;
  /** The SMTP server's message id or answer. */
  smtp_response: string | null;
  last_error: string | null;
}

export interface OutboxTables {
  mail_outbox: MailOutboxTable;
}
