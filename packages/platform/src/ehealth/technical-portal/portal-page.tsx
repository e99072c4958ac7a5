/**
 * The frame of every technical portal page: the site layout (language switch, landmarks) with the
 * portal's own section navigation, the current section marked for assistive technology.
 */
import type { ComponentChildren } from "preact";
import { type PageContext, renderPage } from "../../web/layout.tsx";
import { TECHNICAL_PORTAL_MESSAGES } from "./messages.ts";
import { TECHNICAL_PORTAL_PATHS } from "./paths.ts";

export type PortalSection = "overview" | "api" | "cda" | "classifiers" | "testPersons";

const SECTIONS: readonly PortalSection[] = ["overview", "api", "cda", "classifiers", "testPersons"];

export function portalPage(
  ctx: PageContext,
  current: PortalSection,
  title: string,
  body: ComponentChildren,
): string {
  const t = TECHNICAL_PORTAL_MESSAGES[ctx.language];
  return renderPage(
    ctx,
    title,
    <>
      <nav aria-label={t.navLabel} class="portal-nav">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section}>
              <a
                href={TECHNICAL_PORTAL_PATHS[section]}
                {...(section === current ? { "aria-current": "page" } : {})}
              >
                {t.nav[section]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{title}</h1>
      {body}
    </>,
  );
}
