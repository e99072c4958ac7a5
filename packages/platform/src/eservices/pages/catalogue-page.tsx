/**
 * The public e-service catalogue (ESV-1): a search by words and audience, and one page per
 * e-service. Server-rendered, works without JavaScript; the language switch is the shell's.
 */
import { type PageContext, renderPage } from "../../web/layout.tsx";
import type { CatalogueEntry } from "../catalogue.ts";
import { AUDIENCES, type Audience } from "../core/registration-form.ts";
import { audienceNames, catalogueText, channelNames, showRigaDate } from "./messages.ts";

export function cataloguePage(
  ctx: PageContext,
  entries: readonly CatalogueEntry[],
  query: { q: string; audience: Audience | undefined },
): string {
  const lang = ctx.language;
  const t = catalogueText[lang];
  return renderPage(
    ctx,
    t.title,
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      <form method="get" action="/eservices">
        <input type="hidden" name="lang" value={lang} />
        <p>
          <label for="q">{t.searchLabel}</label>{" "}
          <input id="q" name="q" type="search" value={query.q} maxLength={200} />
        </p>
        <p>
          <label for="audience">{t.audienceLabel}</label>{" "}
          <select id="audience" name="audience">
            <option value="" selected={!query.audience}>
              {t.audienceAny}
            </option>
            {AUDIENCES.map((a) => (
              <option key={a} value={a} selected={query.audience === a}>
                {audienceNames[lang][a]}
              </option>
            ))}
          </select>
        </p>
        <p>
          <button type="submit">{t.searchButton}</button>
        </p>
      </form>
      {entries.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <>
          <p>
            {t.found} {entries.length}
          </p>
          <ul class="service-list">
            {entries.map((e) => (
              <li key={e.identifier}>
                <h2>
                  <a href={`/eservices/${e.identifier}?lang=${lang}`}>{e.name[lang]}</a>
                </h2>
                <p>{e.description[lang]}</p>
                <p>
                  {e.institution.name} · {e.audiences.map((a) => audienceNames[lang][a]).join(", ")} ·{" "}
                  {e.identifier}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        {t.machineReadable} <a href="/api/eservices">{t.jsonLink}</a>,{" "}
        <a href="/eservices/catalogue.dcat.jsonld">{t.dcatLink}</a>
      </p>
    </>,
  );
}

export function eservicePage(ctx: PageContext, entry: CatalogueEntry): string {
  const lang = ctx.language;
  const t = catalogueText[lang];
  return renderPage(
    ctx,
    entry.name[lang],
    <>
      <h1>{entry.name[lang]}</h1>
      <p class="lead">{entry.description[lang]}</p>
      <dl>
        <dt>{t.identifier}</dt>
        <dd>{entry.identifier}</dd>
        <dt>{t.institution}</dt>
        <dd>{entry.institution.name}</dd>
        <dt>{t.audiences}</dt>
        <dd>{entry.audiences.map((a) => audienceNames[lang][a]).join(", ")}</dd>
        <dt>{t.channels}</dt>
        <dd>{entry.channels.map((c) => channelNames[lang][c]).join(", ")}</dd>
        <dt>{t.legalBasis}</dt>
        <dd>{entry.legalBasis}</dd>
        <dt>{t.registered}</dt>
        <dd>{showRigaDate(entry.registeredAt)}</dd>
      </dl>
      <p>
        <a href={`/eservices?lang=${lang}`}>{t.back}</a>
      </p>
    </>,
  );
}

export function eserviceNotFoundPage(ctx: PageContext): string {
  const t = catalogueText[ctx.language];
  return renderPage(
    ctx,
    t.notFoundTitle,
    <>
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFoundBody}</p>
      <p>
        <a href={`/eservices?lang=${ctx.language}`}>{t.back}</a>
      </p>
    </>,
  );
}
