/**
 * The frame of every technical portal page: the site layout (language switch, landmarks) with the
 * portal's own section navigation, the current section marked for assistive technology.
 */
import type { ComponentChildren } from "preact";
import { type PageContext, renderPage } from "../../web/layout.tsx";
import { TECHNICAL_PORTAL_MESSAGES } from "./messages.ts";
import { TECHNICAL_PORTAL_PATHS } from "./paths.ts";

/**
 * A wide block (code, a table) that scrolls sideways on a narrow screen instead of widening the
 * page; focusable and named, so keyboard users can scroll it too (WCAG 2.1.1).
 */
export function ScrollBox(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
    <section class="table-scroll" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}

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
