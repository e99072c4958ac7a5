/**
 * Support requests (CON-2, CON-12): an institution's user tells the operator about a problem; the
 * operator answers within 10 working days. Every status change is a row in the history table.
 */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date, Date>;
type Serial = ColumnType<string, never, never>;

export const SUPPORT_STATUSES = ["open", "answered", "closed"] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

export interface SupportRequestTable {
  id: Serial;
  /** What people quote on the phone or in a letter, e.g. `2026-000042` (set when filed). */
  reference: string;
  registration_number: string;
  /** Personal code of whoever filed it (only they and the operator see the request). */
  filed_by: string;
  filed_by_name: string;
  /** Where the answer goes. */
  contact_email: string;
  /** When the problem happened, as the requester said (Riga time typed, stored as an instant). */
  occurred_at: Timestamp;
  description: string;
  filed_at: Timestamp;
  /** CON-12: filed + 10 working days of the operator's calendar (YYYY-MM-DD). */
  answer_due: string;
  status: SupportStatus;
  reply_text: string | null;
  replied_by: string | null;
  replied_at: Timestamp | null;
}

/** The screenshot, apart from the request so the queue never reads the bytes. */
export interface SupportScreenshotTable {
  request_id: string;
  /** Decided from the bytes, never from the name or the declared type. */
  media_type: "image/png" | "image/jpeg" | "image/webp";
  data: Uint8Array;
}

export interface SupportEventTable {
  seq: Serial;
  request_id: string;
  status: SupportStatus;
  actor: string;
  at: Timestamp;
}

export interface EhealthSupportTables {
  ehealth_support_request: SupportRequestTable;
  ehealth_support_screenshot: SupportScreenshotTable;
  ehealth_support_event: SupportEventTable;
}
