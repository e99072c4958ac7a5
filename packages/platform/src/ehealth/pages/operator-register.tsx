/**
 * The operator's registration forms (issue 6 item 3; CON-1, ANX1-3, ANX1-4): register an
 * institution, and on an institution's page add a contract, appoint an administrator, and — for a
 * small institution without an administrator — add a user with a first right. Each form carries
 * the session's CSRF token, shows an error summary and each message next to its field.
 */
import { renderPage } from "../../web/layout.tsx";
import type { Contract } from "../adapters/contract-store.ts";
import type { Institution } from "../adapters/institution-store.ts";
import { PROFESSIONAL_ROLES } from "../core/rights-policy.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import { CONTRACT_SCOPES, INSTITUTION_KINDS, STAFF_SIZES } from "../tables.ts";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { Breadcrumbs, institutionHref } from "./operator-pages.tsx";
import { CsrfField, type EhealthPageContext, SignedInBar } from "./shared-components.tsx";
import { ErrorSummary, type FieldErrors, label, SelectField, TextField } from "./shared-workplace.tsx";

/** Field limits shared by the routes' checks and the inputs' maxlength. */
export const REGISTER_LIMITS = {
  registrationNumber: 11,
  name: 200,
  contactEmail: 254,
  email: 254,
  number: 64,
  date: 10,
  personCode: 12,
  givenName: 100,
  familyName: 100,
  profession: 100,
  workplace: 200,
  ground: 1000,
  evidence: 500,
} as const;

export type RegisterForm = "institution" | "contract" | "administrator" | "user";

export interface RegisterPageData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  /** The institution the form belongs to (all but "institution"). */
  institution?: Institution;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

const TITLE: Record<RegisterForm, EhealthMessageKey> = {
  institution: "ehealth.register.institution.title",
  contract: "ehealth.register.contract.title",
  administrator: "ehealth.register.administrator.title",
  user: "ehealth.register.user.title",
};
const INTRO: Partial<Record<RegisterForm, EhealthMessageKey>> = {
  institution: "ehealth.register.institution.intro",
  administrator: "ehealth.register.administrator.intro",
  user: "ehealth.register.user.intro",
};

/** Where each form posts (and is shown). */
export function registerPath(form: RegisterForm, registrationNumber?: string): string {
  if (form === "institution") return "/ehealth/operator/register/institution";
  return `${institutionHref(registrationNumber ?? "")}/register/${form}`;
}

function Fields(props: { form: RegisterForm; data: RegisterPageData }) {
  const { form, data } = props;
  const { ctx, errors, values } = data;
  const text = (
    name: keyof typeof REGISTER_LIMITS | string,
    labelKey: EhealthMessageKey,
    extra: { hint?: EhealthMessageKey; required?: boolean; multiline?: boolean; limit?: number } = {},
  ) => (
    <TextField
      ctx={ctx}
      id={`${form}-${name}`}
      name={name}
      label={labelKey}
      hint={extra.hint}
      value={values?.[name]}
      errors={errors}
      multiline={extra.multiline}
      required={extra.required}
      maxLength={extra.limit ?? REGISTER_LIMITS[name as keyof typeof REGISTER_LIMITS] ?? 200}
    />
  );
  const select = (name: string, labelKey: EhealthMessageKey, group: string, options: readonly string[]) => (
    <SelectField
      ctx={ctx}
      id={`${form}-${name}`}
      name={name}
      label={labelKey}
      options={options.map((o) => ({ value: o, text: label(ctx, group, o) }))}
      value={values?.[name]}
      errors={errors}
    />
  );
  const person = (
    <>
      {text("personCode", "ehealth.field.personCode", { hint: "ehealth.field.personCodeHint" })}
      {text("givenName", "ehealth.field.givenName")}
      {text("familyName", "ehealth.field.familyName")}
    </>
  );
  const why = (
    <>
      {text("ground", "ehealth.field.ground", { hint: "ehealth.field.groundHint", multiline: true })}
      {text("evidence", "ehealth.field.evidence", { hint: "ehealth.field.evidenceHint" })}
    </>
  );
  switch (form) {
    case "institution":
      return (
        <>
          {text("registrationNumber", "ehealth.field.registrationNumber", {
            hint: "ehealth.field.registrationNumberHint",
          })}
          {text("name", "ehealth.field.institutionName")}
          {select("kind", "ehealth.field.kind", "institutionKind", INSTITUTION_KINDS)}
          {select("staffSize", "ehealth.field.staffSize", "staffSize", STAFF_SIZES)}
          {text("contactEmail", "ehealth.field.contactEmail")}
        </>
      );
    case "contract":
      return (
        <>
          {text("number", "ehealth.field.contractNumber")}
          {select("scope", "ehealth.field.scope", "scope", CONTRACT_SCOPES)}
          {text("concludedOn", "ehealth.field.concludedOn", {
            hint: "ehealth.field.dateHint",
            limit: REGISTER_LIMITS.date,
          })}
          {text("validFrom", "ehealth.field.validFrom", {
            hint: "ehealth.field.dateHint",
            required: false,
            limit: REGISTER_LIMITS.date,
          })}
          {text("validUntil", "ehealth.field.validUntil", {
            hint: "ehealth.field.dateHint",
            required: false,
            limit: REGISTER_LIMITS.date,
          })}
        </>
      );
    case "administrator":
      return (
        <>
          {person}
          {text("email", "ehealth.field.email")}
          {why}
        </>
      );
    case "user":
      return (
        <>
          {person}
          {text("profession", "ehealth.field.profession")}
          {text("workplace", "ehealth.field.workplace")}
          {select("role", "ehealth.field.role", "role", PROFESSIONAL_ROLES)}
          {why}
        </>
      );
  }
}

