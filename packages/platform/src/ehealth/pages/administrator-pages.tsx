/** The administrator's workplace entry: which institution (from their grants) to administer. */

import { renderPage } from "../../web/layout.tsx";
import type { Institution } from "../adapters/institution-store.ts";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { type EhealthPageContext, SignedInBar } from "./shared-components.tsx";
import { Status } from "./shared-workplace.tsx";

export function chooseInstitutionPage(
  ctx: EhealthPageContext,
  person: SignedInPerson,
  institutions: Institution[],
): string {
  const title = ctx.tr("ehealth.administrator.title");
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={person} />
      <h1>{title}</h1>
      <p class="lead">{ctx.tr("ehealth.administrator.choose")}</p>
      <ul class="link-list">
        {institutions.map((i) => (
          <li key={i.registrationNumber}>
            <a href={`/ehealth/administrator/${encodeURIComponent(i.registrationNumber)}/`}>{i.name}</a> (
            {i.registrationNumber}) <Status ctx={ctx} status={i.status} />
          </li>
        ))}
      </ul>
      <p>
        <a href="/ehealth/reports/institution">{ctx.tr("ehealth.workplace.reportsLink")}</a>
      </p>
    </>,
  );
}
