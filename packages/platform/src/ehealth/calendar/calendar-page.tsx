/**
 * The operator's page of the working-day calendar (/ehealth/operator/calendar): a year's entries
 * — moved working days and extra holidays, withdrawn ones too, with source and who entered them —
 * and the form to add one (CSRF field, error summary, each message next to its field). Dates are
 * shown and typed as dd.mm.gggg (the Latvian form); YYYY-MM-DD is accepted too.
 */
import { renderPage } from "../../web/layout.tsx";
import { rigaDateOf } from "../core/calendar-date.ts";
import { showDate } from "../core/people-dates.ts";
import { Breadcrumbs } from "../pages/operator-pages.tsx";
import { CsrfField, type EhealthPageContext, SignedInBar } from "../pages/shared-components.tsx";
import {
  DataTable,
  DoneNotice,
  ErrorSummary,
  type FieldErrors,
  label,
  Section,
  SelectField,
  TextField,
} from "../pages/shared-workplace.tsx";
import type { SignedInPerson } from "../web-session/web-session.ts";
import type { CalendarEntry } from "./calendar-store.ts";
import { CALENDAR_ENTRY_KINDS } from "./tables.ts";

export const CALENDAR_PATH = "/ehealth/operator/calendar";
export const CALENDAR_LIMITS = { date: 10, source: 500, reason: 1000 } as const;

/** Where an entry's withdrawal form is shown and posts. */
export const withdrawPath = (id: string): string => `${CALENDAR_PATH}/${encodeURIComponent(id)}/withdraw`;

export interface CalendarPageData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  year: number;
  entries: CalendarEntry[];
  done?: "added" | "withdrawn";
  errors?: FieldErrors;
  values?: Record<string, string>;
}

function enteredBy(ctx: EhealthPageContext, by: string): string {
  if (by === "migration") return ctx.tr("ehealth.calendar.byMigration");
  if (by === "cli") return ctx.tr("ehealth.calendar.byCommandLine");
  return by.replace(/^PNOLV-/, "");
}

function EntriesTable(props: { ctx: EhealthPageContext; year: number; entries: CalendarEntry[] }) {
  const { ctx } = props;
  return (
    <DataTable
      caption={ctx.tr("ehealth.calendar.entries", { year: String(props.year) })}
      headers={[
        ctx.tr("ehealth.calendar.col.dayOff"),
        ctx.tr("ehealth.calendar.col.kind"),
        ctx.tr("ehealth.calendar.col.worksOn"),
        ctx.tr("ehealth.calendar.col.source"),
        ctx.tr("ehealth.calendar.col.enteredBy"),
        ctx.tr("ehealth.calendar.col.status"),
      ]}
      rows={props.entries}
      empty={ctx.tr("ehealth.calendar.none")}
      row={(e) => (
        <tr key={e.id} class={e.withdrawn ? "withdrawn" : undefined}>
          <td>{showDate(e.dayOff)}</td>
          <td>{label(ctx, "calendarKind", e.kind)}</td>
          <td>{e.worksOn ? showDate(e.worksOn) : "—"}</td>
          <td>{e.source}</td>
          <td>{enteredBy(ctx, e.enteredBy)}</td>
          <td>
            {e.withdrawn
              ? ctx.tr("ehealth.calendar.withdrawn", {
                  date: showDate(rigaDateOf(e.withdrawn.at)),
                  reason: e.withdrawn.reason,
                })
              : [
                  ctx.tr("ehealth.calendar.inForce"),
                  " · ",
                  <a key="withdraw" href={withdrawPath(e.id)}>
                    {ctx.tr("ehealth.calendar.withdraw.link")}
                  </a>,
                ]}
          </td>
        </tr>
      )}
    />
  );
}

