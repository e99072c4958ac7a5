/**
 * Access report pages (issue 6 item 5): the operator's (any patient, user or institution), the
 * institution administrator's (their institution, narrowed to a patient or user), and a person's
 * own report after citizen sign-in. A GET form (filters in the address, so a report can be
 * bookmarked and paged), a table newest first, an "older records" link (keyset cursor) and a
 * CSV link with the same filters. Preact escapes every value from the log.
 */

import type { ComponentChildren } from "preact";
import { renderPage } from "../../web/layout.tsx";
import { showRigaTimeWithSeconds } from "../core/people-dates.ts";
import { EMERGENCY_OVERRIDE } from "../documents/restriction.ts";
import type { AccessReportRow } from "../reports/access-report.ts";
import type { ReportNames } from "../reports/names.ts";
import { ownAccessView } from "../reports/own-access-view.ts";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { MissingRight } from "./missing-right.tsx";
import { RefusalNextStep, refusalReasonKey } from "./refusal-next-step.tsx";
import { type ReportMessageKey, type ReportTranslate, reportLabel, reportTranslator } from "./report-i18n.ts";
import { CsrfField, type EhealthPageContext, SignedInBar } from "./shared-components.tsx";

export type ReportVariant = "operator" | "institution" | "mine";
export type SubjectKind = "patient" | "user" | "institution" | "all";

/** The form's values as the person entered them (shown back unchanged). */
export interface ReportForm {
  kind: SubjectKind;
  /** As the person typed it (a personal code for a patient or user; shown in the form only). */
  id: string;
  /** What stands for `id` in addresses: an opaque reference for a person, else `id` itself. */
  idRef?: string;
  institution: string;
  from: string;
  to: string;
}

export interface ReportResult {
  rows: AccessReportRow[];
  names: ReportNames;
  /** Link to the next (older) page, if any. */
  olderHref: string | null;
  /** Link back to the first page, when this is not it. */
  newestHref: string | null;
  csvHref: string;
}

export interface ReportPageProps {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  variant: ReportVariant;
  path: string;
  form: ReportForm;
  /** Institutions an administrator may choose (institution variant). */
  institutions?: { registrationNumber: string; name: string }[];
  errors?: ReportMessageKey[];
  result?: ReportResult;
}

const TITLES: Record<ReportVariant, [ReportMessageKey, ReportMessageKey]> = {
  operator: ["report.operator.title", "report.operator.intro"],
  institution: ["report.institution.title", "report.institution.intro"],
  mine: ["report.mine.title", "report.mine.intro"],
};

/** Where each report is reached from: its link back. */
const WORKPLACE_OF: Record<ReportVariant, string> = {
  operator: "/ehealth/operator/",
  institution: "/ehealth/administrator/",
  mine: "/",
};

export function reportPage(props: ReportPageProps): string {
  const rt = reportTranslator(props.ctx.language);
  const [title, intro] = TITLES[props.variant];
  return renderPage(
    props.ctx,
    rt(title),
    <>
      <SignedInBar ctx={props.ctx} person={props.person} />
      <p>
        <a href={WORKPLACE_OF[props.variant]}>{rt(`report.back.${props.variant}`)}</a>
      </p>
      <h1>{rt(title)}</h1>
      <p class="lead">{rt(intro)}</p>
      {props.errors && props.errors.length > 0 && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>{rt("report.error.heading")}</h2>
          <ul>
            {props.errors.map((e) => (
              <li key={e}>{rt(e)}</li>
            ))}
          </ul>
        </div>
      )}
      <ReportFilter rt={rt} {...props} />
      {props.result && (
        <ReportTable rt={rt} variant={props.variant} person={props.person} result={props.result} />
      )}
    </>,
  );
}

