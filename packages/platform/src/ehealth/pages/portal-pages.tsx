/**
 * The professionals' portal's pages (issue 6 item 4): find a patient (institution, personal
 * code, purpose), the patient's documents, one document rendered from its CDA narrative
 * (core/cda-narrative.tsx: no script survives), the upload form with the schema's error list,
 * and the refusal page that names the missing right. Texts: pages/portal-i18n.ts.
 *
 * The patient's personal code travels in the query string, never in the path: request logs keep
 * the path only (http/server.ts), and personal data stays out of logs.
 */

import { parseXml } from "@tilts/trust";
import type { ComponentChildren } from "preact";
import type { Language } from "../../web/i18n.ts";
import { renderPage } from "../../web/layout.tsx";
import type { Consent, Patient } from "../adapters/patient-store.ts";
import type { CopyingRefusal } from "../copying/index.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { CDA_NAMESPACE } from "../core/cda-names.ts";
import { CdaNarrative } from "../core/cda-narrative.tsx";
import { showDate, showHl7Time, showRigaTime } from "../core/people-dates.ts";
import type { Purpose } from "../core/rights-policy.ts";
import type { DocumentSummary, StoredDocument } from "../documents/document-store.ts";
import type { DocumentError } from "../documents/errors.ts";
import type { Denial } from "../documents/portal-actions.ts";
import type { DocumentSignatureResult } from "../documents/signature-check.ts";
import {
  CONSENT_EVENTS,
  CONSENT_TOPICS,
  type ConsentErrorCode,
  type ConsentField,
  MAX_EVIDENCE_LENGTH,
} from "../services/consents.ts";
import { supportText } from "../support/messages.ts";
import { PORTAL_SUPPORT } from "../support/pages.tsx";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { MissingRight } from "./missing-right.tsx";
import { type PortalMessageKey, type PortalTranslate, portalTranslator } from "./portal-i18n.ts";
import { RefusalNextStep, refusalReasonKey } from "./refusal-next-step.tsx";
import { CsrfField, type EhealthPageContext, SignedInBar } from "./shared-components.tsx";

export const PORTAL_BASE = "/ehealth/portal";

export interface PortalPageContext extends EhealthPageContext {
  pt: PortalTranslate;
}

export function withPortalTexts(ctx: EhealthPageContext): PortalPageContext {
  return { ...ctx, pt: portalTranslator(ctx.language) };
}

/** An institution the signed-in person may act for (from their grants). */
export interface InstitutionChoice {
  registrationNumber: string;
  name: string;
  role: string;
  suspended: boolean;
}

/** A purpose of access the search offers: a code of the purposes classifier valid today (ANX2-17). */
export interface PurposeChoice {
  code: string;
  display: { lv: string; en: string };
}

/** What the search form offers the signed-in person. */
export interface HomeChoices {
  institutions: InstitutionChoice[];
  purposes: PurposeChoice[];
}

/** Institution, patient and purpose: what every page after the search carries along. */
export interface PortalSelection {
  institution: string;
  institutionName: string;
  /** The patient's personal code: for the services, never put in an address. */
  patient: string;
  /** The opaque reference that stands for the patient in addresses (routes/patient-ref.ts). */
  patientRef: string;
  purpose: Purpose;
}

export function portalHref(
  path: string,
  selection: PortalSelection,
  extra: Record<string, string> = {},
): string {
  const query = new URLSearchParams({
    institution: selection.institution,
    patient: selection.patientRef,
    purpose: selection.purpose,
    ...extra,
  });
  return `${PORTAL_BASE}${path}?${query}`;
}

const purposeLabel = (ctx: PortalPageContext, purpose: string) =>
  ctx.pt(`purpose.${purpose}` as PortalMessageKey) ?? purpose;
const roleLabel = (ctx: PortalPageContext, role: string) =>
  (ctx.pt(`role.${role}` as PortalMessageKey) as string | undefined) ?? role;

/** Riga time as dd.mm.gggg hh:mm in both languages (numbers need no translation). */
function dateTime(date: Date | string | null): string {
  return date ? showRigaTime(new Date(date)) : "—";
}