export function calendarPage(data: CalendarPageData): string {
  const { ctx, year, errors, values } = data;
  const title = ctx.tr("ehealth.calendar.title");
  const field = (name: "dayOff" | "worksOn" | "source", extra: { required?: boolean } = {}) => (
    <TextField
      ctx={ctx}
      id={`calendar-${name}`}
      name={name}
      label={`ehealth.calendar.field.${name}`}
      hint={
        name === "source"
          ? "ehealth.calendar.field.sourceHint"
          : name === "worksOn"
            ? "ehealth.calendar.field.worksOnHint"
            : "ehealth.calendar.field.dateHint"
      }
      value={values?.[name]}
      errors={errors}
      required={extra.required}
      maxLength={name === "source" ? CALENDAR_LIMITS.source : CALENDAR_LIMITS.date}
    />
  );
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <Breadcrumbs ctx={ctx} />
      <h1>{title}</h1>
      <p>{ctx.tr("ehealth.calendar.intro")}</p>
      <DoneNotice
        ctx={ctx}
        done={
          data.done === "added"
            ? "ehealth.calendar.done"
            : data.done === "withdrawn"
              ? "ehealth.calendar.withdraw.done"
              : undefined
        }
      />
      <Section id="calendar-entries" title={ctx.tr("ehealth.calendar.entries", { year: String(year) })}>
        <p>
          <a href={`${CALENDAR_PATH}?year=${year - 1}`}>{ctx.tr("ehealth.calendar.previousYear")}</a>
          {" · "}
          <a href={`${CALENDAR_PATH}?year=${year + 1}`}>{ctx.tr("ehealth.calendar.nextYear")}</a>
        </p>
        <EntriesTable ctx={ctx} year={year} entries={data.entries} />
      </Section>
      <Section id="calendar-add" title={ctx.tr("ehealth.calendar.add")}>
        <form method="post" action={`${CALENDAR_PATH}?year=${year}`} novalidate>
          <CsrfField token={data.person.csrfToken} />
          <ErrorSummary ctx={ctx} errors={errors} idPrefix="calendar" />
          <SelectField
            ctx={ctx}
            id="calendar-kind"
            name="kind"
            label="ehealth.calendar.field.kind"
            options={CALENDAR_ENTRY_KINDS.map((k) => ({ value: k, text: label(ctx, "calendarKind", k) }))}
            value={values?.kind}
            errors={errors}
          />
          {field("dayOff")}
          {field("worksOn", { required: false })}
          {field("source")}
          <button type="submit">{ctx.tr("ehealth.calendar.submit")}</button>
        </form>
      </Section>
    </>,
  );
}

export interface WithdrawPageData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  entry: CalendarEntry;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** The withdrawal form of one entry: what it is, the reason (required), CSRF. */
export function withdrawPage(data: WithdrawPageData): string {
  const { ctx, entry } = data;
  const title = ctx.tr("ehealth.calendar.withdraw.title");
  const back = `${CALENDAR_PATH}?year=${entry.dayOff.slice(0, 4)}`;
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <Breadcrumbs ctx={ctx} />
      <h1>{title}</h1>
      <p>{ctx.tr("ehealth.calendar.withdraw.intro")}</p>
      <dl class="facts">
        <dt>{ctx.tr("ehealth.calendar.col.dayOff")}</dt>
        <dd>{showDate(entry.dayOff)}</dd>
        <dt>{ctx.tr("ehealth.calendar.col.kind")}</dt>
        <dd>{label(ctx, "calendarKind", entry.kind)}</dd>
        {entry.worksOn && (
          <>
            <dt>{ctx.tr("ehealth.calendar.col.worksOn")}</dt>
            <dd>{showDate(entry.worksOn)}</dd>
          </>
        )}
        <dt>{ctx.tr("ehealth.calendar.col.source")}</dt>
        <dd>{entry.source}</dd>
      </dl>
      <form method="post" action={withdrawPath(entry.id)} novalidate>
        <CsrfField token={data.person.csrfToken} />
        <ErrorSummary ctx={ctx} errors={data.errors} idPrefix="withdraw" />
        <TextField
          ctx={ctx}
          id="withdraw-reason"
          name="reason"
          label="ehealth.calendar.field.reason"
          value={data.values?.reason}
          errors={data.errors}
          multiline
          maxLength={CALENDAR_LIMITS.reason}
        />
        <button type="submit">{ctx.tr("ehealth.calendar.withdraw.submit")}</button>
      </form>
      <p>
        <a href={back}>{ctx.tr("ehealth.calendar.back")}</a>
      </p>
    </>,
  );
}
