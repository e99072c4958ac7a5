/**
 * The registration workplaces' pages (ESV-2, ESV-3): the representative's form, upload and own
 * forms; the agency's queue and one form with its decision. Server-rendered, no JavaScript; the
 * markup comes from web/components.tsx (labels, errors tied to fields, captions).
 */
import type { SignedInPerson } from "../../core/web-session/index.ts";
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  Section,
  SignedInBar,
  TextField,
} from "../../web/components.tsx";
import type { PageContext } from "../../web/layout.tsx";
import { renderPage } from "../../web/layout.tsx";
import type { StatusChange } from "../agency.ts";
import { AUDIENCES, CHANNELS, FORM_LIMITS } from "../core/registration-form.ts";
import { SUBMISSION_REFUSALS, type SubmissionRefusalCode } from "../errors.ts";
import type { StoredForm } from "../form-row.ts";
import { audienceNames, channelNames } from "../pages/messages.ts";
import { actorText, FIELD_LABELS, problemText, STATUS_NAMES, workplaceText } from "./messages.ts";
import { type EservicesKind, eservicesSession } from "./session.ts";
import { showDate, showTime } from "./show-time.ts";

type Person = SignedInPerson<EservicesKind>;
export type FieldProblems = readonly { field: string; code: string }[];
/** The form as typed: text fields by their field path, choices as lists. */
export interface FilledForm {
  text: Record<string, string>;
  audiences: readonly string[];
  channels: readonly string[];
}

export const REPRESENTATIVE_BASE = "/eservices/representative";
export const AGENCY_BASE = "/eservices/agency";

function bar(ctx: PageContext, person: Person) {
  const t = workplaceText[ctx.language];
  return (
    <SignedInBar
      signedInAs={`${t.signedInAs} ${person.givenName} ${person.familyName}`}
      level={t.level}
      signOutHref={eservicesSession.signOutHref(person.kind)}
      signOut={t.signOut}
      csrfToken={person.csrfToken}
    />
  );
}

const fieldId = (field: string) => `esv-${field.replace(/\./g, "-")}`;

function messagesOf(ctx: PageContext, problems: FieldProblems) {
  const seen = new Set<string>();
  return problems
    .filter((p) => !seen.has(p.field) && seen.add(p.field))
    .map((p) => ({
      field: p.field.replace(/\./g, "-"),
      message: `${FIELD_LABELS[ctx.language][p.field] ?? p.field}: ${problemText(ctx.language, p.code)}`,
      code: p.code,
      path: p.field,
    }));
}

const TEXT_FIELDS: readonly { field: string; max: number; multiline?: boolean; optional?: boolean }[] = [
  { field: "name.lv", max: FORM_LIMITS.name },
  { field: "name.en", max: FORM_LIMITS.name },
  { field: "description.lv", max: FORM_LIMITS.description, multiline: true },
  { field: "description.en", max: FORM_LIMITS.description, multiline: true },
  { field: "legalBasis", max: FORM_LIMITS.legalBasis, multiline: true },
  { field: "institution.registrationNumber", max: 11 },
  { field: "institution.name", max: FORM_LIMITS.text },
  { field: "institution.email", max: FORM_LIMITS.email },
  { field: "contact.name", max: FORM_LIMITS.text },
  { field: "contact.email", max: FORM_LIMITS.email },
  { field: "contact.phone", max: 20, optional: true },
];

/** The form's text fields' names, as the route reads them. */
export const TEXT_FIELD_NAMES = TEXT_FIELDS.map((f) => f.field);

function Choices(props: {
  ctx: PageContext;
  field: "audiences" | "channels";
  options: readonly { value: string; text: string }[];
  chosen: readonly string[];
  error?: string;
}) {
  const id = fieldId(props.field);
  return (
    <fieldset
      id={id}
      class={props.error ? "field field-error" : "field"}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{FIELD_LABELS[props.ctx.language][props.field]}</legend>
      {props.error && (
        <p class="error-message" id={`${id}-error`}>
          {props.error}
        </p>
      )}
      {props.options.map((o) => (
        <p key={o.value}>
          <input
            type="checkbox"
            id={`${id}-${o.value}`}
            name={props.field}
            value={o.value}
            checked={props.chosen.includes(o.value)}
          />{" "}
          <label for={`${id}-${o.value}`}>{o.text}</label>
        </p>
      ))}
    </fieldset>
  );
}

export interface RepresentativeState {
  filled?: FilledForm;
  problems?: FieldProblems;
  refusal?: SubmissionRefusalCode;
}

