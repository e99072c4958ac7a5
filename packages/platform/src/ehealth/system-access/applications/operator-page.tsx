/**
 * The operator's queue of connection applications (ANX2-4): each submitted application with its
 * institution, system and version (approved or not), the certificate's facts, the due date —
 * 5 working days after filing on the operator's calendar — marked when overdue, and the approve
 * and refuse forms; the latest decisions; the approved system versions with the form to add one.
 */
import { renderPage } from "../../../web/layout.tsx";
import { rigaDateOf } from "../../core/calendar-date.ts";
import { showDate } from "../../core/people-dates.ts";
import type { EhealthMessageKey } from "../../i18n.ts";
import { Breadcrumbs } from "../../pages/operator-pages.tsx";
import { CsrfField, type EhealthPageContext, SignedInBar } from "../../pages/shared-components.tsx";
import {
  DataTable,
  ErrorSummary,
  type FieldErrors,
  Section,
  TextField,
} from "../../pages/shared-workplace.tsx";
import type { SignedInPerson } from "../../web-session/web-session.ts";
import { APPLICATION_LIMITS, type OperatorQueue, type QueueEntry } from "./application-service.ts";
import type { ApprovedSystemVersion } from "./application-store.ts";
import { ApplicationStatus, CertificateFacts } from "./certificate-facts.tsx";
import { approvePath, refusePath, VERSIONS_PATH } from "./paths.ts";

export type OperatorDone = "approved" | "refused" | "version";

export interface OperatorConnectionsData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  queue: OperatorQueue;
  done?: OperatorDone;
  /** A decision that could not be taken: which application, and why. */
  decisionError?: { id: string; message: EhealthMessageKey };
  /** The version form's errors and values. */
  errors?: FieldErrors;
  values?: Record<string, string>;
}

function DecisionForms(props: {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  id: string;
  error?: EhealthMessageKey;
}) {
  const { ctx, id } = props;
  const reason = `refuse-${id}-reason`;
  return (
    <>
      {props.error && (
        <p id={`${reason}-error`} class="error-message" role="alert">
          {ctx.tr(props.error)}
        </p>
      )}
      <form method="post" action={approvePath(id)} class="inline-form">
        <CsrfField token={props.person.csrfToken} />
        <button type="submit">{ctx.tr("ehealth.connection.approve")}</button>
      </form>
      <form method="post" action={refusePath(id)} class="inline-form">
        <CsrfField token={props.person.csrfToken} />
        <label for={reason}>{ctx.tr("ehealth.connection.field.reason")}</label>{" "}
        <input
          id={reason}
          name="reason"
          type="text"
          required
          maxLength={APPLICATION_LIMITS.reason}
          {...(props.error ? { "aria-invalid": "true", "aria-describedby": `${reason}-error` } : {})}
        />{" "}
        <button type="submit" class="secondary">
          {ctx.tr("ehealth.connection.refuse")}
        </button>
      </form>
    </>
  );
}

function SystemCell(props: { ctx: EhealthPageContext; entry: QueueEntry }) {
  const { ctx, entry } = props;
  return (
    <td>
      {entry.application.systemName} {entry.application.systemVersion}
      <br />
      <span class="muted">
        {ctx.tr(
          entry.versionApproved
            ? "ehealth.connection.versionApproved"
            : "ehealth.connection.versionNotApproved",
        )}
      </span>
    </td>
  );
}

function PendingTable(props: OperatorConnectionsData) {
  const { ctx } = props;
  return (
    <DataTable
      caption={ctx.tr("ehealth.connection.queue.title")}
      headers={[
        ctx.tr("ehealth.connection.col.institution"),
        ctx.tr("ehealth.connection.col.system"),
        ctx.tr("ehealth.connection.col.certificate"),
        ctx.tr("ehealth.connection.col.filed"),
        ctx.tr("ehealth.connection.col.due"),
        ctx.tr("ehealth.connection.col.decision"),
      ]}
      rows={props.queue.pending}
      empty={ctx.tr("ehealth.connection.queue.none")}
      row={(entry) => (
        <tr key={entry.application.id} class={entry.overdue ? "overdue" : undefined}>
          <td>
            {entry.institutionName} ({entry.application.registrationNumber})
          </td>
          <SystemCell ctx={ctx} entry={entry} />
          <td>
            <CertificateFacts ctx={ctx} application={entry.application} />
          </td>
          <td>{showDate(rigaDateOf(entry.application.filedAt))}</td>
          <td>
            {showDate(entry.application.dueOn)}
            {entry.overdue && (
              <strong class="status status-overdue"> {ctx.tr("ehealth.connection.overdue")}</strong>
            )}
          </td>
          <td>
            <DecisionForms
              ctx={ctx}
              person={props.person}
              id={entry.application.id}
              {...(props.decisionError?.id === entry.application.id
                ? { error: props.decisionError.message }
                : {})}
            />
          </td>
        </tr>
      )}
    />
  );
}

