/**
 * The calendar's table (migrations.ts lists it as "2026-12-07-24-ehealth-calendar"): the moved
 * working days and extra holidays the operator enters, with the 2024–2026 orders as seed rows.
 * Cheap protections live in the database: shapes and kinds are CHECKs; one entry in force per
 * day (a day cannot be moved twice); no DELETE, no TRUNCATE, and an UPDATE may only withdraw an
 * entry in force, once.
 */
import { type Kysely, sql } from "kysely";
import { SEED_MOVED_WORKING_DAYS } from "./seed-2024-2026.ts";

/** When the seed rows are said to be entered (the migration's own date). */
const SEEDED_AT = new Date("2026-12-07T00:00:00Z");

export async function createCalendarTable(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ehealth_calendar_entry (
      id bigserial primary key,
      kind text not null check (kind in ('moved-working-day', 'extra-holiday')),
      day_off text not null check (day_off ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      works_on text check (works_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      source text not null check (length(source) between 1 and 500),
      entered_by text not null,
      entered_at timestamptz not null,
      withdrawn_at timestamptz,
      withdrawn_by text,
      withdrawal_reason text check (length(withdrawal_reason) <= 1000),
      constraint ehealth_calendar_entry_shape check (
        (kind = 'moved-working-day') = (works_on is not null)),
      constraint ehealth_calendar_entry_withdrawal check (
        (withdrawn_at is null) = (withdrawn_by is null)
        and (withdrawn_at is null) = (withdrawal_reason is null))
    )`.execute(db);
  await sql`create unique index ehealth_calendar_entry_day_off_in_force
    on ehealth_calendar_entry (day_off) where withdrawn_at is null`.execute(db);
  await sql`create unique index ehealth_calendar_entry_works_on_in_force
    on ehealth_calendar_entry (works_on) where withdrawn_at is null and works_on is not null`.execute(db);
  await sql`
    create function ehealth_calendar_entry_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'calendar entries are withdrawn, never deleted' using errcode = 'insufficient_privilege';
      end if;
      if old.withdrawn_at is not null
         or new.id is distinct from old.id or new.kind is distinct from old.kind
         or new.day_off is distinct from old.day_off or new.works_on is distinct from old.works_on
         or new.source is distinct from old.source or new.entered_by is distinct from old.entered_by
         or new.entered_at is distinct from old.entered_at then
        raise exception 'a calendar entry may only be withdrawn, once' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger ehealth_calendar_entry_guard before update or delete on ehealth_calendar_entry
    for each row execute function ehealth_calendar_entry_guard()`.execute(db);
  await sql`create trigger ehealth_calendar_entry_no_truncate before truncate on ehealth_calendar_entry
    for each statement execute function ehealth_refuse_change()`.execute(db);
  for (const m of SEED_MOVED_WORKING_DAYS) {
    await sql`insert into ehealth_calendar_entry (kind, day_off, works_on, source, entered_by, entered_at)
      values ('moved-working-day', ${m.dayOff}, ${m.worksOn}, ${m.source}, 'migration', ${SEEDED_AT})`.execute(
      db,
    );
  }
}