export function representativePage(
  ctx: PageContext,
  person: Person,
  forms: readonly StoredForm[],
  state: RepresentativeState = {},
): string {
  const lang = ctx.language;
  const t = workplaceText[lang];
  const problems = messagesOf(ctx, state.problems ?? []);
  const errorOf = (field: string) => problems.find((p) => p.path === field)?.message;
  const filled = state.filled ?? { text: {}, audiences: [], channels: [] };
  return renderPage(
    ctx,
    t.representativeTitle,
    <>
      {bar(ctx, person)}
      <h1>{t.representativeTitle}</h1>
      <p class="lead">{t.representativeIntro}</p>
      <Section id="fill" title={t.fillTitle}>
        <ErrorSummary title={t.errorsTitle} errors={problems} idPrefix="esv" />
        {/* The server's messages (in the page's language, next to each field) rather than the browser's. */}
        <form method="post" action={`${REPRESENTATIVE_BASE}/form`} novalidate>
          <CsrfField token={person.csrfToken} />
          {TEXT_FIELDS.map((f) => (
            <TextField
              key={f.field}
              id={fieldId(f.field)}
              name={f.field}
              label={FIELD_LABELS[lang][f.field] ?? f.field}
              value={filled.text[f.field]}
              error={errorOf(f.field)}
              multiline={f.multiline}
              maxLength={f.max}
              required={!f.optional}
            />
          ))}
          <Choices
            ctx={ctx}
            field="audiences"
            chosen={filled.audiences}
            error={errorOf("audiences")}
            options={AUDIENCES.map((a) => ({ value: a, text: audienceNames[lang][a] }))}
          />
          <Choices
            ctx={ctx}
            field="channels"
            chosen={filled.channels}
            error={errorOf("channels")}
            options={CHANNELS.map((c) => ({ value: c, text: channelNames[lang][c] }))}
          />
          <p>
            <button type="submit">{t.download}</button>
          </p>
        </form>
      </Section>
      <Section id="upload" title={t.uploadTitle}>
        <form method="post" action={`${REPRESENTATIVE_BASE}/upload`} enctype="multipart/form-data">
          <CsrfField token={person.csrfToken} />
          <div class={state.refusal ? "field field-error" : "field"}>
            <label for="esv-file">{t.fileLabel}</label>
            {state.refusal && (
              <p class="error-message" id="esv-file-error" role="alert">
                {t.uploadRefused}: {SUBMISSION_REFUSALS[state.refusal][lang]}
              </p>
            )}
            <input
              id="esv-file"
              name="file"
              type="file"
              required
              accept=".edoc,.asice"
              aria-invalid={state.refusal ? "true" : undefined}
              aria-describedby={state.refusal ? "esv-file-error" : undefined}
            />
          </div>
          <p>
            <button type="submit">{t.upload}</button>
          </p>
        </form>
      </Section>
      <Section id="mine" title={t.myFormsTitle}>
        <FormTable ctx={ctx} forms={forms} base={REPRESENTATIVE_BASE} empty={t.noForms} />
      </Section>
    </>,
  );
}

function FormTable(props: { ctx: PageContext; forms: readonly StoredForm[]; base: string; empty: string }) {
  const lang = props.ctx.language;
  const t = workplaceText[lang];
  return (
    <DataTable
      caption={t.myFormsTitle}
      headers={[t.colName, t.colInstitution, t.colSubmitted, t.colStatus, t.colIdentifier]}
      rows={props.forms}
      empty={props.empty}
      row={(f) => (
        <tr key={f.id}>
          <td>
            <a href={`${props.base}/forms/${f.id}?lang=${lang}`}>{f.form.name[lang]}</a>
          </td>
          <td>{f.form.institution.name}</td>
          <td>{showDate(f.submittedAt, lang)}</td>
          <td>{STATUS_NAMES[lang][f.status]}</td>
          <td>{f.identifier ?? ""}</td>
        </tr>
      )}
    />
  );
}

export function queuePage(ctx: PageContext, person: Person, forms: readonly StoredForm[]): string {
  const t = workplaceText[ctx.language];
  return renderPage(
    ctx,
    t.agencyTitle,
    <>
      {bar(ctx, person)}
      <h1>{t.agencyTitle}</h1>
      <p class="lead">{t.agencyIntro}</p>
      <FormTable ctx={ctx} forms={forms} base={AGENCY_BASE} empty={t.queueEmpty} />
    </>,
  );
}

