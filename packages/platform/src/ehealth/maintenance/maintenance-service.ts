/**
 * Scheduling planned maintenance (CON-5, ANX2-15). A window is accepted only if it lies wholly
 * outside working hours (core/maintenance-window.ts: before 07:30 or from 20:00 on working days,
 * or on days off, in Riga time, with the operator's calendar) and starts at least three working
 * days — and 72 hours — after it is scheduled, so every active institution can be told in time;
 * the notices are queued in the same transaction, with an audit record. Cancelling tells them too.
 */
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import { loadWorkingDayCalendar } from "../calendar/calendar-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { ANNOUNCEMENT_LEAD_MS, isWithinMaintenanceWindow } from "../core/maintenance-window.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import { enqueueEhealthMail } from "../outbox/ehealth-mail.ts";
import { maintenanceNotice } from "./notice.ts";

/** CON-5: working days between the scheduling day and the first day of the work. */
export const MIN_LEAD_WORKING_DAYS = 3;
const MAX_DESCRIPTION = 500;

export interface MaintenanceWindow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  descriptionLv: string;
  descriptionEn: string;
  scheduledBy: string;
  scheduledAt: Date;
  cancelledAt: Date | null;
}

export interface NewMaintenanceWindow {
  startsAt: Date;
  endsAt: Date;
  descriptionLv: string;
  descriptionEn: string;
}

function checkDescriptions(w: NewMaintenanceWindow): void {
  for (const [field, text] of [
    ["descriptionLv", w.descriptionLv],
    ["descriptionEn", w.descriptionEn],
  ] as const)
    if (!text.trim() || text.length > MAX_DESCRIPTION || /[\r\n]/.test(text))
      throw new EhealthError("bad-input", `${field}: one line of 1 to ${MAX_DESCRIPTION} characters`, {
        field,
      });
}

/** Schedules a window and queues its notice to every active institution; the window's id. */
export async function scheduleMaintenance(
  db: Kysely<Database>,
  window: NewMaintenanceWindow,
  actor: string,
  now: Date,
): Promise<{ id: string; notified: number }> {
  checkDescriptions(window);
  if (Number.isNaN(window.startsAt.getTime()) || Number.isNaN(window.endsAt.getTime()))
    throw new EhealthError("bad-date", "start and end must be times", { field: "startsAt" });
  return db.transaction().execute(async (trx) => {
    const calendar = await loadWorkingDayCalendar(trx);
    const lead = calendar.workingDaysBetween(rigaDateOf(now), rigaDateOf(window.startsAt));
    if (lead < MIN_LEAD_WORKING_DAYS || window.startsAt.getTime() - now.getTime() < ANNOUNCEMENT_LEAD_MS)
      throw new EhealthError(
        "bad-input",
        `planned work must be announced at least ${MIN_LEAD_WORKING_DAYS} working days ahead (CON-5); this start is ${Math.max(lead, 0)} working days away`,
        { field: "startsAt" },
      );
    if (!isWithinMaintenanceWindow(window.startsAt, window.endsAt, calendar))
      throw new EhealthError(
        "bad-input",
        "planned work must lie wholly outside working hours: before 07:30 or from 20:00 on working days, or on days off (CON-5)",
        { field: "endsAt" },
      );
    const row = await trx
      .insertInto("ehealth_maintenance_window")
      .values({
        starts_at: window.startsAt,
        ends_at: window.endsAt,
        description_lv: window.descriptionLv.trim(),
        description_en: window.descriptionEn.trim(),
        scheduled_by: actor,
        scheduled_at: now,
        cancelled_at: null,
        cancelled_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const notified = await notifyInstitutions(trx, "ehealth.maintenance.scheduled", window, now);
    await appendAuditRecord(
      trx,
      {
        actor,
        action: "ehealth.maintenance.scheduled",
        object: `maintenance:${row.id}`,
        purpose: `from=${window.startsAt.toISOString()}; to=${window.endsAt.toISOString()}; notified=${notified}`,
        legalGround: "CON-5",
        outcome: "success",
      },
      now,
    );
    return { id: row.id, notified };
  });
}

/** Cancels a planned window that has not ended; institutions are told. */
export async function cancelMaintenance(
  db: Kysely<Database>,
  id: string,
  actor: string,
  now: Date,
): Promise<void> {
  if (!/^\d{1,18}$/.test(id)) throw new EhealthError("not-found", "no such maintenance window");
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("ehealth_maintenance_window")
      .set({ cancelled_at: now, cancelled_by: actor })
      .where("id", "=", id)
      .where("cancelled_at", "is", null)
      .where("ends_at", ">", now)
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new EhealthError("not-found", "no planned window with this id that can still be cancelled");
    const window = windowOf(row);
    const notified = await notifyInstitutions(trx, "ehealth.maintenance.cancelled", window, now, true);
    await appendAuditRecord(
      trx,
      {
        actor,
        action: "ehealth.maintenance.cancelled",
        object: `maintenance:${id}`,
        purpose: `notified=${notified}`,
        legalGround: "CON-5",
        outcome: "success",
      },
      now,
    );
  });
}

/** Windows not yet ended (and not cancelled), soonest first: the status page and the CLI list. */
export async function plannedMaintenance(db: Kysely<Database>, now: Date): Promise<MaintenanceWindow[]> {
  const rows = await db
    .selectFrom("ehealth_maintenance_window")
    .selectAll()
    .where("cancelled_at", "is", null)
    .where("ends_at", ">", now)
    .orderBy("starts_at")
    .execute();
  return rows.map(windowOf);
}

/** The window in force at `now`, if any. */
export async function currentMaintenance(
  db: Kysely<Database>,
  now: Date,
): Promise<MaintenanceWindow | undefined> {
  const row = await db
    .selectFrom("ehealth_maintenance_window")
    .selectAll()
    .where("cancelled_at", "is", null)
    .where("starts_at", "<=", now)
    .where("ends_at", ">", now)
    .orderBy("ends_at", "desc")
    .executeTakeFirst();
  return row ? windowOf(row) : undefined;
}

function windowOf(row: {
  id: string;
  starts_at: Date;
  ends_at: Date;
  description_lv: string;
  description_en: string;
  scheduled_by: string;
  scheduled_at: Date;
  cancelled_at: Date | null;
}): MaintenanceWindow {
  return {
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    descriptionLv: row.description_lv,
    descriptionEn: row.description_en,
    scheduledBy: row.scheduled_by,
    scheduledAt: row.scheduled_at,
    cancelledAt: row.cancelled_at,
  };
}

/** One notice per active institution, to be sent before the window starts. */
async function notifyInstitutions(
  trx: Kysely<Database>,
  kind: string,
  window: NewMaintenanceWindow,
  now: Date,
  cancelled = false,
): Promise<number> {
  const institutions = await trx
    .selectFrom("ehealth_institution")
    .select(["registration_number", "contact_email"])
    .where("status", "=", "active")
    .orderBy("registration_number")
    .execute();
  const { subject, body } = maintenanceNotice({ ...window, cancelled });
  // Sent by the day before the work starts at the latest (the outbox marks it late after that).
  const sendBy = rigaDateOf(new Date(Math.max(now.getTime(), window.startsAt.getTime() - 86_400_000)));
  for (const institution of institutions)
    await enqueueEhealthMail(
      trx,
      {
        kind,
        to: institution.contact_email,
        subject,
        body,
        registrationNumber: institution.registration_number,
        sendBy,
      },
      now,
    );
  return institutions.length;
}
