/**
 * Managing an institution's users' rights (issue 6 item 2; ANX1-3, ANX1-5): the users, their
 * rights with a form to grant one, each right's page with change / suspend / restore / annul
 * (ground and evidence required), and the full history. The institution administrator uses it
 * at /ehealth/administrator/<reg>; the operator, for a small institution without an
 * administrator (ANX1-3), at /ehealth/operator/institutions/<reg>/rights.
 */

import { renderPage } from "../../web/layout.tsx";
import type { Institution } from "../adapters/institution-store.ts";
import type { User } from "../adapters/people-store.ts";
import type { Right, RightHistoryEntry } from "../adapters/rights-store.ts";
import { PROFESSIONAL_ROLES } from "../core/rights-policy.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { CsrfField, type EhealthPageContext, SignedInBar } from "./shared-components.tsx";
import {
  DataTable,
  DoneNotice,
  ErrorSummary,
  type FieldErrors,
  label,
  rigaTime,
  Section,
  SelectField,
  Status,
  TextField,
} from "./shared-workplace.tsx";

export const GROUND_MAX = 500;
export const EVIDENCE_MAX = 300;

export interface RightsPageData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  institution: Institution;
  users: User[];
  rights: Right[];
  history: RightHistoryEntry[];
  /** Names of people who are not users (the institution's administrators), by personal code. */
  otherNames?: Map<string, string>;
  /** Where this page lives: `/ehealth/administrator/<reg>` or `/ehealth/operator/institutions/<reg>/rights`. */
  base: string;
  /** The operator acting for a small institution (ANX1-3): a line saying so, and a way back. */
  asOperator: boolean;
  done?: EhealthMessageKey;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

function nameOf(users: User[], personCode: string, otherNames?: Map<string, string>): string {
  const user = users.find((u) => u.personCode === personCode);
  return user ? `${user.givenName} ${user.familyName}` : (otherNames?.get(personCode) ?? personCode);
}

