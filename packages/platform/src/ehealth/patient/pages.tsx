/**
 * The patient's own pages after citizen sign-in: "my data" (documents newest first, consents, the
 * link to who accessed the data) and one document, rendered with the portal's narrative renderer,
 * with its access restriction (a confirmed form) and the emergency reads of it. Latvian words only
 * on Latvian pages; dates as dd.mm.gggg in Riga time.
 */
import type { Language } from "../../web/i18n.ts";
import { renderPage } from "../../web/layout.tsx";
import type { Consent } from "../adapters/patient-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { showDate, showRigaTime } from "../core/people-dates.ts";
import { CdaDocumentBody } from "../pages/portal-pages.tsx";
import { CsrfField, type EhealthPageContext, SignedInBar } from "../pages/shared-components.tsx";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { patientText } from "./messages.ts";
import type { OwnDocument, OwnDocumentView } from "./own-data.ts";

export const MY_DATA_PATH = "/ehealth/my-data/";
const REPORT_PATH = "/ehealth/my-report/";

export const documentHref = (id: string) => `${MY_DATA_PATH}${encodeURIComponent(id)}`;

/** The classifier's name in the page's language; an unclassified type shows its English display name only on English pages. */
function typeOf(d: Pick<OwnDocument, "typeName" | "typeDisplayName">, language: Language): string {
  if (d.typeName) return d.typeName[language];
  return (language === "en" && d.typeDisplayName) || "—";
}

const day = (instant: Date) => showDate(rigaDateOf(instant));

export function myDataPage(data: {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  documents: OwnDocument[];
  consents: Consent[];
}): string {
  const { ctx, person } = data;
  const t = patientText(ctx.language);
  return renderPage(
    ctx,
    t.title,
    <>
      <SignedInBar ctx={ctx} person={person} />
      <p>
        <a href="/">{t.back}</a>
      </p>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <p>
        <a href={REPORT_PATH}>{t.toReport}</a>
      </p>
      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t.documents}</h2>
        {data.documents.length === 0 ? (
          <p>{t.noDocuments}</p>
        ) : (
          <table aria-labelledby="documents-heading">
            <thead>
              <tr>
                <th scope="col">{t.colTitle}</th>
                <th scope="col">{t.colType}</th>
                <th scope="col">{t.colDate}</th>
                <th scope="col">{t.colInstitution}</th>
                <th scope="col">{t.colAccess}</th>
              </tr>
            </thead>
            <tbody>
              {data.documents.map((d) => (
                <tr key={d.id}>
                  <td>
                    <a href={documentHref(d.id)}>{d.title ?? t.untitled}</a>
                  </td>
                  <td>{typeOf(d, ctx.language)}</td>
                  <td>
                    <time dateTime={d.uploadedAt.toISOString()}>{day(d.uploadedAt)}</time>
                  </td>
                  <td>{d.institutionName || "—"}</td>
                  <td>{d.restricted ? t.restricted : t.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="consents-heading">
        <h2 id="consents-heading">{t.consents}</h2>
        {data.consents.length === 0 ? (
          <p>{t.noConsents}</p>
        ) : (
          <table aria-labelledby="consents-heading">
            <thead>
              <tr>
                <th scope="col">{t.colTopic}</th>
                <th scope="col">{t.colGiven}</th>
                <th scope="col">{t.colStatus}</th>
              </tr>
            </thead>
            <tbody>
              {data.consents.map((c) => (
                <tr key={c.id}>
                  <td>{t.topics[c.topic] ?? "—"}</td>
                  <td>{day(c.givenAt)}</td>
                  <td>
                    {t.statuses[c.status] ?? "—"}
                    {c.withdrawnAt ? ` (${day(c.withdrawnAt)})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>,
  );
}

export type RestrictionNote = "restricted" | "lifted" | "confirm-missing" | "conflict";

export function ownDocumentPage(data: {
  ctx: EhealthPageContext;
  person: SignedInPerson;
  view: OwnDocumentView;
  note?: RestrictionNote;
}): string {
  const { ctx, person, view } = data;
  const { document } = view;
  const t = patientText(ctx.language);
  const title = document.title ?? t.untitled;
  const notes: Record<RestrictionNote, string> = {
    restricted: t.doneRestricted,
    lifted: t.doneLifted,
    "confirm-missing": t.confirmMissing,
    conflict: t.conflict,
  };
  const problem = data.note === "confirm-missing" || data.note === "conflict";
  return renderPage(
    ctx,
    title,
    <>
      <SignedInBar ctx={ctx} person={person} />
      <p>
        <a href={MY_DATA_PATH}>{t.backToList}</a>
      </p>
      <h1>{title}</h1>
      {data.note && (
        <p role={problem ? "alert" : "status"} class={problem ? "error" : "notice"}>
          {notes[data.note]}
        </p>
      )}
      <dl>
        <dt>{t.colType}</dt>
        <dd>{typeOf(document, ctx.language)}</dd>
        <dt>{t.colDate}</dt>
        <dd>{day(document.uploadedAt)}</dd>
        <dt>{t.colInstitution}</dt>
        <dd>{document.institutionName || "—"}</dd>
      </dl>
      <section aria-labelledby="access-heading">
        <h2 id="access-heading">{t.access}</h2>
        <p>{document.restricted ? t.restrictedNow : t.openNow}</p>
        <form method="post" action={`${documentHref(document.id)}/restriction`}>
          <CsrfField token={person.csrfToken} />
          <input type="hidden" name="restricted" value={document.restricted ? "no" : "yes"} />
          <p>
            <input type="checkbox" id="confirm" name="confirm" value="yes" required />{" "}
            <label for="confirm">{document.restricted ? t.confirmLift : t.confirmRestrict}</label>
          </p>
          <button type="submit">{document.restricted ? t.lift : t.restrict}</button>
        </form>
      </section>
      <section aria-labelledby="emergency-heading">
        <h2 id="emergency-heading">{t.emergencyHeading}</h2>
        {view.emergencyReads.length === 0 ? (
          <p>{t.noEmergency}</p>
        ) : (
          <ul>
            {view.emergencyReads.map((r) => (
              <li key={r.at.toISOString()}>{t.emergencyRead(r.who, r.institution, showRigaTime(r.at))}</li>
            ))}
          </ul>
        )}
      </section>
      <h2>{t.body}</h2>
      <CdaDocumentBody content={document.content} lang={ctx.language} empty={t.noSections} />
    </>,
  );
}