function ReportFilter(props: ReportPageProps & { rt: ReportTranslate }) {
  const { rt, form, variant } = props;
  const kinds: SubjectKind[] =
    variant === "operator"
      ? ["patient", "user", "institution"]
      : variant === "institution"
        ? ["all", "patient", "user"]
        : [];
  return (
    // Posted, so that a personal code never lands in an address; the answer is a redirect to the
    // report's address with the person as an opaque reference.
    <form method="post" action={props.path} class="report-filter">
      <CsrfField token={props.person.csrfToken} />
      <h2>{rt("report.form.heading")}</h2>
      {variant === "institution" && props.institutions && props.institutions.length > 1 && (
        <>
          <label for="report-institution">{rt("report.form.institution")}</label>
          <select id="report-institution" name="institution">
            {props.institutions.map((i) => (
              <option
                key={i.registrationNumber}
                value={i.registrationNumber}
                selected={i.registrationNumber === form.institution}
              >
                {`${i.name} (${i.registrationNumber})`}
              </option>
            ))}
          </select>
        </>
      )}
      {variant === "institution" && props.institutions?.length === 1 && (
        <input type="hidden" name="institution" value={form.institution} />
      )}
      {kinds.length > 0 && (
        <>
          <label for="report-kind">{rt("report.form.kind")}</label>
          <select id="report-kind" name="kind">
            {kinds.map((k) => (
              <option key={k} value={k} selected={k === form.kind}>
                {rt(`report.form.kind.${k}`)}
              </option>
            ))}
          </select>
          <label for="report-id">{rt("report.form.id")}</label>
          <input
            id="report-id"
            name="id"
            value={form.id}
            maxLength={64}
            autoComplete="off"
            aria-describedby="report-id-hint"
          />
          <p id="report-id-hint" class="muted">
            {rt("report.form.idHint")}
          </p>
        </>
      )}
      <label for="report-from">{rt("report.form.from")}</label>
      <input id="report-from" name="from" type="date" value={form.from} aria-describedby="report-date-hint" />
      <label for="report-to">{rt("report.form.to")}</label>
      <input id="report-to" name="to" type="date" value={form.to} aria-describedby="report-date-hint" />
      <p id="report-date-hint" class="muted">
        {rt("report.form.dateHint")}
      </p>
      <p>
        <button type="submit">{rt("report.form.submit")}</button>
      </p>
    </form>
  );
}

function Who(props: { code: string; names: ReportNames; self: boolean; rt: ReportTranslate }) {
  const name = props.names.persons.get(props.code);
  return (
    <>
      {name ?? props.code}
      {props.self && <span class="muted"> ({props.rt("report.ownAccess")})</span>}
      {name && (
        <>
          <br />
          <span class="muted">{props.code}</span>
        </>
      )}
    </>
  );
}

function Institution(props: { id: string | null; names: ReportNames; rt: ReportTranslate }) {
  if (!props.id) return <>{props.rt("report.noInstitution")}</>;
  const name = props.names.institutions.get(props.id);
  return (
    <>
      {name ?? props.id}
      {name && (
        <>
          <br />
          <span class="muted">{props.id}</span>
        </>
      )}
    </>
  );
}

/** A person's own report: names and roles, no codes; a refused attempt without who tried. */
function OwnWho(props: { row: AccessReportRow; names: ReportNames; self: boolean; rt: ReportTranslate }) {
  const view = ownAccessView(props.row, props.names, props.rt);
  return (
    <>
      <td>
        {view.who}
        {props.self && <span class="muted"> ({props.rt("report.ownAccess")})</span>}
        {view.role && (
          <>
            <br />
            <span class="muted">{view.role}</span>
          </>
        )}
      </td>
      <td>{view.institution || props.rt("report.noInstitution")}</td>
    </>
  );
}

