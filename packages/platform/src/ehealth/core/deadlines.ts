/**
 * The contract's deadlines (seed 002 and its annexes) as data, and their due dates on the
 * Latvian calendar. A due date is the LAST calendar day on which the act is in time; the day of
 * the triggering event is not counted ("within 5 working days of X": X + 5 working days).
 *
 * Calendar-day terms are counted plainly: the rule that a term ending on a day off moves to the
 * next working day (as in some Latvian procedural laws) is not in the contract, so it is not
 * applied here; a caller who needs it can roll the due date with `addWorkingDays`.
 *
 * The calendar is a required argument: a due date is only as right as the moved working days it
 * counts with, so every caller passes the calendar loaded from the operator's entries
 * (calendar/calendar-store.ts `loadWorkingDayCalendar`) — no silent law-only default.
 */
import { addDays, type CalendarDate, dayNumber, rigaDateOf } from "./calendar-date.ts";
import type { WorkingDayCalendar } from "./working-days.ts";

export interface DeadlineRule {
  /** The requirement it comes from (REQUIREMENTS.md). */
  readonly requirement: string;
  readonly unit: "calendar-days" | "working-days";
  readonly count: number;
  /** "after": due `count` days after the event; "before": at the latest `count` days before it. */
  readonly direction: "after" | "before";
  /** What the event is and what must happen by the due date. */
  readonly description: string;
}

export const DEADLINE_RULES = Object.freeze({
  // ANX1-1: within 30 days of the contract the institution applies for portal use.
  portalApplication: {
    requirement: "ANX1-1",
    unit: "calendar-days",
    count: 30,
    direction: "after",
    description: "apply for portal use after the contract is concluded",
  },
  // ANX1-2: changes are sent within 5 working days of taking effect.
  changeNotice: {
    requirement: "ANX1-2",
    unit: "working-days",
    count: 5,
    direction: "after",
    description: "send a change after it takes effect",
  },
  // ANX1-3: for small institutions the operator processes rights within 5 working days.
  smallInstitutionRightsProcessing: {
    requirement: "ANX1-3",
    unit: "working-days",
    count: 5,
    direction: "after",
    description:
      "operator grants, changes, suspends or annuls a small institution's user rights after the application",
  },
  // ANX1-4: the administrator's access is created, ended or changed within 5 working days.
  administratorAccessProcessing: {
    requirement: "ANX1-4",
    unit: "working-days",
    count: 5,
    direction: "after",
    description: "operator creates, ends or changes the administrator's access after the application",
  },
  // CON-5: notice of a suspended or annulled connection or right no later than 1 working day after.
  suspensionNotice: {
    requirement: "CON-5",
    unit: "working-days",
    count: 1,
    direction: "after",
    description: "tell the institution of a suspension or annulment after it happens",
  },
  // CON-2: requests, problem and incident reports are answered within 10 working days.
  answerToRequest: {
    requirement: "CON-2",
    unit: "working-days",
    count: 10,
    direction: "after",
    description: "answer a request, problem or incident report after receiving it",
  },
  // CON-9: the report on processing of a person's data, within 10 working days of the request.
  processingReport: {
    requirement: "CON-9",
    unit: "working-days",
    count: 10,
    direction: "after",
    description: "report who processed a person's data, on what ground, after the operator asks",
  },
  // CON-11: an institution that stops work tells the operator at least 5 working days before.
  stopWorkNotice: {
    requirement: "CON-11",
    unit: "working-days",
    count: 5,
    direction: "before",
    description: "tell the operator before the institution stops work",
  },
  // ANX2-4: system access is created within 5 working days of a complete application.
  systemAccessProcessing: {
    requirement: "ANX2-4",
    unit: "working-days",
    count: 5,
    direction: "after",
    description: "operator creates system access after a complete application",
  },
  // ANX2-18: on signs of a security bypass, the institution tells the operator within 1 working day.
  securityIncidentNotice: {
    requirement: "ANX2-18",
    unit: "working-days",
    count: 1,
    direction: "after",
    description: "tell the operator after finding signs of a security bypass or damage",
  },
} as const satisfies Record<string, DeadlineRule>);

export type DeadlineKind = keyof typeof DEADLINE_RULES;

export interface Deadline {
  readonly kind: DeadlineKind;
  readonly rule: DeadlineRule;
  /** The date of the event the term counts from (or, for "before", towards). */
  readonly eventDate: CalendarDate;
  /** The last day on which the act is in time. */
  readonly due: CalendarDate;
  /** True once the Riga date at `now` is past the due date and the act was not done in time. */
  overdue(now: Date, doneOn?: CalendarDate): boolean;
}

export function dueDate(
  rule: DeadlineRule,
  eventDate: CalendarDate,
  calendar: WorkingDayCalendar,
): CalendarDate {
  const signed = rule.direction === "after" ? rule.count : -rule.count;
  return rule.unit === "calendar-days"
    ? addDays(eventDate, signed)
    : calendar.addWorkingDays(eventDate, signed);
}

/** The deadline of `kind` for an event on `eventDate`. */
export function deadlineFor(
  kind: DeadlineKind,
  eventDate: CalendarDate,
  calendar: WorkingDayCalendar,
): Deadline {
  const rule: DeadlineRule = DEADLINE_RULES[kind];
  const due = dueDate(rule, eventDate, calendar);
  const dueDay = dayNumber(due);
  return Object.freeze({
    kind,
    rule,
    eventDate,
    due,
    overdue(now: Date, doneOn?: CalendarDate): boolean {
      // Done in time closes the deadline; done late stays overdue (the record shows it was late).
      if (doneOn !== undefined) return dayNumber(doneOn) > dueDay;
      return dayNumber(rigaDateOf(now)) > dueDay;
    },
  });
}