function FormFacts(props: { ctx: PageContext; stored: StoredForm; history: readonly StatusChange[] }) {
  const lang = props.ctx.language;
  const t = workplaceText[lang];
  const labels = FIELD_LABELS[lang];
  const { form } = props.stored;
  const rows: [string, string][] = [
    [labels["name.lv"]!, form.name.lv],
    [labels["name.en"]!, form.name.en],
    [labels["description.lv"]!, form.description.lv],
    [labels["description.en"]!, form.description.en],
    [labels.audiences!, form.audiences.map((a) => audienceNames[lang][a]).join(", ")],
    [labels.channels!, form.channels.map((c) => channelNames[lang][c]).join(", ")],
    [labels.legalBasis!, form.legalBasis],
    [labels["institution.registrationNumber"]!, form.institution.registrationNumber],
    [labels["institution.name"]!, form.institution.name],
    [labels["institution.email"]!, form.institution.email],
    [labels["contact.name"]!, form.contact.name],
    [labels["contact.email"]!, form.contact.email],
    [labels["contact.phone"]!, form.contact.phone ?? ""],
  ];
  return (
    <>
      <p>
        {t.colStatus}: <strong>{STATUS_NAMES[lang][props.stored.status]}</strong>
      </p>
      {props.stored.identifier && (
        <p class="notice" role="status">
          {t.registeredAs} <strong>{props.stored.identifier}</strong>
        </p>
      )}
      {props.stored.refusalReason && (
        <p class="notice">
          {t.refusedBecause} {props.stored.refusalReason}
        </p>
      )}
      <Section id="fields" title={t.fieldsTitle}>
        <dl>
          {rows.map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
        </dl>
      </Section>
      <Section id="signature" title={t.signatureTitle}>
        <dl>
          <dt>{t.signers}</dt>
          <dd>{props.stored.signers.map((s) => actorText(lang, s)).join(", ")}</dd>
          <dt>{t.signedAt}</dt>
          <dd>{showTime(props.stored.signedAt, lang)}</dd>
          <dt>{t.sha256}</dt>
          <dd>
            <code>{props.stored.signedSha256}</code>
          </dd>
        </dl>
      </Section>
      <Section id="history" title={t.historyTitle}>
        <DataTable
          caption={t.historyTitle}
          headers={[t.colAt, t.colStatus, t.colActor, t.colNote, t.colNotice]}
          rows={props.history}
          row={(h) => (
            <tr>
              <td>{showTime(h.at, lang)}</td>
              <td>{STATUS_NAMES[lang][h.status]}</td>
              <td>{actorText(lang, h.actor)}</td>
              <td>{h.note ?? ""}</td>
              <td>{h.noticeQueuedAt ? `${t.noticeQueued}: ${h.noticeTo}` : ""}</td>
            </tr>
          )}
        />
      </Section>
    </>
  );
}

export function representativeFormPage(
  ctx: PageContext,
  person: Person,
  stored: StoredForm,
  history: readonly StatusChange[],
): string {
  const t = workplaceText[ctx.language];
  return renderPage(
    ctx,
    t.formTitle,
    <>
      {bar(ctx, person)}
      <h1>
        {t.formTitle}: {stored.form.name[ctx.language]}
      </h1>
      <FormFacts ctx={ctx} stored={stored} history={history} />
      <p>
        <a href={`${REPRESENTATIVE_BASE}/?lang=${ctx.language}`}>{t.backToForms}</a>
      </p>
    </>,
  );
}

export interface DecisionState {
  values?: Record<string, string>;
  problems?: FieldProblems;
  alreadyDecided?: boolean;
}

export function agencyFormPage(
  ctx: PageContext,
  person: Person,
  stored: StoredForm,
  history: readonly StatusChange[],
  state: DecisionState = {},
): string {
  const lang = ctx.language;
  const t = workplaceText[lang];
  const problems = messagesOf(ctx, state.problems ?? []);
  const errorOf = (field: string) => problems.find((p) => p.path === field)?.message;
  const action = `${AGENCY_BASE}/forms/${stored.id}`;
  return renderPage(
    ctx,
    t.formTitle,
    <>
      {bar(ctx, person)}
      <h1>
        {t.formTitle}: {stored.form.name[lang]}
      </h1>
      {state.alreadyDecided && (
        <p class="error-message" role="alert">
          {t.alreadyDecided}
        </p>
      )}
      <ErrorSummary title={t.errorsTitle} errors={problems} idPrefix="esv" />
      <FormFacts ctx={ctx} stored={stored} history={history} />
      {stored.status === "submitted" && (
        <>
          <Section id="register" title={t.registerTitle}>
            <form method="post" action={`${action}/register`} novalidate>
              <CsrfField token={person.csrfToken} />
              <TextField
                id={fieldId("contact.name")}
                name="contactName"
                label={t.contactName}
                value={state.values?.contactName}
                error={errorOf("contact.name")}
                maxLength={200}
              />
              <TextField
                id={fieldId("contact.email")}
                name="contactEmail"
                label={t.contactEmail}
                value={state.values?.contactEmail}
                error={errorOf("contact.email")}
                maxLength={254}
              />
              <p>
                <button type="submit">{t.register}</button>
              </p>
            </form>
          </Section>
          <Section id="refuse" title={t.refuseTitle}>
            <form method="post" action={`${action}/refuse`} novalidate>
              <CsrfField token={person.csrfToken} />
              <TextField
                id={fieldId("reason")}
                name="reason"
                label={t.reason}
                value={state.values?.reason}
                error={errorOf("reason")}
                maxLength={2000}
                multiline
              />
              <p>
                <button type="submit" class="secondary">
                  {t.refuse}
                </button>
              </p>
            </form>
          </Section>
        </>
      )}
      <p>
        <a href={`${AGENCY_BASE}/?lang=${lang}`}>{t.backToQueue}</a>
      </p>
    </>,
  );
}

/** A short page with a title and one sentence (refusals, not found, sign-in outcomes). */
export function messagePage(ctx: PageContext, title: string, body: string): string {
  const t = workplaceText[ctx.language];
  return renderPage(
    ctx,
    title,
    <>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href={`/?lang=${ctx.language}`}>{t.home}</a>
      </p>
    </>,
  );
}
