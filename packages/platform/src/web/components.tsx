/**
 * Page and form components every module's workplace uses, module-neutral: each takes its texts
 * already translated, so a module brings its own wording (Latvian and English) and the markup —
 * labels tied to fields, errors named by aria-describedby, the error summary as a focus target,
 * table captions and column scopes (WCAG 2.1 AA, checked by axe in the browser tests) — is the
 * same on every page.
 */
import type { ComponentChildren, VNode } from "preact";
import { CSRF_FIELD } from "../core/web-session/index.ts";

/** The hidden per-session token every form of a signed-in workplace carries (checked by the workplace's gate). */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/** Who is signed in (the module's sentence) and a sign-out button (POST, CSRF-protected). */
export function SignedInBar(props: {
  signedInAs: string;
  level: string;
  signOutHref: string;
  signOut: string;
  csrfToken: string;
}) {
  return (
    <div class="signed-in-bar">
      <p>
        {props.signedInAs} <span class="muted">({props.level})</span>
      </p>
      <form method="post" action={props.signOutHref}>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="secondary">
          {props.signOut}
        </button>
      </form>
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

/** A text field with its label and, when invalid, its message tied to it (aria-describedby). */
export function TextField(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  value?: string;
  /** The field's error, translated; none when it is valid. */
  error?: string;
  multiline?: boolean;
  maxLength: number;
  /** Optional fields say so (default: required). */
  required?: boolean;
}) {
  const { id, name, error } = props;
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
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {error}
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

/** A required choice with its label, a first "choose" option, and its error tied to it. */
export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  /** The empty first option's text. */
  choose: string;
  options: { value: string; text: string }[];
  value?: string;
  error?: string;
}) {
  const { id, name, error } = props;
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id}>{props.label}</label>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
      <select
        id={id}
        name={name}
        required
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">{props.choose}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The list of a form's errors at its top (focus target after a failed submit); each links to its field. */
export function ErrorSummary(props: {
  title: string;
  errors: readonly { field: string; message: string }[];
  idPrefix: string;
}) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <h3>{props.title}</h3>
      <ul>
        {props.errors.map(({ field, message }) => (
          <li key={field}>
            <a href={`#${props.idPrefix}-${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
