/**
 * The working-day calendar's table (its own, in the e-health module; ehealth/database.ts joins it).
 * An entry is never deleted or rewritten: a withdrawal fills the three withdrawal columns once
 * (a trigger refuses anything else), so the history of what deadlines were computed with stays.
 */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date, Date>;
/** A database-assigned sequence number (bigserial, read as a string). */
type Serial = ColumnType<string, never, never>;

export const CALENDAR_ENTRY_KINDS = ["moved-working-day", "extra-holiday"] as const;
export type CalendarEntryKind = (typeof CALENDAR_ENTRY_KINDS)[number];

export interface CalendarEntryTable {
  id: Serial;
  kind: CalendarEntryKind;
  /** `YYYY-MM-DD`: the weekday that becomes a day off. */
  day_off: string;
  /** `YYYY-MM-DD`: for a moved working day, the Saturday (or Sunday) worked instead; else null. */
  works_on: string | null;
  /** The Cabinet order's number and date, or the law, the day comes from. */
  source: string;
  /** `PNOLV-…` of the operator's staff member, `cli`, or `migration` (the 2024–2026 seed). */
  entered_by: string;
  entered_at: Timestamp;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
}

export interface EhealthCalendarTables {
  ehealth_calendar_entry: CalendarEntryTable;
}
