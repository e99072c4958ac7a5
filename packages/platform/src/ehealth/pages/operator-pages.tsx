/**
 * The operator's workplace (issue 6 item 3; CON-5, CON-6, ANX1-1..4): the applications queue
 * with due dates and overdue marks, institutions and contracts; an institution's page with its
 * status, status history, administrators and users; suspend / restore / annul with a required
 * reason, and the note that the institution's notice was queued (CON-5).
 */

import type { OutboxMessage } from "../../core/outbox/index.ts";
import { renderPage } from "../../web/layout.tsx";
import type { Application } from "../adapters/application-store.ts";
import type { Contract } from "../adapters/contract-store.ts";
import type { Institution, InstitutionStatusChange } from "../adapters/institution-store.ts";
import type { Administrator, User } from "../adapters/people-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import { supportText } from "../support/messages.ts";
import { OPERATOR_SUPPORT } from "../support/pages.tsx";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { allowedEvents } from "./administrator-rights.tsx";
import { CsrfField, type EhealthPageContext, SignedInBar } from "./shared-components.tsx";
import {
  DataTable,
  DoneNotice,
  day,
  ErrorSummary,
  type FieldErrors,
  label,
  rigaTime,
  Section,
  Status,
  StatusFact,
  TextField,
} from "./shared-workplace.tsx";

export const REASON_MAX = 500;
export const NOTE_MAX = 2000;
const OPERATOR = "/ehealth/operator";

export interface QueueEntry {
  application: Application;
  institutionName: string;
  overdue: boolean;
}

export interface OperatorHomeData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  institutions: (Institution & { hasAdministrator: boolean })[];
  queue: QueueEntry[];
  contracts: (Contract & { institutionName: string })[];
  /** The testbed's mail page, when the testbed is on. */
  mailPage?: string;
  /** CON-5 notices that missed their day. */
  lateNotices: OutboxMessage[];
  done?: EhealthMessageKey;
}

function LateNotices(props: { ctx: EhealthPageContext; notices: OutboxMessage[] }) {
  const { ctx, notices } = props;
  if (notices.length === 0) return null;
  const title = ctx.tr("ehealth.lateNotices.title");
  return (
    <Section id="late-notices" title={title}>
      <p class="overdue">{ctx.tr("ehealth.lateNotices.intro")}</p>
      <DataTable
        caption={title}
        headers={[
          ctx.tr("ehealth.lateNotices.sendBy"),
          ctx.tr("ehealth.lateNotices.to"),
          ctx.tr("ehealth.lateNotices.subject"),
          ctx.tr("ehealth.lateNotices.state"),
        ]}
        rows={notices}
        row={(n) => (
          <tr key={n.id}>
            <td>{day(n.sendBy)}</td>
            <td>{n.to}</td>
            <td>{n.subject}</td>
            <td>
              {n.sentAt
                ? ctx.tr("ehealth.lateNotices.sentOn", { date: rigaDateOf(n.sentAt) })
                : ctx.tr("ehealth.lateNotices.unsent", { attempts: String(n.attempts) })}
            </td>
          </tr>
        )}
      />
    </Section>
  );
}

export function institutionHref(registrationNumber: string): string {
  return `${OPERATOR}/institutions/${encodeURIComponent(registrationNumber)}`;
}

export function Breadcrumbs(props: { ctx: EhealthPageContext; institution?: Institution }) {
  return (
    <nav aria-label={props.ctx.tr("ehealth.nav.breadcrumbs")} class="breadcrumbs">
      <ol>
        <li>
          <a href={`${OPERATOR}/`}>{props.ctx.tr("ehealth.operator.title")}</a>
        </li>
        {props.institution && (
          <li>
            <a href={institutionHref(props.institution.registrationNumber)}>{props.institution.name}</a>
          </li>
        )}
      </ol>
    </nav>
  );
}

