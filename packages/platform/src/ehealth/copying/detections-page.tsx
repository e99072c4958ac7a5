/**
 * The operator's list of anti-copying detections (/ehealth/operator/copying, ANX2-18): who was
 * suspended, when, for which pattern, and whether it was lifted and why. Read-only: lifting is
 * `tilts ehealth copying lift` for now.
 */
import { renderPage } from "../../web/layout.tsx";
import { showRigaTime } from "../core/people-dates.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import { Breadcrumbs } from "../pages/operator-pages.tsx";
import { type EhealthPageContext, SignedInBar } from "../pages/shared-components.tsx";
import { DataTable } from "../pages/shared-workplace.tsx";
import type { SignedInPerson } from "../web-session/web-session.ts";
import type { CopyingDetection } from "./detection-store.ts";

export const COPYING_PATH = "/ehealth/operator/copying";

export function detectionsPage(
  ctx: EhealthPageContext,
  person: SignedInPerson,
  detections: CopyingDetection[],
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
                ? ctx.tr("ehealth.copying.open")
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
