/**
 * The support pages (CON-2, CON-12): the portal's form and the requester's own list with the
 * answers; the operator's queue with due dates and overdue marks, and one request with its
 * screenshot and the answer form. Messages stand next to their fields (aria-describedby).
 */
import type { ComponentChildren } from "preact";
import { renderPage } from "../../web/layout.tsx";
import { CsrfField, type EhealthPageContext, SignedInBar } from "../pages/shared-components.tsx";
import { DataTable, day, rigaTime, Section } from "../pages/shared-workplace.tsx";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { type SupportFormErrors, supportText } from "./messages.ts";
import { MAX_DESCRIPTION, MAX_REPLY, type SupportRequest } from "./support-service.ts";

export const PORTAL_SUPPORT = "/ehealth/portal/support";
export const OPERATOR_SUPPORT = "/ehealth/operator/support";

export interface SupportFormValues {
  institution?: string;
  occurredDate?: string;
  occurredTime?: string;
  description?: string;
  contactEmail?: string;
}

function Field(props: {
  ctx: EhealthPageContext;
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (describedBy: string | undefined, invalid: "true" | undefined) => ComponentChildren;
}) {
  const describedBy =
    [props.hint ? `${props.id}-hint` : "", props.error ? `${props.id}-error` : ""]
      .filter(Boolean)
      .join(" ") || undefined;
  return (
    <div class={props.error ? "field field-error" : "field"}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error-message" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children(describedBy, props.error ? "true" : undefined)}
    </div>
  );
}

