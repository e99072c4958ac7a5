/**
 * The working-day calendar in the operator's workplace (registered inside it by module.ts, so the
 * workplace gate — operator role — runs first): GET shows a year's entries and the add form;
 * POST checks every field on the server (messages next to the fields, 400), then calls the
 * service — which decides (rights policy `calendar.manage`), checks the change against the
 * law's calendar and the entries in force, writes it with its audit record and recomputes
 * pending applications' due dates in one transaction — and redirects (PRG, 303). A clash with
 * the calendar is a message at its field (400).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CalendarChange } from "../core/calendar-data.ts";
import { rigaDateOf, yearOf } from "../core/calendar-date.ts";
import { readTypedDate } from "../core/people-dates.ts";
import { EhealthError } from "../errors.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import type { EhealthRouteDeps } from "../module.ts";
import {
  callerOf,
  contextOf,
  formFields,
  html,
  requireOneOf,
  requireText,
  withEhealthErrors,
} from "../pages/shared-respond.tsx";
import type { FieldErrors } from "../pages/shared-workplace.tsx";
import { requireSignIn, type SignedInPerson } from "../web-session/web-session.ts";
import { CALENDAR_LIMITS, CALENDAR_PATH, calendarPage, withdrawPage } from "./calendar-page.tsx";
import {
  addCalendarChange,
  calendarEntryForOperator,
  calendarForOperator,
  withdrawCalendarChange,
} from "./calendar-service.ts";
import { CALENDAR_ENTRY_KINDS } from "./tables.ts";

type Request = FastifyRequest<{ Querystring: { year?: string; done?: string } }>;

/** The year asked for (`?year=2027`), else the current year in Riga. */
function yearAsked(request: Request, now: Date): number {
  const asked = request.query.year;
  return typeof asked === "string" && /^\d{4}$/.test(asked) ? Number(asked) : yearOf(rigaDateOf(now));
}

/** The form's fields checked on the server; on success, the change to enter. */
function validate(values: Record<string, string>): { errors: FieldErrors; change?: CalendarChange } {
  const errors: FieldErrors = {};
  requireOneOf(errors, values, "kind", CALENDAR_ENTRY_KINDS, "ehealth.calendar.error.kind");
  const dayOff = readTypedDate(values.dayOff ?? "");
  if (!dayOff) errors.dayOff = values.dayOff ? "ehealth.calendar.error.date" : "ehealth.error.required";
  const worksOnText = values.worksOn ?? "";
  const worksOn = readTypedDate(worksOnText);
  if (values.kind === "moved-working-day") {
    if (!worksOnText) errors.worksOn = "ehealth.calendar.error.worksOnRequired";
    else if (!worksOn) errors.worksOn = "ehealth.calendar.error.date";
  } else if (values.kind === "extra-holiday" && worksOnText) {
    errors.worksOn = "ehealth.calendar.error.worksOnNotAllowed";
  }
  requireText(errors, values, "source", CALENDAR_LIMITS.source, "ehealth.calendar.error.sourceRequired");
  if (Object.keys(errors).length > 0 || !dayOff) return { errors };
  const change: CalendarChange =
    values.kind === "moved-working-day" && worksOn
      ? { kind: "moved-working-day", dayOff, worksOn }
      : { kind: "extra-holiday", dayOff };
  return { errors, change };
}

export function registerCalendarRoutes(app: FastifyInstance, deps: EhealthRouteDeps): void {
  const services = { db: deps.db, clock: deps.now };

  const render = (
    request: Request,
    reply: FastifyReply,
    person: SignedInPerson,
    state: { status: number; errors?: FieldErrors; values?: Record<string, string> },
  ) =>
    withEhealthErrors(request, reply, async () => {
      const year = yearAsked(request, deps.now());
      const entries = await calendarForOperator(services, callerOf(person, request), year);
      return html(
        reply,
        state.status,
        calendarPage({
          ctx: contextOf(request),
          person,
          year,
          entries,
          done:
            state.status === 200 && (request.query.done === "added" || request.query.done === "withdrawn")
              ? request.query.done
              : undefined,
          errors: state.errors,
          values: state.values,
        }),
      );
    });

  app.get<{ Querystring: { year?: string; done?: string } }>(
    CALENDAR_PATH,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return render(request, reply, person, { status: 200 });
    },
  );

  app.post<{ Querystring: { year?: string; done?: string } }>(
    CALENDAR_PATH,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const values = formFields(request, ["kind", "dayOff", "worksOn", "source"], 1000);
      const { errors, change } = validate(values);
      if (!change) return render(request, reply, person, { status: 400, errors, values });
      return withEhealthErrors(request, reply, async () => {
        try {
          await addCalendarChange(services, callerOf(person, request), {
            change,
            source: values.source ?? "",
          });
        } catch (error) {
          // The calendar's own checks (core/calendar-data.ts): a message at the field concerned.
          if (!(error instanceof EhealthError) || error.code !== "bad-input") throw error;
          const field = error.field ?? "dayOff";
          const key = (
            error.reason ? `ehealth.calendar.error.${error.reason}` : "ehealth.error.invalid"
          ) as EhealthMessageKey;
          return render(request, reply, person, { status: 400, errors: { [field]: key }, values });
        }
        return reply.redirect(`${CALENDAR_PATH}?year=${yearOf(change.dayOff)}&done=added`, 303);
      });
    },
  );

  registerWithdrawRoutes(app, deps);
}

/**
 * Withdrawing an entry: GET shows what it is and asks the reason; POST checks the reason, calls
 * the service (the entry stays in history; pending applications' due dates recomputed; audited)
 * and redirects (PRG, 303). An entry already withdrawn is a message on the form (409).
 */
function registerWithdrawRoutes(app: FastifyInstance, deps: EhealthRouteDeps): void {
  const services = { db: deps.db, clock: deps.now };
  type Params = { id: string };

  const render = (
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    person: SignedInPerson,
    state: { status: number; errors?: FieldErrors; values?: Record<string, string> },
  ) =>
    withEhealthErrors(request, reply, async () => {
      const entry = await calendarEntryForOperator(services, callerOf(person, request), request.params.id);
      const closed = entry.withdrawn !== null && !state.errors;
      return html(
        reply,
        closed ? 409 : state.status,
        withdrawPage({
          ctx: contextOf(request),
          person,
          entry,
          errors: closed ? { reason: "ehealth.calendar.error.alreadyWithdrawn" } : state.errors,
          values: state.values,
        }),
      );
    });

  app.get<{ Params: Params }>(
    `${CALENDAR_PATH}/:id/withdraw`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return render(request, reply, person, { status: 200 });
    },
  );

  app.post<{ Params: Params }>(
    `${CALENDAR_PATH}/:id/withdraw`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const values = formFields(request, ["reason"], 2000);
      const errors: FieldErrors = {};
      requireText(errors, values, "reason", CALENDAR_LIMITS.reason, "ehealth.calendar.error.reasonRequired");
      if (Object.keys(errors).length > 0)
        return render(request, reply, person, { status: 400, errors, values });
      return withEhealthErrors(
        request,
        reply,
        async () => {
          const { entry } = await withdrawCalendarChange(
            services,
            callerOf(person, request),
            request.params.id,
            values.reason ?? "",
          );
          return reply.redirect(`${CALENDAR_PATH}?year=${yearOf(entry.dayOff)}&done=withdrawn`, 303);
        },
        (errs, status) =>
          render(request, reply, person, {
            status,
            errors: status === 409 ? { reason: "ehealth.calendar.error.alreadyWithdrawn" } : errs,
            values,
          }) as never,
      );
    },
  );
}
