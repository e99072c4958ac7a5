/** Error pages say what happened in plain words and leak nothing: no stack, no internal message. */
import type { PageContext } from "../layout.tsx";
import { renderPage } from "../layout.tsx";

export function notFoundPage(ctx: PageContext): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("error.notFound.title"),
    <>
      <h1>{t("error.notFound.title")}</h1>
      <p>{t("error.notFound.body")}</p>
      <p>
        <a href="/">{t("error.back")}</a>
      </p>
    </>,
  );
}

export function serverErrorPage(ctx: PageContext, reference: string): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("error.server.title"),
    <>
      <h1>{t("error.server.title")}</h1>
      <p>
        {t("error.server.body")} <code>{reference}</code>
      </p>
      <p>
        <a href="/">{t("error.back")}</a>
      </p>
    </>,
  );
}