function ErrorList(props: { ctx: EhealthPageContext; errors: SupportFormErrors; prefix: string }) {
  const t = supportText(props.ctx.language);
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <h2>{t.errors}</h2>
      <ul>
        {entries.map(([field, problem]) => (
          <li key={field}>
            <a href={`#${props.prefix}-${field}`}>{t.fieldErrors[problem]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface PortalSupportData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  institutions: { registrationNumber: string; name: string }[];
  requests: SupportRequest[];
  values?: SupportFormValues;
  errors?: SupportFormErrors;
  filed?: SupportRequest | undefined;
}

/** The portal's support page: the form, then the person's own requests with the answers. */
export function portalSupportPage(data: PortalSupportData): string {
  const { ctx, person } = data;
  const t = supportText(ctx.language);
  const values = data.values ?? {};
  const errors = data.errors ?? {};
  const err = (f: keyof SupportFormErrors) => (errors[f] ? t.fieldErrors[errors[f]] : undefined);
  return renderPage(
    ctx,
    t.title,
    <>
      <SignedInBar ctx={ctx} person={person} />
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      {data.filed && (
        <div class="notice" role="status">
          <p>{t.filed(data.filed.reference, day(data.filed.answerDue))}</p>
        </div>
      )}
      <Section id="support-new" title={t.newRequest}>
        <ErrorList ctx={ctx} errors={errors} prefix="support" />
        <form method="post" action={`${PORTAL_SUPPORT}/`} encType="multipart/form-data" noValidate>
          <CsrfField token={person.csrfToken} />
          <Field ctx={ctx} id="support-institution" label={t.institution} error={err("institution")}>
            {(d, i) => (
              <select
                id="support-institution"
                name="institution"
                required
                aria-describedby={d}
                aria-invalid={i}
              >
                <option value="">{t.choose}</option>
                {data.institutions.map((x) => (
                  <option
                    key={x.registrationNumber}
                    value={x.registrationNumber}
                    selected={x.registrationNumber === values.institution}
                  >
                    {x.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            ctx={ctx}
            id="support-occurredDate"
            label={t.occurredDate}
            hint={t.occurredDateHint}
            error={err("occurredDate")}
          >
            {(d, i) => (
              <input
                type="text"
                id="support-occurredDate"
                name="occurredDate"
                required
                maxLength={10}
                value={values.occurredDate ?? ""}
                aria-describedby={d}
                aria-invalid={i}
              />
            )}
          </Field>
          <Field
            ctx={ctx}
            id="support-occurredTime"
            label={t.occurredTime}
            hint={t.occurredTimeHint}
            error={err("occurredTime")}
          >
            {(d, i) => (
              <input
                type="text"
                id="support-occurredTime"
                name="occurredTime"
                required
                maxLength={5}
                value={values.occurredTime ?? ""}
                aria-describedby={d}
                aria-invalid={i}
              />
            )}
          </Field>
          <Field
            ctx={ctx}
            id="support-description"
            label={t.description}
            hint={t.descriptionHint}
            error={err("description")}
          >
            {(d, i) => (
              <textarea
                id="support-description"
                name="description"
                required
                rows={5}
                maxLength={MAX_DESCRIPTION}
                aria-describedby={d}
                aria-invalid={i}
              >
                {values.description ?? ""}
              </textarea>
            )}
          </Field>
          <Field ctx={ctx} id="support-contactEmail" label={t.contactEmail} error={err("contactEmail")}>
            {(d, i) => (
              <input
                type="email"
                id="support-contactEmail"
                name="contactEmail"
                required
                autoComplete="email"
                maxLength={320}
                value={values.contactEmail ?? ""}
                aria-describedby={d}
                aria-invalid={i}
              />
            )}
          </Field>
          <Field
            ctx={ctx}
            id="support-screenshot"
            label={t.screenshot}
            hint={t.screenshotHint}
            error={err("screenshot")}
          >
            {(d, i) => (
              <input
                type="file"
                id="support-screenshot"
                name="screenshot"
                accept="image/png,image/jpeg,image/webp"
                aria-describedby={d}
                aria-invalid={i}
              />
            )}
          </Field>
          <button type="submit">{t.submit}</button>
        </form>
      </Section>
      <Section id="support-mine" title={t.mine}>
        {data.requests.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          data.requests.map((r) => (
            <article key={r.id} class="support-request" aria-labelledby={`support-${r.id}`}>
              <h3 id={`support-${r.id}`}>
                {t.reference} {r.reference} — {r.institutionName}
              </h3>
              <dl class="facts">
                <dt>{t.filedAt}</dt>
                <dd>{rigaTime(r.filedAt)}</dd>
                <dt>{t.due}</dt>
                <dd>{day(r.answerDue)}</dd>
                <dt>{t.status}</dt>
                <dd>{t.statuses[r.status]}</dd>
                <dt>{t.answer}</dt>
                <dd class="preserve-lines">{r.replyText ?? t.noAnswer}</dd>
              </dl>
            </article>
          ))
        )}
      </Section>
    </>,
  );
}

/** The operator's queue: requests not closed, soonest due first, overdue marked. */
export function supportQueuePage(data: {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  requests: SupportRequest[];
  answered?: string | undefined;
}): string {
  const { ctx } = data;
  const t = supportText(ctx.language);
  return renderPage(
    ctx,
    t.queue,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <h1>{t.queue}</h1>
      {data.answered && (
        <div class="notice" role="status">
          <p>{t.answered(data.answered)}</p>
        </div>
      )}
      <DataTable
        caption={t.queue}
        headers={[t.reference, t.institution, t.filedAt, t.due, t.status]}
        rows={data.requests}
        empty={t.queueEmpty}
        row={(r) => (
          <tr key={r.id} class={r.overdue ? "overdue" : undefined}>
            <td>
              <a href={`${OPERATOR_SUPPORT}/${r.id}`}>{r.reference}</a>
            </td>
            <td>{r.institutionName}</td>
            <td>{rigaTime(r.filedAt)}</td>
            <td>
              {day(r.answerDue)}
              {r.overdue && <strong class="overdue"> ({t.overdue})</strong>}
            </td>
            <td>{t.statuses[r.status]}</td>
          </tr>
        )}
      />
    </>,
  );
}

/** One request for the operator: what was written, the screenshot, and the answer form. */
export function supportRequestPage(data: {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  request: SupportRequest;
  reply?: string;
  errors?: SupportFormErrors;
}): string {
  const { ctx, request: r } = data;
  const t = supportText(ctx.language);
  const error = data.errors?.reply ? t.fieldErrors[data.errors.reply] : undefined;
  const title = `${t.reference} ${r.reference}`;
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <p>
        <a href={`${OPERATOR_SUPPORT}/`}>{t.back}</a>
      </p>
      <h1>{title}</h1>
      <dl class="facts">
        <dt>{t.institution}</dt>
        <dd>{r.institutionName}</dd>
        <dt>{t.requester}</dt>
        <dd>
          {r.filedByName} ({r.contactEmail})
        </dd>
        <dt>{t.occurred}</dt>
        <dd>{rigaTime(r.occurredAt)}</dd>
        <dt>{t.filedAt}</dt>
        <dd>{rigaTime(r.filedAt)}</dd>
        <dt>{t.due}</dt>
        <dd>
          {day(r.answerDue)}
          {r.overdue && <strong class="overdue"> ({t.overdue})</strong>}
        </dd>
        <dt>{t.status}</dt>
        <dd>{t.statuses[r.status]}</dd>
        <dt>{t.description}</dt>
        <dd class="preserve-lines">{r.description}</dd>
        {r.replyText && (
          <>
            <dt>{t.answer}</dt>
            <dd class="preserve-lines">{r.replyText}</dd>
          </>
        )}
      </dl>
      {r.hasScreenshot && (
        <p>
          <a href={`${OPERATOR_SUPPORT}/${r.id}/screenshot`}>
            <img src={`${OPERATOR_SUPPORT}/${r.id}/screenshot`} alt={t.screenshotAlt} width={480} />
            <br />
            {t.viewScreenshot}
          </a>
        </p>
      )}
      {r.status !== "closed" && (
        <Section id="support-reply" title={t.reply}>
          <form method="post" action={`${OPERATOR_SUPPORT}/${r.id}/reply`}>
            <CsrfField token={data.person.csrfToken} />
            <Field ctx={ctx} id="support-reply-text" label={t.answer} hint={t.replyHint} error={error}>
              {(d, i) => (
                <textarea
                  id="support-reply-text"
                  name="reply"
                  required
                  rows={6}
                  maxLength={MAX_REPLY}
                  aria-describedby={d}
                  aria-invalid={i}
                >
                  {data.reply ?? ""}
                </textarea>
              )}
            </Field>
            <div class="field">
              <input type="checkbox" id="support-close" name="close" value="1" />{" "}
              <label for="support-close">{t.close}</label>
            </div>
            <button type="submit">{t.sendReply}</button>
          </form>
        </Section>
      )}
    </>,
  );
}
