/**
 * Building blocks of the operator's and the administrator's workplaces: status labels, form
 * fields with their error next to them (the core's markup, web/components.tsx, in e-health's
 * wording), the "done" notice after a redirect (PRG), the refusal
 * naming the missing right, dates in Riga time.
 */
import {
  ErrorSummary as CoreErrorSummary,
  SelectField as CoreSelectField,
  TextField as CoreTextField,
} from "../../web/components.tsx";
import { showDate, showRigaTime } from "../core/people-dates.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import type { EhealthPageContext } from "./shared-components.tsx";

export { DataTable, Section } from "../../web/components.tsx";

/** Field → message key, for re-rendering a form with its errors (400). */
export type FieldErrors = Partial<Record<string, EhealthMessageKey>>;

/** An instant as `dd.mm.gggg hh:mm` Riga time (the same in both languages). */
export const rigaTime = showRigaTime;

/** A calendar date as `dd.mm.gggg`, or a dash when there is none. */
export function day(date: string | null | undefined): string {
  return date ? showDate(date) : "—";
}

export function Status(props: { ctx: EhealthPageContext; status: string }) {
  const key = `ehealth.status.${props.status}` as EhealthMessageKey;
  return <span class={`status status-${props.status}`}>{props.ctx.tr(key)}</span>;
}

export function label(ctx: EhealthPageContext, group: string, value: string): string {
  return ctx.tr(`ehealth.${group}.${value}` as EhealthMessageKey);
}

/** A text field with its label, hint and error in e-health's wording (web/components.tsx). */
export function TextField(props: {
  ctx: EhealthPageContext;
  id: string;
  name: string;
  label: EhealthMessageKey;
  hint?: EhealthMessageKey;
  value?: string;
  errors?: FieldErrors;
  multiline?: boolean;
  maxLength: number;
  /** Optional fields say so (default: required). */
  required?: boolean;
}) {
  const { ctx, label, hint, errors, ...field } = props;
  const error = errors?.[props.name];
  return (
    <CoreTextField
      {...field}
      label={ctx.tr(label)}
      {...(hint ? { hint: ctx.tr(hint) } : {})}
      {...(error ? { error: ctx.tr(error) } : {})}
    />
  );
}

export function SelectField(props: {
  ctx: EhealthPageContext;
  id: string;
  name: string;
  label: EhealthMessageKey;
  options: { value: string; text: string }[];
  value?: string;
  errors?: FieldErrors;
}) {
  const { ctx, label, errors, ...field } = props;
  const error = errors?.[props.name];
  return (
    <CoreSelectField
      {...field}
      label={ctx.tr(label)}
      choose={ctx.tr("ehealth.form.choose")}
      {...(error ? { error: ctx.tr(error) } : {})}
    />
  );
}

/** The list of a form's errors at its top (focus target after a failed submit). */
export function ErrorSummary(props: { ctx: EhealthPageContext; errors?: FieldErrors; idPrefix: string }) {
  const errors = Object.entries(props.errors ?? {}).map(([field, key]) => ({
    field,
    message: props.ctx.tr(key as EhealthMessageKey),
  }));
  return (
    <CoreErrorSummary title={props.ctx.tr("ehealth.form.errors")} errors={errors} idPrefix={props.idPrefix} />
  );
}

/** The outcome of the last action, shown after the redirect (PRG). */
export function DoneNotice(props: {
  ctx: EhealthPageContext;
  done?: EhealthMessageKey;
  noticeQueued?: boolean;
}) {
  if (!props.done) return null;
  return (
    <div class="notice" role="status">
      <p>{props.ctx.tr(props.done)}</p>
      {props.noticeQueued && <p>{props.ctx.tr("ehealth.done.noticeQueued")}</p>}
    </div>
  );
}

/** The Status fact of a `<dl class="facts">`: its label, the status and, when given, the reason. */
export function StatusFact(props: { ctx: EhealthPageContext; status: string; reason?: string | null }) {
  return (
    <>
      <dt>{props.ctx.tr("ehealth.col.status")}</dt>
      <dd>
        <Status ctx={props.ctx} status={props.status} />
        {props.reason && ` — ${props.reason}`}
      </dd>
    </>
  );
}