function QueueTable(props: {
  ctx: EhealthPageContext;
  queue: QueueEntry[];
  caption: string;
  showInstitution: boolean;
}) {
  const { ctx } = props;
  return (
    <DataTable
      caption={props.caption}
      headers={[
        ...(props.showInstitution ? [ctx.tr("ehealth.col.institution")] : []),
        ctx.tr("ehealth.col.kind"),
        ctx.tr("ehealth.col.summary"),
        ctx.tr("ehealth.col.received"),
        ctx.tr("ehealth.col.submissionDue"),
        ctx.tr("ehealth.col.processingDue"),
        ctx.tr("ehealth.col.status"),
        ctx.tr("ehealth.col.actions"),
      ]}
      rows={props.queue}
      empty={ctx.tr("ehealth.queue.empty")}
      row={({ application: a, institutionName, overdue }) => (
        <tr key={a.id} class={overdue ? "overdue" : undefined}>
          {props.showInstitution && (
            <td>
              <a href={institutionHref(a.registrationNumber)}>{institutionName}</a>
            </td>
          )}
          <td>{label(ctx, "applicationKind", a.kind)}</td>
          <td>{a.summary}</td>
          <td>{day(a.receivedOn)}</td>
          <td>
            {day(a.submissionDue)}
            {a.submittedLate && <strong class="mark-late"> {ctx.tr("ehealth.queue.submittedLate")}</strong>}
          </td>
          <td>
            {day(a.processingDue)}
            {overdue && <strong class="mark-overdue"> {ctx.tr("ehealth.queue.overdue")}</strong>}
          </td>
          <td>{label(ctx, "applicationStatus", a.status)}</td>
          <td>
            {a.status === "pending" ? (
              <a href={`${OPERATOR}/applications/${encodeURIComponent(a.id)}`}>
                {ctx.tr("ehealth.queue.process")}
                <span class="visually-hidden"> {a.summary}</span>
              </a>
            ) : a.processedOn ? (
              day(a.processedOn)
            ) : (
              ""
            )}
          </td>
        </tr>
      )}
    />
  );
}

function ContractsTable(props: {
  ctx: EhealthPageContext;
  contracts: (Contract & { institutionName?: string })[];
  showInstitution: boolean;
}) {
  const { ctx } = props;
  return (
    <DataTable
      caption={ctx.tr("ehealth.contracts.title")}
      headers={[
        ctx.tr("ehealth.col.number"),
        ...(props.showInstitution ? [ctx.tr("ehealth.col.institution")] : []),
        ctx.tr("ehealth.col.scope"),
        ctx.tr("ehealth.col.concluded"),
        ctx.tr("ehealth.col.valid"),
        ctx.tr("ehealth.col.status"),
      ]}
      rows={props.contracts}
      empty={ctx.tr("ehealth.contracts.none")}
      row={(c) => (
        <tr key={c.id}>
          <td>{c.number}</td>
          {props.showInstitution && (
            <td>
              <a href={institutionHref(c.registrationNumber)}>{c.institutionName}</a>
            </td>
          )}
          <td>{label(ctx, "scope", c.scope)}</td>
          <td>{day(c.concludedOn)}</td>
          <td>
            {day(c.validFrom)} – {c.validUntil ? day(c.validUntil) : ctx.tr("ehealth.contracts.openEnded")}
          </td>
          <td>{label(ctx, "contractStatus", c.status)}</td>
        </tr>
      )}
    />
  );
}