function HistoryTable(props: {
  ctx: EhealthPageContext;
  history: RightHistoryEntry[];
  users: User[];
  otherNames?: Map<string, string>;
  caption: string;
}) {
  const { ctx } = props;
  if (props.history.length === 0) return <p>{ctx.tr("ehealth.rights.noHistory")}</p>;
  return (
    <div class="table-scroll">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{ctx.tr("ehealth.col.when")}</th>
            <th scope="col">{ctx.tr("ehealth.col.person")}</th>
            <th scope="col">{ctx.tr("ehealth.col.event")}</th>
            <th scope="col">{ctx.tr("ehealth.col.role")}</th>
            <th scope="col">{ctx.tr("ehealth.col.status")}</th>
            <th scope="col">{ctx.tr("ehealth.col.actor")}</th>
            <th scope="col">{ctx.tr("ehealth.col.ground")}</th>
            <th scope="col">{ctx.tr("ehealth.col.evidence")}</th>
          </tr>
        </thead>
        <tbody>
          {[...props.history].reverse().map((h) => (
            <tr key={h.seq}>
              <td>{rigaTime(h.at)}</td>
              <td>{nameOf(props.users, h.personCode, props.otherNames)}</td>
              <td>{label(ctx, "event", h.event)}</td>
              <td>
                {h.previousRole ? `${label(ctx, "role", h.previousRole)} → ` : ""}
                {label(ctx, "role", h.role)}
              </td>
              <td>
                <Status ctx={ctx} status={h.status} />
              </td>
              <td>{h.actor}</td>
              <td>{h.ground}</td>
              <td>{h.evidence}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Heading(props: { data: RightsPageData; title: string }) {
  const { ctx, institution } = props.data;
  return (
    <>
      <SignedInBar ctx={ctx} person={props.data.person} />
      <nav aria-label={ctx.tr("ehealth.nav.breadcrumbs")} class="breadcrumbs">
        <ol>
          {props.data.asOperator ? (
            <>
              <li>
                <a href="/ehealth/operator/">{ctx.tr("ehealth.operator.title")}</a>
              </li>
              <li>
                <a
                  href={`/ehealth/operator/institutions/${encodeURIComponent(institution.registrationNumber)}`}
                >
                  {institution.name}
                </a>
              </li>
            </>
          ) : (
            <li>
              <a href="/ehealth/administrator/">{ctx.tr("ehealth.administrator.title")}</a>
            </li>
          )}
        </ol>
      </nav>
      <h1>{props.title}</h1>
      <p class="lead">
        {institution.name} ({ctx.tr("ehealth.institution.regNo")} {institution.registrationNumber}){" "}
        <Status ctx={ctx} status={institution.status} />
      </p>
      {props.data.asOperator && <p class="notice-info">{ctx.tr("ehealth.rights.operatorActing")}</p>}
    </>
  );
}

export function rightsOverviewPage(data: RightsPageData): string {
  const { ctx, users, rights, base, errors, values } = data;
  const title = ctx.tr("ehealth.rights.title");
  const activeUsers = users.filter((u) => u.status === "active");
  return renderPage(
    ctx,
    title,
    <>
      <Heading data={data} title={title} />
      <DoneNotice ctx={ctx} done={data.done} />
      {!data.asOperator && (
        <p>
          <a href="/ehealth/reports/institution">{ctx.tr("ehealth.workplace.reportsLink")}</a>
        </p>
      )}
      {!data.asOperator && (
        <p>
          <a href={`${base}/connections`}>{ctx.tr("ehealth.connection.link")}</a>
        </p>
      )}
      <Section id="users" title={ctx.tr("ehealth.users.title")}>
        <DataTable
          caption={ctx.tr("ehealth.users.title")}
          headers={[
            ctx.tr("ehealth.col.name"),
            ctx.tr("ehealth.col.personCode"),
            ctx.tr("ehealth.col.profession"),
            ctx.tr("ehealth.col.workplace"),
            ctx.tr("ehealth.col.status"),
          ]}
          rows={users}
          empty={ctx.tr("ehealth.users.none")}
          row={(u) => (
            <tr key={u.id}>
              <td>
                {u.givenName} {u.familyName}
              </td>
              <td>{u.personCode}</td>
              <td>{u.profession}</td>
              <td>{u.workplace}</td>
              <td>
                <Status ctx={ctx} status={u.status} />
              </td>
            </tr>
          )}
        />
      </Section>
      <Section id="rights" title={ctx.tr("ehealth.rights.current")}>
        <DataTable
          caption={ctx.tr("ehealth.rights.current")}
          headers={[
            ctx.tr("ehealth.col.person"),
            ctx.tr("ehealth.col.role"),
            ctx.tr("ehealth.col.status"),
            ctx.tr("ehealth.col.since"),
            ctx.tr("ehealth.col.actions"),
          ]}
          rows={rights}
          empty={ctx.tr("ehealth.rights.none")}
          row={(r) => (
            <tr key={r.id}>
              <td>{nameOf(users, r.personCode, data.otherNames)}</td>
              <td>{label(ctx, "role", r.role)}</td>
              <td>
                <Status ctx={ctx} status={r.status} />
              </td>
              <td>{rigaTime(r.updatedAt)}</td>
              <td>
                <a href={`${base}/right/${encodeURIComponent(r.id)}`}>
                  {ctx.tr("ehealth.rights.manage")}
                  <span class="visually-hidden">
                    {" "}
                    {nameOf(users, r.personCode, data.otherNames)}, {label(ctx, "role", r.role)}
                  </span>
                </a>
              </td>
            </tr>
          )}
        />
      </Section>
      <Section id="grant" title={ctx.tr("ehealth.rights.grant")}>
        {activeUsers.length === 0 ? (
          <p>{ctx.tr("ehealth.users.noneActive")}</p>
        ) : (
          <form method="post" action={`${base}/grant`} novalidate>
            <CsrfField token={data.person.csrfToken} />
            <ErrorSummary ctx={ctx} errors={errors} idPrefix="grant" />
            <SelectField
              ctx={ctx}
              id="grant-user"
              name="user"
              label="ehealth.field.user"
              options={activeUsers.map((u) => ({
                value: u.id,
                text: `${u.givenName} ${u.familyName} (${u.profession})`,
              }))}
              value={values?.user}
              errors={errors}
            />
            <SelectField
              ctx={ctx}
              id="grant-role"
              name="role"
              label="ehealth.field.role"
              options={PROFESSIONAL_ROLES.map((r) => ({ value: r, text: label(ctx, "role", r) }))}
              value={values?.role}
              errors={errors}
            />
            <ReasonFields ctx={ctx} prefix="grant" values={values} errors={errors} />
            <button type="submit">{ctx.tr("ehealth.rights.grantButton")}</button>
          </form>
        )}
      </Section>
      <Section id="history" title={ctx.tr("ehealth.rights.history")}>
        <HistoryTable
          ctx={ctx}
          history={data.history}
          users={users}
          otherNames={data.otherNames}
          caption={ctx.tr("ehealth.rights.history")}
        />
      </Section>
    </>,
  );
}

/** ANX1-5: a ground and a reference to the evidence for every change. */
function ReasonFields(props: {
  ctx: EhealthPageContext;
  prefix: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  return (
    <>
      <TextField
        ctx={props.ctx}
        id={`${props.prefix}-ground`}
        name="ground"
        label="ehealth.field.ground"
        hint="ehealth.field.groundHint"
        value={props.values?.ground}
        errors={props.errors}
        multiline
        maxLength={GROUND_MAX}
      />
      <TextField
        ctx={props.ctx}
        id={`${props.prefix}-evidence`}
        name="evidence"
        label="ehealth.field.evidence"
        hint="ehealth.field.evidenceHint"
        value={props.values?.evidence}
        errors={props.errors}
        maxLength={EVIDENCE_MAX}
      />
    </>
  );
}

export interface RightPageData extends RightsPageData {
  right: Right;
  /** Which form the errors belong to. */
  form?: "role" | "status";
}

/** The status changes a right in this status allows (rights-store TRANSITIONS). */
export function allowedEvents(status: string): ("suspend" | "restore" | "annul")[] {
  if (status === "active") return ["suspend", "annul"];
  if (status === "suspended") return ["restore", "annul"];
  return [];
}

export function rightPage(data: RightPageData): string {
  const { ctx, right, users, base } = data;
  const who = nameOf(users, right.personCode, data.otherNames);
  const title = `${who}: ${label(ctx, "role", right.role)}`;
  const events = allowedEvents(right.status);
  const roleErrors = data.form === "role" ? data.errors : undefined;
  const statusErrors = data.form === "status" ? data.errors : undefined;
  const roleValues = data.form === "role" ? data.values : undefined;
  const statusValues = data.form === "status" ? data.values : undefined;
  return renderPage(
    ctx,
    title,
    <>
      <Heading data={data} title={title} />
      <p>
        <a href={`${base}/`}>{ctx.tr("ehealth.rights.backToList")}</a>
      </p>
      <DoneNotice ctx={ctx} done={data.done} />
      <dl class="facts">
        <dt>{ctx.tr("ehealth.col.person")}</dt>
        <dd>
          {who} ({right.personCode})
        </dd>
        <dt>{ctx.tr("ehealth.col.role")}</dt>
        <dd>{label(ctx, "role", right.role)}</dd>
        <dt>{ctx.tr("ehealth.col.status")}</dt>
        <dd>
          <Status ctx={ctx} status={right.status} />
        </dd>
        <dt>{ctx.tr("ehealth.col.granted")}</dt>
        <dd>{rigaTime(right.grantedAt)}</dd>
      </dl>
      {events.length > 0 && (
        <Section id="status" title={ctx.tr("ehealth.rights.changeStatus")}>
          <form method="post" action={`${base}/right/${encodeURIComponent(right.id)}/status`} novalidate>
            <CsrfField token={data.person.csrfToken} />
            <ErrorSummary ctx={ctx} errors={statusErrors} idPrefix="status" />
            <fieldset
              class={statusErrors?.event ? "field-error" : undefined}
              aria-describedby={statusErrors?.event ? "status-event-error" : undefined}
            >
              <legend>{ctx.tr("ehealth.field.event")}</legend>
              {statusErrors?.event && (
                <p class="error-message" id="status-event-error">
                  {ctx.tr(statusErrors.event)}
                </p>
              )}
              {events.map((event, i) => (
                <div class="radio" key={event}>
                  <input
                    type="radio"
                    id={i === 0 ? "status-event" : `status-event-${event}`}
                    name="event"
                    value={event}
                    checked={statusValues?.event === event}
                  />
                  <label for={i === 0 ? "status-event" : `status-event-${event}`}>
                    {label(ctx, "action", event)}
                  </label>
                </div>
              ))}
            </fieldset>
            <ReasonFields ctx={ctx} prefix="status" values={statusValues} errors={statusErrors} />
            <button type="submit">{ctx.tr("ehealth.rights.changeStatusButton")}</button>
          </form>
        </Section>
      )}
      {right.status !== "annulled" && (
        <Section id="role" title={ctx.tr("ehealth.rights.changeRole")}>
          <form method="post" action={`${base}/right/${encodeURIComponent(right.id)}/role`} novalidate>
            <CsrfField token={data.person.csrfToken} />
            <ErrorSummary ctx={ctx} errors={roleErrors} idPrefix="role" />
            <SelectField
              ctx={ctx}
              id="role-role"
              name="role"
              label="ehealth.field.newRole"
              options={PROFESSIONAL_ROLES.filter((r) => r !== right.role).map((r) => ({
                value: r,
                text: label(ctx, "role", r),
              }))}
              value={roleValues?.role}
              errors={roleErrors}
            />
            <ReasonFields ctx={ctx} prefix="role" values={roleValues} errors={roleErrors} />
            <button type="submit">{ctx.tr("ehealth.rights.changeRoleButton")}</button>
          </form>
        </Section>
      )}
      <Section id="history" title={ctx.tr("ehealth.rights.rightHistory")}>
        <HistoryTable
          ctx={ctx}
          history={data.history}
          users={users}
          otherNames={data.otherNames}
          caption={ctx.tr("ehealth.rights.rightHistory")}
        />
      </Section>
    </>,
  );
}
