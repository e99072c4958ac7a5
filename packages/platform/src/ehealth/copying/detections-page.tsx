/**
 * The operator's list of anti-copying detections (/ehealth/operator/copying, ANX2-18): who was
 * suspended, when, for which pattern, and whether it was lifted and why; an open one has a form
 * to lift it with a reason (POST, CSRF; the same as `tilts ehealth copying lift`).
 */
import { renderPage } from "../../web/layout.tsx";
import { showRigaTime } from "../core/people-dates.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import { Breadcrumbs } from "../pages/operator-pages.tsx";
import { CsrfField, type EhealthPageContext, SignedInBar } from "../pages/shared-components.tsx";
import { DataTable } from "../pages/shared-workplace.tsx";
import type { SignedInPerson } from "../web-session/web-session.ts";
import type { CopyingDetection } from "./detection-store.ts";

export const COPYING_PATH = "/ehealth/operator/copying";

export const liftPath = (id: number): string => `${COPYING_PATH}/${id}/lift`;

export interface DetectionsPageState {
  /** A lift was done (after the redirect). */
  done?: boolean;
  /** Why a lift was refused, and of which detection. */
  error?: { id: number; message: EhealthMessageKey };
}

function LiftForm(props: {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  id: number;
  error?: EhealthMessageKey;
}) {
  const { ctx, id } = props;
  const field = `lift-reason-${id}`;
  return (
    <form method="post" action={liftPath(id)} class="inline-form">
      <CsrfField token={props.person.csrfToken} />
      <label for={field}>{ctx.tr("ehealth.copying.lift.reason")}</label>{" "}
      <input
        id={field}
        name="reason"
        type="text"
        required
        maxLength={1000}
        {...(props.error ? { "aria-invalid": "true", "aria-describedby": `${field}-error` } : {})}
      />{" "}
      <button type="submit">{ctx.tr("ehealth.copying.lift.submit")}</button>
      {props.error && (
        <p id={`${field}-error`} class="field-error" role="alert">
          {ctx.tr(props.error)}
        </p>
      )}
    </form>
  );
}

export function detectionsPage(
  ctx: EhealthPageContext,
  person: SignedInPerson,
  detections: CopyingDetection[],
  state: DetectionsPageState = {},
): string {
  const title = ctx.tr("ehealth.copying.title");
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={person} />
      <Breadcrumbs ctx={ctx} />
      <h1>{title}</h1>
      <p>{ctx.tr("ehealth.copying.intro")}</p>
      {state.done && (
        <p class="notice-success" role="status">
          {ctx.tr("ehealth.copying.lift.done")}
        </p>
      )}
      <DataTable
        caption={title}
        headers={[
          ctx.tr("ehealth.copying.col.detectedAt"),
          ctx.tr("ehealth.copying.col.subject"),
          ctx.tr("ehealth.copying.col.institution"),
          ctx.tr("ehealth.copying.col.pattern"),
          ctx.tr("ehealth.copying.col.status"),
        ]}
        rows={detections}
        empty={ctx.tr("ehealth.copying.none")}
        row={(d) => (
          <tr key={String(d.id)}>
            <td>{showRigaTime(d.detectedAt)}</td>
            <td>
              {d.subjectKind === "professional"
                ? ctx.tr("ehealth.copying.professional", { code: d.subject })
                : ctx.tr("ehealth.copying.system", { name: d.subject })}
            </td>
            <td>{d.registrationNumber}</td>
            <td>
              {ctx.tr(`ehealth.copying.pattern.${d.pattern}` as EhealthMessageKey)} ({d.detail})
            </td>
            <td>
              {d.status === "open"
                ? [
                    ctx.tr("ehealth.copying.open"),
                    <LiftForm
                      key="lift"
                      ctx={ctx}
                      person={person}
                      id={d.id}
                      {...(state.error?.id === d.id ? { error: state.error.message } : {})}
                    />,
                  ]
                : ctx.tr("ehealth.copying.lifted", {
                    date: d.liftedAt ? showRigaTime(d.liftedAt) : "—",
                    reason: d.liftReason ?? "",
                  })}
            </td>
          </tr>
        )}
      />
    </>,
  );
}
