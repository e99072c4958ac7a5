import type { PageContext } from "../layout.tsx";
import { renderPage } from "../layout.tsx";
import type { ServiceEntry } from "../services.ts";

export function homePage(ctx: PageContext, services: readonly ServiceEntry[]): string {
  const { t, language } = ctx;
  return renderPage(
    ctx,
    t("home.title"),
    <>
      <h1>{t("home.title")}</h1>
      <p class="lead">{t("home.intro")}</p>
      {services.length === 0 ? (
        <p>{t("home.noServices")}</p>
      ) : (
        <ul class="service-list">
          {services.map((s) => (
            <li key={s.id}>
              <h2>
                <a href={s.href}>{s.title[language]}</a>
              </h2>
              <p>{s.description[language]}</p>
            </li>
          ))}
        </ul>
      )}
      <p class="status-link">
        <a href="/readyz">{t("home.status")}</a>
      </p>
    </>,
  );
}
