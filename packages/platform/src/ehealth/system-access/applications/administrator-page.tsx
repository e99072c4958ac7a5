/**
 * The administrator's page of system connections (ANX2-3): the institution's applications with
 * their status and due date, and the form to file one — system name and version, the connection
 * certificate pasted as PEM or chosen as a PEM or DER file (judged at once; a problem is shown next
 * to its field), the e-mail
 * address the decision goes to.
 */
import { renderPage } from "../../../web/layout.tsx";
import type { Institution } from "../../adapters/institution-store.ts";
import { rigaDateOf } from "../../core/calendar-date.ts";
import { showDate } from "../../core/people-dates.ts";
import { CsrfField, type EhealthPageContext, SignedInBar } from "../../pages/shared-components.tsx";
import {
  DataTable,
  ErrorSummary,
  type FieldErrors,
  Section,
  TextField,
} from "../../pages/shared-workplace.tsx";
import type { SignedInPerson } from "../../web-session/web-session.ts";
import { APPLICATION_LIMITS } from "./application-service.ts";
import type { ConnectionApplication } from "./application-store.ts";
import { ApplicationStatus, CertificateFacts } from "./certificate-facts.tsx";
import { administratorConnectionsPath } from "./paths.ts";

export interface AdministratorConnectionsData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  institution: Institution;
  applications: ConnectionApplication[];
  filed?: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

function ApplicationsTable(props: { ctx: EhealthPageContext; applications: ConnectionApplication[] }) {
  const { ctx } = props;
  return (
    <DataTable
      caption={ctx.tr("ehealth.connection.list")}
      headers={[
        ctx.tr("ehealth.connection.col.system"),
        ctx.tr("ehealth.connection.col.certificate"),
        ctx.tr("ehealth.connection.col.filed"),
        ctx.tr("ehealth.connection.col.due"),
        ctx.tr("ehealth.connection.col.status"),
      ]}
      rows={props.applications}
      empty={ctx.tr("ehealth.connection.none")}
      row={(a) => (
        <tr key={a.id}>
          <td>
            {a.systemName} {a.systemVersion}
          </td>
          <td>
            <CertificateFacts ctx={ctx} application={a} />
          </td>
          <td>{showDate(rigaDateOf(a.filedAt))}</td>
          <td>{showDate(a.dueOn)}</td>
          <td>
            <ApplicationStatus ctx={ctx} application={a} />
          </td>
        </tr>
      )}
    />
  );
}

function ApplicationForm(props: AdministratorConnectionsData) {
  const { ctx, errors } = props;
  // A fresh form proposes the institution's contact address for the decision.
  const values = props.values ?? { contactEmail: props.institution.contactEmail };
  const field = (name: string) => ({ ctx, id: `connection-${name}`, name, errors, value: values[name] });
  return (
    <form
      method="post"
      action={administratorConnectionsPath(props.institution.registrationNumber)}
      enctype="multipart/form-data"
      novalidate
    >
      <CsrfField token={props.person.csrfToken} />
      <ErrorSummary ctx={ctx} errors={errors} idPrefix="connection" />
      <TextField
        {...field("systemName")}
        label="ehealth.connection.field.systemName"
        maxLength={APPLICATION_LIMITS.systemName}
      />
      <TextField
        {...field("systemVersion")}
        label="ehealth.connection.field.systemVersion"
        maxLength={APPLICATION_LIMITS.systemVersion}
      />
      <TextField
        {...field("certificate")}
        label="ehealth.connection.field.certificate"
        hint="ehealth.connection.field.certificateHint"
        multiline
        maxLength={APPLICATION_LIMITS.certificate}
        required={false}
      />
      <CertificateFileField ctx={ctx} errors={errors} />
      <TextField
        {...field("contactEmail")}
        label="ehealth.connection.field.contactEmail"
        maxLength={APPLICATION_LIMITS.contactEmail}
      />
      <button type="submit">{ctx.tr("ehealth.connection.submit")}</button>
    </form>
  );
}

/** The certificate as a PEM or DER file, the alternative to pasting it; its problem shown beside it. */
function CertificateFileField(props: { ctx: EhealthPageContext; errors: FieldErrors | undefined }) {
  const { ctx } = props;
  const id = "connection-certificateFile";
  const error = props.errors?.certificateFile;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id}>{ctx.tr("ehealth.connection.field.certificateFile")}</label>
      <p class="hint" id={`${id}-hint`}>
        {ctx.tr("ehealth.connection.field.certificateFileHint")}
      </p>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {ctx.tr(error)}
        </p>
      )}
      <input
        type="file"
        id={id}
        name="certificateFile"
        accept=".pem,.crt,.cer,.der,application/x-pem-file,application/pkix-cert"
        aria-describedby={describedBy}
        aria-invalid={error ? "true" : undefined}
      />
    </div>
  );
}

export function administratorConnectionsPage(data: AdministratorConnectionsData): string {
  const { ctx, institution } = data;
  const title = ctx.tr("ehealth.connection.title");
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <nav aria-label={ctx.tr("ehealth.nav.breadcrumbs")} class="breadcrumbs">
        <ol>
          <li>
            <a href="/ehealth/administrator/">{ctx.tr("ehealth.administrator.title")}</a>
          </li>
        </ol>
      </nav>
      <h1>{title}</h1>
      <p class="lead">
        {institution.name} ({ctx.tr("ehealth.institution.regNo")} {institution.registrationNumber})
      </p>
      <p>{ctx.tr("ehealth.connection.intro")}</p>
      {data.filed && (
        <div class="notice" role="status">
          <p>{ctx.tr("ehealth.connection.done.filed")}</p>
        </div>
      )}
      <Section id="connections" title={ctx.tr("ehealth.connection.list")}>
        <ApplicationsTable ctx={ctx} applications={data.applications} />
      </Section>
      <Section id="new-connection" title={ctx.tr("ehealth.connection.new")}>
        <ApplicationForm {...data} />
      </Section>
    </>,
  );
}