export function operatorHomePage(data: OperatorHomeData): string {
  const { ctx } = data;
  const title = ctx.tr("ehealth.operator.title");
  const overdue = data.queue.filter((q) => q.overdue).length;
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <h1>{title}</h1>
      <DoneNotice ctx={ctx} done={data.done} />
      {data.mailPage && (
        <p class="notice-info">
          {ctx.tr("ehealth.operator.testbedMail")}{" "}
          <a href={data.mailPage}>{ctx.tr("ehealth.operator.testbedMailLink")}</a>
        </p>
      )}
      <p>
        <a href="/ehealth/reports/operator">{ctx.tr("ehealth.workplace.reportsLink")}</a>
      </p>
      <p>
        <a href={`${OPERATOR}/calendar`}>{ctx.tr("ehealth.calendar.link")}</a>
      </p>
      <p>
        <a href={`${OPERATOR}/copying`}>{ctx.tr("ehealth.copying.link")}</a>
      </p>
      <p>
        <a href={`${OPERATOR}/connections`}>{ctx.tr("ehealth.connection.operatorLink")}</a>
      </p>
      <p>
        <a href={`${OPERATOR_SUPPORT}/`}>{supportText(ctx.language).title}</a>
      </p>
      <LateNotices ctx={ctx} notices={data.lateNotices} />
      <Section id="queue" title={ctx.tr("ehealth.queue.title")}>
        <p>
          {ctx.tr("ehealth.queue.intro", { pending: String(data.queue.length), overdue: String(overdue) })}
        </p>
        <QueueTable ctx={ctx} queue={data.queue} caption={ctx.tr("ehealth.queue.title")} showInstitution />
      </Section>
      <Section id="institutions" title={ctx.tr("ehealth.institutions.title")}>
        <p>
          <a href={`${OPERATOR}/register/institution`}>{ctx.tr("ehealth.register.institution.title")}</a>
        </p>
        <DataTable
          caption={ctx.tr("ehealth.institutions.title")}
          headers={[
            ctx.tr("ehealth.col.name"),
            ctx.tr("ehealth.col.regNo"),
            ctx.tr("ehealth.col.kind"),
            ctx.tr("ehealth.col.size"),
            ctx.tr("ehealth.col.administrator"),
            ctx.tr("ehealth.col.status"),
          ]}
          rows={data.institutions}
          row={(i) => (
            <tr key={i.registrationNumber}>
              <td>
                <a href={institutionHref(i.registrationNumber)}>{i.name}</a>
              </td>
              <td>{i.registrationNumber}</td>
              <td>{label(ctx, "institutionKind", i.kind)}</td>
              <td>{label(ctx, "staffSize", i.staffSize)}</td>
              <td>{ctx.tr(i.hasAdministrator ? "ehealth.yes" : "ehealth.institutions.noAdministrator")}</td>
              <td>
                <Status ctx={ctx} status={i.status} />
              </td>
            </tr>
          )}
        />
      </Section>
      <Section id="contracts" title={ctx.tr("ehealth.contracts.title")}>
        <ContractsTable ctx={ctx} contracts={data.contracts} showInstitution />
      </Section>
    </>,
  );
}

export interface InstitutionPageData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  institution: Institution;
  history: InstitutionStatusChange[];
  contracts: Contract[];
  administrators: Administrator[];
  users: User[];
  queue: QueueEntry[];
  hasAdministrator: boolean;
  done?: EhealthMessageKey;
  noticeQueued?: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** Suspend / restore / annul with a required reason (CON-6): institution, administrator or user. */
function StatusForm(props: {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  action: string;
  status: string;
  prefix: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
}) {
  const { ctx, errors, values, prefix } = props;
  const events = allowedEvents(props.status);
  if (events.length === 0) return <p>{ctx.tr("ehealth.status.final")}</p>;
  return (
    <form method="post" action={props.action} novalidate>
      <CsrfField token={props.person.csrfToken} />
      <ErrorSummary ctx={ctx} errors={errors} idPrefix={prefix} />
      <fieldset aria-describedby={errors?.event ? `${prefix}-event-error` : undefined}>
        <legend>{ctx.tr("ehealth.field.event")}</legend>
        {errors?.event && (
          <p class="error-message" id={`${prefix}-event-error`}>
            {ctx.tr(errors.event)}
          </p>
        )}
        {events.map((event, i) => {
          const id = i === 0 ? `${prefix}-event` : `${prefix}-event-${event}`;
          return (
            <div class="radio" key={event}>
              <input type="radio" id={id} name="event" value={event} checked={values?.event === event} />
              <label for={id}>{label(ctx, "action", event)}</label>
            </div>
          );
        })}
      </fieldset>
      <TextField
        ctx={ctx}
        id={`${prefix}-reason`}
        name="reason"
        label="ehealth.field.reason"
        hint="ehealth.field.reasonHint"
        value={values?.reason}
        errors={errors}
        multiline
        maxLength={REASON_MAX}
      />
      <button type="submit">{ctx.tr("ehealth.status.button")}</button>
    </form>
  );
}