export function registerPage(form: RegisterForm, data: RegisterPageData): string {
  const { ctx, institution } = data;
  const title = ctx.tr(TITLE[form]);
  const intro = INTRO[form];
  const back = institution ? institutionHref(institution.registrationNumber) : "/ehealth/operator/";
  return renderPage(
    ctx,
    institution ? `${title} — ${institution.name}` : title,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <Breadcrumbs ctx={ctx} institution={institution} />
      <h1>{title}</h1>
      {institution && (
        <p>
          {institution.name} ({institution.registrationNumber})
        </p>
      )}
      {intro && <p>{ctx.tr(intro)}</p>}
      <form method="post" action={registerPath(form, institution?.registrationNumber)} novalidate>
        <CsrfField token={data.person.csrfToken} />
        <ErrorSummary ctx={ctx} errors={data.errors} idPrefix={form} />
        <Fields form={form} data={data} />
        <button type="submit">{ctx.tr("ehealth.register.submit")}</button>
      </form>
      <p>
        <a href={back}>{ctx.tr("ehealth.register.cancel")}</a>
      </p>
    </>,
  );
}

/** CON-14: where an active contract's "End this contract" form posts (and is shown). */
export function terminatePath(registrationNumber: string, contractId: string): string {
  return `${institutionHref(registrationNumber)}/contracts/${encodeURIComponent(contractId)}/terminate`;
}

export interface TerminatePageData {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  institution: Institution;
  contract: Contract;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/**
 * CON-14: ending a contract — a required reason and end date (default today, Riga); the session's
 * CSRF token, an error summary and each message next to its field.
 */
export function terminatePage(data: TerminatePageData): string {
  const { ctx, institution, contract, errors, values } = data;
  const title = ctx.tr("ehealth.terminate.title");
  return renderPage(
    ctx,
    `${title} ${contract.number} — ${institution.name}`,
    <>
      <SignedInBar ctx={ctx} person={data.person} />
      <Breadcrumbs ctx={ctx} institution={institution} />
      <h1>
        {title} {contract.number}
      </h1>
      <p>
        {institution.name} ({institution.registrationNumber})
      </p>
      <p>{ctx.tr("ehealth.terminate.intro")}</p>
      <form method="post" action={terminatePath(institution.registrationNumber, contract.id)} novalidate>
        <CsrfField token={data.person.csrfToken} />
        <ErrorSummary ctx={ctx} errors={errors} idPrefix="terminate" />
        <TextField
          ctx={ctx}
          id="terminate-reason"
          name="reason"
          label="ehealth.field.terminateReason"
          hint="ehealth.field.terminateReasonHint"
          value={values?.reason}
          errors={errors}
          multiline
          maxLength={REGISTER_LIMITS.ground}
        />
        <TextField
          ctx={ctx}
          id="terminate-endedOn"
          name="endedOn"
          label="ehealth.field.endedOn"
          hint="ehealth.field.dateHint"
          value={values?.endedOn}
          errors={errors}
          maxLength={REGISTER_LIMITS.date}
        />
        <button type="submit">{ctx.tr("ehealth.terminate.submit")}</button>
      </form>
      <p>
        <a href={institutionHref(institution.registrationNumber)}>{ctx.tr("ehealth.register.cancel")}</a>
      </p>
    </>,
  );
}