function ReportTable(props: {
  rt: ReportTranslate;
  variant: ReportVariant;
  person: SignedInPerson;
  result: ReportResult;
}) {
  const { rt, result } = props;
  const own = props.variant === "mine";
  const showPatient = !own;
  const pager: ComponentChildren[] = [];
  if (result.newestHref)
    pager.push(
      <li key="newest">
        <a href={result.newestHref}>{rt("report.newest")}</a>
      </li>,
    );
  if (result.olderHref)
    pager.push(
      <li key="older">
        <a href={result.olderHref} rel="next">
          {rt("report.older")}
        </a>
      </li>,
    );
  return (
    <section aria-labelledby="report-results">
      <h2 id="report-results">{rt("report.table.caption")}</h2>
      <p>
        <a href={result.csvHref} download>
          {rt("report.csv")}
        </a>
      </p>
      {result.rows.length === 0 ? (
        <p>{rt("report.none")}</p>
      ) : (
        <table aria-labelledby="report-results">
          <thead>
            <tr>
              <th scope="col">{rt("report.table.time")}</th>
              <th scope="col">{rt("report.table.user")}</th>
              <th scope="col">{rt("report.table.institution")}</th>
              {showPatient && <th scope="col">{rt("report.table.patient")}</th>}
              <th scope="col">{rt("report.table.action")}</th>
              <th scope="col">{rt("report.table.purpose")}</th>
              <th scope="col">{rt("report.table.legalGround")}</th>
              <th scope="col">{rt("report.table.outcome")}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.seq.toString()}>
                <td>
                  <time dateTime={r.recordedAt.toISOString()}>{showRigaTimeWithSeconds(r.recordedAt)}</time>
                </td>
                {own ? (
                  <OwnWho row={r} names={result.names} self={r.user === props.person.subject} rt={rt} />
                ) : (
                  <>
                    <td>
                      <Who
                        code={r.user}
                        names={result.names}
                        self={r.user === props.person.subject}
                        rt={rt}
                      />
                    </td>
                    <td>
                      <Institution id={r.institution} names={result.names} rt={rt} />
                    </td>
                  </>
                )}
                {showPatient && <td>{r.patient ?? "—"}</td>}
                <td>
                  {reportLabel(rt, "action", r.action)}
                  {own && r.outcome === "success" && r.object?.endsWith(`:${EMERGENCY_OVERRIDE}`) && (
                    <>
                      <br />
                      <strong>{rt("report.emergencyOverride")}</strong>
                    </>
                  )}
                  {r.object && !own && (
                    <>
                      <br />
                      <span class="muted">{r.object}</span>
                    </>
                  )}
                </td>
                <td>{r.purpose ? reportLabel(rt, "purpose", r.purpose) : "—"}</td>
                <td>{r.legalGround ?? "—"}</td>
                <td>
                  {reportLabel(rt, "outcome", r.outcome)}
                  {r.refusal && !own && (
                    <>
                      <br />
                      <span class="muted">{r.refusal}</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pager.length > 0 && (
        <nav aria-label={rt("report.pager")}>
          <ul class="pager">{pager}</ul>
        </nav>
      )}
      <p class="muted">{rt("report.recorded")}</p>
    </section>
  );
}

/** The rights policy refused the report: which right is missing and why (the refusal is logged). */
export function reportRefusedPage(
  ctx: EhealthPageContext,
  person: SignedInPerson,
  refusal: { missingRight: string; reason: string | undefined },
): string {
  const rt = reportTranslator(ctx.language);
  // The policy's reason in the reader's language (its own message is English, for the logs).
  const reasonKey = refusalReasonKey(refusal.reason);
  return renderPage(
    ctx,
    rt("report.refused.title"),
    <>
      <SignedInBar ctx={ctx} person={person} />
      <h1>{rt("report.refused.title")}</h1>
      <p>{rt("report.error.not-allowed")}</p>
      <MissingRight code={refusal.missingRight} tr={ctx.tr} label={rt("report.refused.missingRight")} />
      {reasonKey && (
        <p>
          {rt("report.refused.reason")} {ctx.tr(reasonKey)}
        </p>
      )}
      <p>{rt("report.refused.logged")}</p>
      <RefusalNextStep ctx={ctx} reason={refusal.reason} />
      <p>
        <a href="/">{rt("report.back")}</a>
      </p>
    </>,
  );
}