function PeopleTable(props: {
  ctx: EhealthPageContext;
  people: (Administrator | User)[];
  hrefOf: (id: string) => string;
  caption: string;
  extra: (p: Administrator | User) => string;
  extraHeading: EhealthMessageKey;
  /** Shown instead of the table when there is nobody. */
  empty: string;
}) {
  const { ctx } = props;
  return (
    <DataTable
      caption={props.caption}
      empty={props.empty}
      headers={[
        ctx.tr("ehealth.col.name"),
        ctx.tr("ehealth.col.personCode"),
        ctx.tr(props.extraHeading),
        ctx.tr("ehealth.col.status"),
        ctx.tr("ehealth.col.actions"),
      ]}
      rows={props.people}
      row={(p) => (
        <tr key={p.id}>
          <td>
            {p.givenName} {p.familyName}
          </td>
          <td>{p.personCode}</td>
          <td>{props.extra(p)}</td>
          <td>
            <Status ctx={ctx} status={p.status} />
          </td>
          <td>
            <a href={props.hrefOf(p.id)}>
              {ctx.tr("ehealth.status.change")}
              <span class="visually-hidden">
                {" "}
                {p.givenName} {p.familyName}
              </span>
            </a>
          </td>
        </tr>
      )}
    />
  );
}

export function institutionPage(data: InstitutionPageData): string {
  const { ctx, institution: inst } = data;
  const base = institutionHref(inst.registrationNumber);
  return renderPage(
    ctx,
    inst.name,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <Breadcrumbs ctx={ctx} />
      <h1>{inst.name}</h1>
      <DoneNotice ctx={ctx} done={data.done} noticeQueued={data.noticeQueued} />
      <dl class="facts">
        <dt>{ctx.tr("ehealth.col.regNo")}</dt>
        <dd>{inst.registrationNumber}</dd>
        <dt>{ctx.tr("ehealth.col.kind")}</dt>
        <dd>{label(ctx, "institutionKind", inst.kind)}</dd>
        <dt>{ctx.tr("ehealth.col.size")}</dt>
        <dd>{label(ctx, "staffSize", inst.staffSize)}</dd>
        <dt>{ctx.tr("ehealth.col.email")}</dt>
        <dd>{inst.contactEmail}</dd>
        <StatusFact ctx={ctx} status={inst.status} reason={inst.statusReason} />
      </dl>
      <Section id="status" title={ctx.tr("ehealth.institution.changeStatus")}>
        <StatusForm
          ctx={ctx}
          person={data.person}
          action={`${base}/status`}
          status={inst.status}
          prefix="institution"
          errors={data.errors}
          values={data.values}
        />
      </Section>
      <Section id="history" title={ctx.tr("ehealth.institution.history")}>
        <DataTable
          caption={ctx.tr("ehealth.institution.history")}
          headers={[
            ctx.tr("ehealth.col.when"),
            ctx.tr("ehealth.col.status"),
            ctx.tr("ehealth.col.reason"),
            ctx.tr("ehealth.col.actor"),
          ]}
          rows={[...data.history].reverse()}
          empty={ctx.tr("ehealth.institution.noHistory")}
          row={(h) => (
            <tr key={h.seq}>
              <td>{rigaTime(h.at)}</td>
              <td>
                <Status ctx={ctx} status={h.status} />
              </td>
              <td>{h.reason}</td>
              <td>{h.actor}</td>
            </tr>
          )}
        />
      </Section>
      <Section id="administrators" title={ctx.tr("ehealth.administrators.title")}>
        <p>
          <a href={`${base}/register/administrator`}>{ctx.tr("ehealth.register.administrator.title")}</a>
        </p>
        <PeopleTable
          ctx={ctx}
          people={data.administrators}
          hrefOf={(id) => `${base}/administrators/${encodeURIComponent(id)}`}
          caption={ctx.tr("ehealth.administrators.title")}
          extra={(p) => (p as Administrator).email}
          extraHeading="ehealth.col.email"
          empty={ctx.tr("ehealth.administrators.none")}
        />
      </Section>
      <Section id="users" title={ctx.tr("ehealth.users.title")}>
        <p>
          <a href={`${base}/rights/`}>{ctx.tr("ehealth.institution.manageRights")}</a>
          {data.hasAdministrator ? ` — ${ctx.tr("ehealth.institution.rightsByAdministrator")}` : ""}
        </p>
        {!data.hasAdministrator && (
          <p>
            <a href={`${base}/register/user`}>{ctx.tr("ehealth.register.user.title")}</a>
          </p>
        )}
        <PeopleTable
          ctx={ctx}
          people={data.users}
          hrefOf={(id) => `${base}/users/${encodeURIComponent(id)}`}
          caption={ctx.tr("ehealth.users.title")}
          extra={(p) => (p as User).profession}
          extraHeading="ehealth.col.profession"
          empty={ctx.tr("ehealth.users.none")}
        />
      </Section>
      <Section id="contracts" title={ctx.tr("ehealth.contracts.title")}>
        <p>
          <a href={`${base}/register/contract`}>{ctx.tr("ehealth.register.contract.title")}</a>
        </p>
        <ContractsTable ctx={ctx} contracts={data.contracts} showInstitution={false} />
        {/* CON-14: each active contract can be ended (its form: pages/operator-register.tsx). */}
        {data.contracts.some((c) => c.status === "active") && (
          <ul>
            {data.contracts
              .filter((c) => c.status === "active")
              .map((c) => (
                <li key={c.id}>
                  <a href={`${base}/contracts/${encodeURIComponent(c.id)}/terminate`}>
                    {ctx.tr("ehealth.terminate.title")} {c.number}
                  </a>
                </li>
              ))}
          </ul>
        )}
      </Section>
      <Section id="applications" title={ctx.tr("ehealth.queue.institution")}>
        <QueueTable
          ctx={ctx}
          queue={data.queue}
          caption={ctx.tr("ehealth.queue.institution")}
          showInstitution={false}
        />
      </Section>
    </>,
  );
}