function DecidedTable(props: { ctx: EhealthPageContext; decided: QueueEntry[] }) {
  const { ctx } = props;
  return (
    <DataTable
      caption={ctx.tr("ehealth.connection.queue.decided")}
      headers={[
        ctx.tr("ehealth.connection.col.institution"),
        ctx.tr("ehealth.connection.col.system"),
        ctx.tr("ehealth.connection.col.certificate"),
        ctx.tr("ehealth.connection.col.status"),
      ]}
      rows={props.decided}
      empty={ctx.tr("ehealth.connection.none")}
      row={(entry) => (
        <tr key={entry.application.id}>
          <td>{entry.institutionName}</td>
          <td>
            {entry.application.systemName} {entry.application.systemVersion}
          </td>
          <td>{ctx.tr("ehealth.connection.serial", { serial: entry.application.serial })}</td>
          <td>
            <ApplicationStatus ctx={ctx} application={entry.application} />
          </td>
        </tr>
      )}
    />
  );
}

function approvedBy(ctx: EhealthPageContext, by: string): string {
  return by === "cli" ? ctx.tr("ehealth.connection.byCommandLine") : by.replace(/^PNOLV-/, "");
}

function VersionsSection(props: OperatorConnectionsData & { versions: ApprovedSystemVersion[] }) {
  const { ctx, errors, values } = props;
  const field = (name: string) => ({ ctx, id: `version-${name}`, name, errors, value: values?.[name] });
  return (
    <Section id="versions" title={ctx.tr("ehealth.connection.versions.title")}>
      <p>{ctx.tr("ehealth.connection.versions.intro")}</p>
      <DataTable
        caption={ctx.tr("ehealth.connection.versions.title")}
        headers={[
          ctx.tr("ehealth.connection.col.system"),
          ctx.tr("ehealth.connection.col.version"),
          ctx.tr("ehealth.connection.versions.col.approved"),
          ctx.tr("ehealth.connection.versions.col.ground"),
        ]}
        rows={props.versions}
        empty={ctx.tr("ehealth.connection.versions.none")}
        row={(v) => (
          <tr key={`${v.systemName}@${v.systemVersion}`}>
            <td>{v.systemName}</td>
            <td>{v.systemVersion}</td>
            <td>
              {showDate(rigaDateOf(v.approvedAt))} ({approvedBy(ctx, v.approvedBy)})
            </td>
            <td>{v.ground}</td>
          </tr>
        )}
      />
      <form method="post" action={VERSIONS_PATH} novalidate>
        <CsrfField token={props.person.csrfToken} />
        <ErrorSummary ctx={ctx} errors={errors} idPrefix="version" />
        <TextField {...field("systemName")} label="ehealth.connection.field.systemName" maxLength={200} />
        <TextField
          {...field("systemVersion")}
          label="ehealth.connection.field.systemVersion"
          maxLength={100}
        />
        <TextField {...field("ground")} label="ehealth.connection.field.ground" maxLength={500} />
        <button type="submit">{ctx.tr("ehealth.connection.versions.add")}</button>
      </form>
    </Section>
  );
}

export function operatorConnectionsPage(data: OperatorConnectionsData): string {
  const { ctx } = data;
  const title = ctx.tr("ehealth.connection.queue.title");
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <Breadcrumbs ctx={ctx} />
      <h1>{title}</h1>
      <p>{ctx.tr("ehealth.connection.queue.intro")}</p>
      {data.done && (
        <div class="notice" role="status">
          <p>{ctx.tr(`ehealth.connection.done.${data.done}`)}</p>
        </div>
      )}
      {data.decisionError && !data.queue.pending.some((e) => e.application.id === data.decisionError?.id) && (
        <p class="error-message" role="alert">
          {ctx.tr(data.decisionError.message)}
        </p>
      )}
      <PendingTable {...data} />
      <Section id="decided" title={ctx.tr("ehealth.connection.queue.decided")}>
        <DecidedTable ctx={ctx} decided={data.queue.decided} />
      </Section>
      <VersionsSection {...data} versions={data.queue.versions} />
    </>,
  );
}