function Shell(props: { ctx: PortalPageContext; person: SignedInPerson; children: ComponentChildren }) {
  return (
    <>
      <SignedInBar ctx={props.ctx} person={props.person} />
      {props.children}
    </>
  );
}

function SelectionLine(props: { ctx: PortalPageContext; selection: PortalSelection }) {
  const { ctx, selection } = props;
  return (
    <p class="muted">
      {ctx.pt("portal.context", {
        institution: `${selection.institutionName} (${selection.institution})`,
        purpose: purposeLabel(ctx, selection.purpose),
      })}
    </p>
  );
}

export interface FindFormState {
  institution?: string;
  patient?: string;
  purpose?: string;
  errors?: { field: "institution" | "patient" | "purpose"; code: string }[];
  notFound?: boolean;
}

export function portalHomePage(
  ctx: PortalPageContext,
  person: SignedInPerson,
  choices: HomeChoices,
  state: FindFormState = {},
): string {
  const { institutions } = choices;
  const errors = state.errors ?? [];
  const errorOf = (field: string) => errors.find((e) => e.field === field);
  const messageOf = (code: string) => ctx.pt(`portal.error.${code}` as PortalMessageKey) ?? code;
  return renderPage(
    ctx,
    ctx.pt("portal.title"),
    <Shell ctx={ctx} person={person}>
      <h1>{ctx.pt("portal.title")}</h1>
      <p class="lead">{ctx.pt("portal.intro")}</p>
      {institutions.length === 0 ? (
        <p>{ctx.pt("portal.noInstitutions")}</p>
      ) : (
        <>
          {errors.length > 0 && (
            <div class="error-summary" role="alert">
              <h2>{ctx.pt("portal.errors.heading")}</h2>
              <ul>
                {errors.map((e) => (
                  <li key={e.field}>
                    <a href={`#find-${e.field}`}>{messageOf(e.code)}</a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {state.notFound && (
            <p role="status" class="notice">
              {ctx.pt("portal.patient.notFound")}
            </p>
          )}
          <h2>{ctx.pt("portal.find.heading")}</h2>
          <form method="post" action={`${PORTAL_BASE}/find`} novalidate>
            <CsrfField token={person.csrfToken} />
            <label for="find-institution">{ctx.pt("portal.field.institution")}</label>
            <select
              id="find-institution"
              name="institution"
              aria-invalid={errorOf("institution") ? "true" : undefined}
            >
              {institutions.map((i) => (
                <option
                  key={`${i.registrationNumber}-${i.role}`}
                  value={i.registrationNumber}
                  selected={state.institution === i.registrationNumber}
                >
                  {ctx.pt(i.suspended ? "portal.institutionOption.suspended" : "portal.institutionOption", {
                    name: i.name,
                    number: i.registrationNumber,
                    role: roleLabel(ctx, i.role),
                  })}
                </option>
              ))}
            </select>
            <label for="find-patient">{ctx.pt("portal.field.patient")}</label>
            <p class="muted" id="find-patient-hint">
              {ctx.pt("portal.field.patientHint")}
            </p>
            <input
              id="find-patient"
              name="patient"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={64}
              value={state.patient ?? ""}
              aria-describedby={
                errorOf("patient") ? "find-patient-hint find-patient-error" : "find-patient-hint"
              }
              aria-invalid={errorOf("patient") ? "true" : undefined}
              required
            />
            {errorOf("patient") && (
              <p class="field-error" id="find-patient-error">
                {messageOf(errorOf("patient")?.code ?? "")}
              </p>
            )}
            <label for="find-purpose">{ctx.pt("portal.field.purpose")}</label>
            <select
              id="find-purpose"
              name="purpose"
              required
              aria-invalid={errorOf("purpose") ? "true" : undefined}
            >
              {/* CON-9: the purpose is stated, never assumed — no purpose is preselected. */}
              <option value="" selected={!state.purpose}>
                {ctx.pt("portal.field.purposeChoose")}
              </option>
              {choices.purposes.map((p) => (
                <option key={p.code} value={p.code} selected={state.purpose === p.code}>
                  {p.display[ctx.language]}
                </option>
              ))}
            </select>
            <p>
              <button type="submit">{ctx.pt("portal.find.submit")}</button>
            </p>
          </form>
          {/* CON-2, CON-12: a problem with the system is reported to the operator from here. */}
          <p>
            <a href={`${PORTAL_SUPPORT}/`}>{supportText(ctx.language).title}</a>
          </p>
        </>
      )}
    </Shell>,
  );
}

export function SignatureBadge(props: { ctx: PortalPageContext; signature: DocumentSignatureResult }) {
  const status = props.signature.status;
  return <span class={`signature signature-${status}`}>{props.ctx.pt(`portal.signature.${status}`)}</span>;
}

/** What the consent form holds when it comes back with errors (CON-10). */
export interface ConsentFormState {
  event?: string;
  topic?: string;
  date?: string;
  evidence?: string;
  errors?: readonly { field: ConsentField; code: ConsentErrorCode }[];
}

export type PatientNotice = "uploaded" | "consent-given" | "consent-withdrawn";

const consentText = (ctx: PortalPageContext, key: string) =>
  (ctx.pt(key as PortalMessageKey) as string | undefined) ?? key;

/** The patient's consents at every institution (CON-10). */
function ConsentList(props: {
  ctx: PortalPageContext;
  consents: readonly Consent[];
  institutionNames: Map<string, string>;
}) {
  const { ctx, consents, institutionNames } = props;
  if (consents.length === 0) return <p>{ctx.pt("consent.none")}</p>;
  return (
    <table class="consents">
      <caption>{ctx.pt("consent.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{ctx.pt("consent.col.topic")}</th>
          <th scope="col">{ctx.pt("consent.col.status")}</th>
          <th scope="col">{ctx.pt("consent.col.given")}</th>
          <th scope="col">{ctx.pt("consent.col.withdrawn")}</th>
          <th scope="col">{ctx.pt("consent.col.institution")}</th>
          <th scope="col">{ctx.pt("consent.col.evidence")}</th>
        </tr>
      </thead>
      <tbody>
        {consents.map((c) => (
          <tr key={c.id}>
            <td>{consentText(ctx, `consent.topic.${c.topic}`)}</td>
            <td class={`consent-${c.status}`}>{consentText(ctx, `consent.status.${c.status}`)}</td>
            <td>
              <time dateTime={rigaDateOf(c.givenAt)}>{showDate(rigaDateOf(c.givenAt))}</time>
            </td>
            <td>
              {c.withdrawnAt ? (
                <time dateTime={rigaDateOf(c.withdrawnAt)}>{showDate(rigaDateOf(c.withdrawnAt))}</time>
              ) : (
                "—"
              )}
            </td>
            <td>{institutionNames.get(c.registrationNumber) ?? c.registrationNumber}</td>
            <td>
              {c.evidence}
              {c.withdrawalEvidence && (
                <>
                  <br />
                  {ctx.pt("consent.withdrawalEvidence", { evidence: c.withdrawalEvidence })}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Record a consent or its withdrawal: server-checked, errors next to the fields, PRG. */
function ConsentForm(props: {
  ctx: PortalPageContext;
  person: SignedInPerson;
  selection: PortalSelection;
  state: ConsentFormState;
}) {
  const { ctx, person, selection, state } = props;
  const errors = state.errors ?? [];
  const errorOf = (field: ConsentField) => errors.find((e) => e.field === field);
  const message = (code: string) => consentText(ctx, `consent.error.${code}`);
  const describedBy = (field: ConsentField, hint?: string) =>
    [hint, errorOf(field) ? `consent-${field}-error` : undefined].filter(Boolean).join(" ") || undefined;
  const FieldError = (p: { field: ConsentField }) => {
    const error = errorOf(p.field);
    return error ? (
      <p class="field-error" id={`consent-${p.field}-error`}>
        {message(error.code)}
      </p>
    ) : null;
  };
  // Problems about the patient or institution have no field in this form: listed in the summary only.
  const anchorOf = (field: ConsentField) => (field === "event" ? "consent-event-given" : `consent-${field}`);
  return (
    <section aria-labelledby="consent-form-heading">
      <h3 id="consent-form-heading">{ctx.pt("consent.form.heading")}</h3>
      <p class="muted">{ctx.pt("consent.form.intro")}</p>
      {errors.length > 0 && (
        <div class="error-summary" role="alert" id="consent-errors">
          <h4>{ctx.pt("consent.errors.heading")}</h4>
          <ul>
            {errors.map((e) => (
              <li key={`${e.field}-${e.code}`}>
                {["event", "topic", "date", "evidence"].includes(e.field) ? (
                  <a href={`#${anchorOf(e.field)}`}>{message(e.code)}</a>
                ) : (
                  message(e.code)
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action={portalHref("/consent", selection)} novalidate>
        <CsrfField token={person.csrfToken} />
        <fieldset
          aria-describedby={describedBy("event")}
          aria-invalid={errorOf("event") ? "true" : undefined}
        >
          <legend>{ctx.pt("consent.field.event")}</legend>
          {CONSENT_EVENTS.map((event) => (
            <div class="radio" key={event}>
              <input
                type="radio"
                id={`consent-event-${event}`}
                name="event"
                value={event}
                checked={state.event === event}
              />
              <label for={`consent-event-${event}`}>{ctx.pt(`consent.event.${event}`)}</label>
            </div>
          ))}
          <FieldError field="event" />
        </fieldset>
        <label for="consent-topic">{ctx.pt("consent.field.topic")}</label>
        <select
          id="consent-topic"
          name="topic"
          required
          aria-describedby={describedBy("topic")}
          aria-invalid={errorOf("topic") ? "true" : undefined}
        >
          <option value="" selected={!state.topic}>
            {ctx.pt("consent.field.topicChoose")}
          </option>
          {CONSENT_TOPICS.map((t) => (
            <option key={t} value={t} selected={state.topic === t}>
              {ctx.pt(`consent.topic.${t}`)}
            </option>
          ))}
        </select>
        <FieldError field="topic" />
        <label for="consent-date">{ctx.pt("consent.field.date")}</label>
        <p class="muted" id="consent-date-hint">
          {ctx.pt("consent.field.dateHint")}
        </p>
        <input
          id="consent-date"
          name="date"
          type="date"
          value={state.date ?? ""}
          required
          aria-describedby={describedBy("date", "consent-date-hint")}
          aria-invalid={errorOf("date") ? "true" : undefined}
        />
        <FieldError field="date" />
        <label for="consent-evidence">{ctx.pt("consent.field.evidence")}</label>
        <p class="muted" id="consent-evidence-hint">
          {ctx.pt("consent.field.evidenceHint")}
        </p>
        <input
          id="consent-evidence"
          name="evidence"
          type="text"
          autoComplete="off"
          maxLength={MAX_EVIDENCE_LENGTH}
          value={state.evidence ?? ""}
          required
          aria-describedby={describedBy("evidence", "consent-evidence-hint")}
          aria-invalid={errorOf("evidence") ? "true" : undefined}
        />
        <FieldError field="evidence" />
        <p>
          <button type="submit">{ctx.pt("consent.submit")}</button>
        </p>
      </form>
    </section>
  );
}

export interface PatientConsentsView {
  consents: readonly Consent[];
  form?: ConsentFormState;
}

export function patientPage(
  ctx: PortalPageContext,
  person: SignedInPerson,
  selection: PortalSelection,
  patient: Patient,
  documents: DocumentSummary[],
  institutionNames: Map<string, string>,
  notice?: PatientNotice,
  consentsView: PatientConsentsView = { consents: [] },
): string {
  const name = `${patient.givenName} ${patient.familyName}`;
  return renderPage(
    ctx,
    ctx.pt("portal.patient.heading", { name }),
    <Shell ctx={ctx} person={person}>
      <p>
        <a href={`${PORTAL_BASE}/`}>{ctx.pt("portal.refused.back")}</a>
      </p>
      <h1>{ctx.pt("portal.patient.heading", { name })}</h1>
      <SelectionLine ctx={ctx} selection={selection} />
      {notice && (
        <p role="status" class="notice">
          {ctx.pt(
            notice === "uploaded"
              ? "portal.upload.done"
              : notice === "consent-given"
                ? "consent.done.given"
                : "consent.done.withdrawn",
          )}
        </p>
      )}
      <h2>{ctx.pt("portal.documents.heading")}</h2>
      {documents.length === 0 ? (
        <p>{ctx.pt("portal.documents.none")}</p>
      ) : (
        <table>
          <caption>{ctx.pt("portal.documents.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.pt("portal.col.title")}</th>
              <th scope="col">{ctx.pt("portal.col.type")}</th>
              <th scope="col">{ctx.pt("portal.col.effective")}</th>
              <th scope="col">{ctx.pt("portal.col.institution")}</th>
              <th scope="col">{ctx.pt("portal.col.uploaded")}</th>
              <th scope="col">{ctx.pt("portal.col.signature")}</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={portalHref("/document", selection, { id: d.id })}>
                    {d.title ?? ctx.pt("portal.untitled")}
                  </a>
                </td>
                <td>{d.typeDisplayName ?? d.typeCode ?? "—"}</td>
                <td>{showHl7Time(d.effectiveTime) ?? "—"}</td>
                <td>{institutionNames.get(d.registrationNumber) ?? d.registrationNumber}</td>
                <td>{dateTime(d.uploadedAt)}</td>
                <td>
                  <SignatureBadge ctx={ctx} signature={d.signature} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={portalHref("/upload", selection)}>{ctx.pt("portal.upload.link")}</a>
      </p>
      <section aria-labelledby="consents-heading">
        <h2 id="consents-heading">{ctx.pt("consent.heading")}</h2>
        <ConsentList ctx={ctx} consents={consentsView.consents} institutionNames={institutionNames} />
        <ConsentForm ctx={ctx} person={person} selection={selection} state={consentsView.form ?? {}} />
      </section>
    </Shell>,
  );
}

interface RenderedSection {
  title: string | null;
  text: Element | undefined;
  children: RenderedSection[];
}

function cdaChildren(parent: Element, localName: string): Element[] {
  const found: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (
      n.nodeType === 1 &&
      (n as Element).namespaceURI === CDA_NAMESPACE &&
      (n as Element).localName === localName
    )
      found.push(n as Element);
  }
  return found;
}

/** Sections of the structured body (nested sections kept, to a small depth). */
export function sectionsOf(document: Document): RenderedSection[] {
  const root = document.documentElement as Element;
  const body = cdaChildren(root, "component").flatMap((c) => cdaChildren(c, "structuredBody"))[0];
  if (!body) return [];
  const walk = (parent: Element, depth: number): RenderedSection[] =>
    depth > 8
      ? []
      : cdaChildren(parent, "component")
          .flatMap((c) => cdaChildren(c, "section"))
          .map((section) => ({
            title: (cdaChildren(section, "title")[0]?.textContent ?? "").trim() || null,
            text: cdaChildren(section, "text")[0],
            children: walk(section, depth + 1),
          }));
  return walk(body, 0);
}

function Section(props: { section: RenderedSection; level: number; lang: Language }) {
  const { section, level, lang } = props;
  const Heading = (level <= 6 ? `h${level}` : "h6") as "h2";
  return (
    <section class="cda-section">
      {section.title && <Heading>{section.title}</Heading>}
      {section.text && <CdaNarrative text={section.text} lang={lang} />}
      {section.children.map((child, i) => (
        <Section key={String(i)} section={child} level={level + 1} lang={lang} />
      ))}
    </section>
  );
}

/** A stored document's body as the portal shows it (the patient's own pages show it the same way). */
export function CdaDocumentBody(props: { content: Uint8Array; lang: Language; empty: string }) {
  // Stored documents passed the hardened parser at upload; parse again with the same limits.
  const sections = sectionsOf(parseXml(props.content).document);
  return (
    <div class="cda-document">
      {sections.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        sections.map((s, i) => <Section key={String(i)} section={s} level={3} lang={props.lang} />)
      )}
    </div>
  );
}

export function SignatureDetails(props: { ctx: PortalPageContext; signature: DocumentSignatureResult }) {
  const { ctx, signature } = props;
  return (
    <section aria-labelledby="signature-heading">
      <h2 id="signature-heading">{ctx.pt("portal.signature.heading")}</h2>
      <dl>
        <dt>{ctx.pt("portal.signature.status")}</dt>
        <dd>
          <SignatureBadge ctx={ctx} signature={signature} />
        </dd>
        {signature.status !== "none" && (
          <>
            <dt>{ctx.pt("portal.signature.signer")}</dt>
            <dd>{signature.signer ?? "—"}</dd>
            <dt>{ctx.pt("portal.signature.time")}</dt>
            <dd>{dateTime(signature.signedAt)}</dd>
            <dt>{ctx.pt("portal.signature.indication")}</dt>
            <dd>
              <code>
                {signature.indication ?? "—"}
                {signature.subIndication ? ` / ${signature.subIndication}` : ""}
                {signature.format ? ` (${signature.format})` : ""}
              </code>
            </dd>
          </>
        )}
      </dl>
      {signature.messages.length > 0 && (
        <>
          <h3>{ctx.pt("portal.signature.messages")}</h3>
          <ul>
            {signature.messages.map((m, i) => (
              <li key={String(i)}>
                <code>{m.code}</code>: {m.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function documentPage(
  ctx: PortalPageContext,
  person: SignedInPerson,
  selection: PortalSelection,
  document: StoredDocument,
  institutionName: string,
): string {
  const title = document.title ?? ctx.pt("portal.untitled");
  return renderPage(
    ctx,
    title,
    <Shell ctx={ctx} person={person}>
      <p>
        <a href={portalHref("/patient", selection)}>{ctx.pt("portal.document.back")}</a>
      </p>
      <h1>{title}</h1>
      <SelectionLine ctx={ctx} selection={selection} />
      <h2>{ctx.pt("portal.document.meta")}</h2>
      <dl>
        <dt>{ctx.pt("portal.col.type")}</dt>
        <dd>
          {document.typeDisplayName ?? "—"}
          {document.typeCode ? ` (${document.typeCode})` : ""}
        </dd>
        <dt>{ctx.pt("portal.col.effective")}</dt>
        <dd>{showHl7Time(document.effectiveTime) ?? "—"}</dd>
        <dt>{ctx.pt("portal.col.institution")}</dt>
        <dd>{institutionName}</dd>
        <dt>{ctx.pt("portal.document.author")}</dt>
        <dd>{document.authorCode}</dd>
        <dt>{ctx.pt("portal.col.uploaded")}</dt>
        <dd>{dateTime(document.uploadedAt)}</dd>
        <dt>{ctx.pt("portal.document.id")}</dt>
        <dd>
          <code>{document.cdaId ?? "—"}</code>
        </dd>
        <dt>{ctx.pt("portal.document.sha256")}</dt>
        <dd>
          <code class="hash">{document.sha256}</code>
        </dd>
      </dl>
      <SignatureDetails ctx={ctx} signature={document.signature} />
      <h2>{ctx.pt("portal.document.body")}</h2>
      <CdaDocumentBody
        content={document.content}
        lang={ctx.language}
        empty={ctx.pt("portal.document.noSections")}
      />
    </Shell>,
  );
}

export function uploadPage(
  ctx: PortalPageContext,
  person: SignedInPerson,
  selection: PortalSelection,
  refusal?: DocumentError,
): string {
  return renderPage(
    ctx,
    ctx.pt("portal.upload.heading"),
    <Shell ctx={ctx} person={person}>
      <p>
        <a href={portalHref("/patient", selection)}>{ctx.pt("portal.document.back")}</a>
      </p>
      <h1>{ctx.pt("portal.upload.heading")}</h1>
      <SelectionLine ctx={ctx} selection={selection} />
      {refusal && (
        <div class="error-summary" role="alert">
          <h2>{ctx.pt("portal.upload.refused")}</h2>
          <p>
            <code>{refusal.code}</code>: {refusal.message}
          </p>
          {refusal.schemaErrors.length > 0 && (
            <>
              <h3>{ctx.pt("portal.upload.schemaErrors")}</h3>
              <ul class="schema-errors">
                {refusal.schemaErrors.map((e, i) => (
                  <li key={String(i)}>
                    {e.line !== null && (
                      <span>{ctx.pt("portal.upload.line", { line: String(e.line) })}: </span>
                    )}
                    {e.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <form method="post" action={portalHref("/upload", selection)} enctype="multipart/form-data">
        <CsrfField token={person.csrfToken} />
        <label for="upload-file">{ctx.pt("portal.field.file")}</label>
        <p class="muted" id="upload-file-hint">
          {ctx.pt("portal.field.fileHint")}
        </p>
        <input
          id="upload-file"
          name="document"
          type="file"
          accept=".xml,application/xml,text/xml"
          aria-describedby="upload-file-hint"
          required
        />
        <p>
          <button type="submit">{ctx.pt("portal.upload.submit")}</button>
        </p>
      </form>
    </Shell>,
  );
}

export function refusedPage(ctx: PortalPageContext, person: SignedInPerson, denial: Denial): string {
  const general = refusalReasonKey(denial.reason);
  const explanation =
    ctx.pt(`portal.deny.${denial.reason}` as PortalMessageKey) ??
    (general ? ctx.tr(general) : denial.message);
  return renderPage(
    ctx,
    ctx.pt("portal.refused.title"),
    <Shell ctx={ctx} person={person}>
      <h1>{ctx.pt("portal.refused.title")}</h1>
      <p role="alert">{explanation}</p>
      <MissingRight code={denial.missingRight} tr={ctx.tr} label={ctx.pt("portal.refused.missingRight")} />
      <p>{ctx.pt("portal.refused.logged")}</p>
      <RefusalNextStep ctx={ctx} reason={denial.reason} />
      <p>
        <a href={`${PORTAL_BASE}/`}>{ctx.pt("portal.refused.back")}</a>
      </p>
    </Shell>,
  );
}

/**
 * A read refused by the anti-copying guard (CON-3, ANX2-17): what happened and whom to contact,
 * without codes — the professional needs the next step, not our catalogue.
 */
export function copyingRefusedPage(
  ctx: PortalPageContext,
  person: SignedInPerson,
  refusal: CopyingRefusal,
): string {
  const minutes = String(Math.max(1, Math.ceil((refusal.crossed?.retryAfterSeconds ?? 60) / 60)));
  const explanation =
    refusal.code === "copying-suspended"
      ? ctx.pt("portal.copying.suspended")
      : refusal.crossed?.kind === "professional"
        ? ctx.pt("portal.copying.limit.professional", { minutes })
        : ctx.pt("portal.copying.limit.institution", { minutes });
  return renderPage(
    ctx,
    ctx.pt("portal.copying.title"),
    <Shell ctx={ctx} person={person}>
      <h1>{ctx.pt("portal.copying.title")}</h1>
      <p role="alert">{explanation}</p>
      <p>{ctx.pt("portal.copying.contact")}</p>
      <p>{ctx.pt("portal.copying.logged")}</p>
      <p>
        <a href={`${PORTAL_BASE}/`}>{ctx.pt("portal.refused.back")}</a>
      </p>
    </Shell>,
  );
}

export function documentNotFoundPage(
  ctx: PortalPageContext,
  person: SignedInPerson,
  selection: PortalSelection,
): string {
  return renderPage(
    ctx,
    ctx.pt("portal.notFound.title"),
    <Shell ctx={ctx} person={person}>
      <h1>{ctx.pt("portal.notFound.title")}</h1>
      <p>{ctx.pt("portal.notFound.body")}</p>
      <p>
        <a href={portalHref("/patient", selection)}>{ctx.pt("portal.document.back")}</a>
      </p>
    </Shell>,
  );
}