export interface PersonStatusPageData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  institution: Institution;
  kind: "administrator" | "user";
  subject: Administrator | User;
  done?: EhealthMessageKey;
  noticeQueued?: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** An administrator's or a user's access: suspend / restore / annul with a reason (CON-6, ANX1-4). */
export function personStatusPage(data: PersonStatusPageData): string {
  const { ctx, subject, institution } = data;
  const name = `${subject.givenName} ${subject.familyName}`;
  const title = `${ctx.tr(data.kind === "administrator" ? "ehealth.administrators.one" : "ehealth.users.one")}: ${name}`;
  const path = `${institutionHref(institution.registrationNumber)}/${data.kind === "administrator" ? "administrators" : "users"}/${encodeURIComponent(subject.id)}`;
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <Breadcrumbs ctx={ctx} institution={institution} />
      <h1>{title}</h1>
      <DoneNotice ctx={ctx} done={data.done} noticeQueued={data.noticeQueued} />
      <dl class="facts">
        <dt>{ctx.tr("ehealth.col.personCode")}</dt>
        <dd>{subject.personCode}</dd>
        <StatusFact ctx={ctx} status={subject.status} reason={subject.statusReason} />
      </dl>
      <Section id="status" title={ctx.tr("ehealth.status.change")}>
        <StatusForm
          ctx={ctx}
          person={data.person}
          action={`${path}/status`}
          status={subject.status}
          prefix="person"
          errors={data.errors}
          values={data.values}
        />
      </Section>
    </>,
  );
}

