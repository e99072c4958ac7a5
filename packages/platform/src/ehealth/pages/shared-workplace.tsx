/**
 * Building blocks of the operator's and the administrator's workplaces: status labels, form
 * fields with their error next to them, the "done" notice after a redirect (PRG), the refusal
 * naming the missing right, dates in Riga time.
 */
import type { ComponentChildren, VNode } from "preact";
import { showDate, showRigaTime } from "../core/people-dates.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import type { EhealthPageContext } from "./shared-components.tsx";

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

/** A text field with its label and, when invalid, its message tied to it (aria-describedby). */
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
  const { ctx, id, name } = props;
  const error = props.errors?.[name];
  const describedBy = [props.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const common = {
    id,
    name,
    required: props.required !== false,
    maxLength: props.maxLength,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id}>{ctx.tr(props.label)}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {ctx.tr(props.hint)}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {ctx.tr(error)}
        </p>
      )}
      {props.multiline ? (
        <textarea {...common} rows={2}>
          {props.value ?? ""}
        </textarea>
      ) : (
        <input type="text" {...common} value={props.value ?? ""} />
      )}
    </div>
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
  const { ctx, id, name } = props;
  const error = props.errors?.[name];
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id}>{ctx.tr(props.label)}</label>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {ctx.tr(error)}
        </p>
      )}
      <select
        id={id}
        name={name}
        required
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">{ctx.tr("ehealth.form.choose")}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The list of a form's errors at its top (focus target after a failed submit). */
export function ErrorSummary(props: { ctx: EhealthPageContext; errors?: FieldErrors; idPrefix: string }) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <h3>{props.ctx.tr("ehealth.form.errors")}</h3>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={`#${props.idPrefix}-${field}`}>{props.ctx.tr(key as EhealthMessageKey)}</a>
          </li>
        ))}
      </ul>
    </div>
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

export function Section(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/**
 * A scrolling data table with a visually hidden caption and one column heading per entry of
 * `headers` (already translated). With `empty`, an empty `rows` list shows that text instead.
 */
export function DataTable<T>(props: {
  caption: string;
  headers: readonly string[];
  rows: readonly T[];
  row: (item: T) => VNode;
  empty?: string;
}) {
  if (props.empty !== undefined && props.rows.length === 0) return <p>{props.empty}</p>;
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.headers.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.rows.map(props.row)}</tbody>
      </table>
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
