/**
 * The page shell every server-rendered page uses: skip link, header with the language switch,
 * main landmark, footer. Text comes from the i18n catalogue; Preact escapes all of it.
 */
import type { ComponentChildren } from "preact";
import { render } from "preact-render-to-string";
import { type Language, type Translate, translator } from "./i18n.ts";

export interface PageContext {
  language: Language;
  t: Translate;
  /** The current path and query, for the language switch link. */
  path: string;
}

export function pageContext(language: Language, path: string): PageContext {
  return { language, t: translator(language), path };
}

/** The same address with `lang` set to the other language. */
function switchHref(path: string, language: Language): string {
  const url = new URL(path, "http://local");
  url.searchParams.set("lang", language === "lv" ? "en" : "lv");
  return `${url.pathname}${url.search}`;
}

function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const { ctx } = props;
  const other = ctx.language === "lv" ? "en" : "lv";
  return (
    <html lang={ctx.language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${ctx.t("site.name")}`}</title>
        <link rel="stylesheet" href="/assets/tilts.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {ctx.t("nav.skip")}
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/">
              <span class="brand-name">{ctx.t("site.name")}</span>
              <span class="brand-tagline">{ctx.t("site.tagline")}</span>
            </a>
            <nav aria-label={ctx.t("lang.switchLabel")}>
              <a href={switchHref(ctx.path, ctx.language)} lang={other} hrefLang={other}>
                {ctx.t("lang.switch")}
              </a>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{ctx.t("footer.text")}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Renders a complete HTML document. */
export function renderPage(ctx: PageContext, title: string, body: ComponentChildren): string {
  return `<!doctype html>${render(
    <Layout ctx={ctx} title={title}>
      {body}
    </Layout>,
  )}`;
}