export interface ApplicationPageData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  entry: QueueEntry;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** ANX1-3 / ANX1-4: the operator processes or rejects an application, with an optional note. */
export function applicationPage(data: ApplicationPageData): string {
  const { ctx, entry, errors, values } = data;
  const a = entry.application;
  const title = `${ctx.tr("ehealth.queue.application")}: ${label(ctx, "applicationKind", a.kind)}`;
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <Breadcrumbs ctx={ctx} />
      <h1>{title}</h1>
      <dl class="facts">
        <dt>{ctx.tr("ehealth.col.institution")}</dt>
        <dd>
          <a href={institutionHref(a.registrationNumber)}>{entry.institutionName}</a>
        </dd>
        <dt>{ctx.tr("ehealth.col.summary")}</dt>
        <dd>{a.summary}</dd>
        <dt>{ctx.tr("ehealth.col.received")}</dt>
        <dd>{day(a.receivedOn)}</dd>
        <dt>{ctx.tr("ehealth.col.processingDue")}</dt>
        <dd>
          {day(a.processingDue)}
          {entry.overdue && <strong class="mark-overdue"> {ctx.tr("ehealth.queue.overdue")}</strong>}
        </dd>
        <dt>{ctx.tr("ehealth.col.status")}</dt>
        <dd>{label(ctx, "applicationStatus", a.status)}</dd>
      </dl>
      {a.status === "pending" ? (
        <form method="post" action={`${OPERATOR}/applications/${encodeURIComponent(a.id)}`} novalidate>
          <CsrfField token={data.person.csrfToken} />
          <ErrorSummary ctx={ctx} errors={errors} idPrefix="application" />
          <fieldset aria-describedby={errors?.outcome ? "application-outcome-error" : undefined}>
            <legend>{ctx.tr("ehealth.field.outcome")}</legend>
            {errors?.outcome && (
              <p class="error-message" id="application-outcome-error">
                {ctx.tr(errors.outcome)}
              </p>
            )}
            {(["processed", "rejected"] as const).map((outcome, i) => {
              const id = i === 0 ? "application-outcome" : `application-outcome-${outcome}`;
              return (
                <div class="radio" key={outcome}>
                  <input
                    type="radio"
                    id={id}
                    name="outcome"
                    value={outcome}
                    checked={values?.outcome === outcome}
                  />
                  <label for={id}>{label(ctx, "applicationStatus", outcome)}</label>
                </div>
              );
            })}
          </fieldset>
          <div class={errors?.note ? "field field-error" : "field"}>
            <label for="application-note">{ctx.tr("ehealth.field.note")}</label>
            {errors?.note && (
              <p class="error-message" id="application-note-error">
                {ctx.tr(errors.note)}
              </p>
            )}
            <textarea
              id="application-note"
              name="note"
              rows={2}
              maxLength={NOTE_MAX}
              aria-invalid={errors?.note ? "true" : undefined}
              aria-describedby={errors?.note ? "application-note-error" : undefined}
            >
              {values?.note ?? ""}
            </textarea>
          </div>
          <button type="submit">{ctx.tr("ehealth.status.button")}</button>
        </form>
      ) : (
        <p>
          {day(a.processedOn)} {a.processingNote ? `— ${a.processingNote}` : ""}
        </p>
      )}
    </>,
  );
}
