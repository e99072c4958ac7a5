/**
 * What every testbed page shares, so the stand-ins' pages read as part of the platform they are
 * mounted in: the language the person chose there, the platform's stylesheet, a language switch,
 * and — in lists of test persons — who each person is in the demo, the staff first.
 *
 * The testbed knows nothing of the platform (DESIGN.md: testbed → trust only): the host server
 * may decorate requests with `language` (the platform does, from `?lang=`, its `lang` cookie and
 * Accept-Language) and the composition passes `DemoRoles`; without them a stand-in falls back to
 * `?lang=` and the `lang` cookie, and lists persons without roles.
 */
import type { FastifyRequest } from "fastify";
import type { TestPerson } from "../persons/index.ts";

export type PageLanguage = "lv" | "en";

/** The platform's stylesheet, served by the platform the stand-ins are mounted in (same origin). */
export const PLATFORM_STYLESHEET = "/assets/tilts.css";

const isLanguage = (value: unknown): value is PageLanguage => value === "lv" || value === "en";

function cookieLanguage(header: string | undefined): PageLanguage | undefined {
  const match = /(?:^|;\s*)lang=(lv|en)(?:;|$)/.exec(header?.slice(0, 4096) ?? "");
  return match?.[1] as PageLanguage | undefined;
}

/** `?lang=`, then the host's choice (request.language), then the `lang` cookie, else Latvian. */
export function pageLanguage(request: FastifyRequest): PageLanguage {
  const query = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLanguage(query)) return query;
  const chosen = (request as FastifyRequest & { language?: unknown }).language;
  if (isLanguage(chosen)) return chosen;
  return cookieLanguage(request.headers.cookie) ?? "lv";
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SWITCH = {
  lv: { label: "English", lang: "en" },
  en: { label: "Latviski", lang: "lv" },
} as const;

/**
 * A whole page: the platform's stylesheet, and, with `switchHref` (the page's own path), a link to
 * the same page in the other language (`?lang=`, which the platform also remembers).
 */
export function testbedDocument(input: {
  lang: PageLanguage;
  title: string;
  body: string;
  switchHref?: string;
  head?: string;
}): string {
  const other = SWITCH[input.lang];
  const languageSwitch =
    input.switchHref === undefined
      ? ""
      : `<header><p><a href="${escapeHtml(`${input.switchHref}?lang=${other.lang}`)}" lang="${other.lang}" hreflang="${other.lang}">${other.label}</a></p></header>`;
  return `<!doctype html><html lang="${input.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(input.title)}</title><link rel="stylesheet" href="${PLATFORM_STYLESHEET}">${input.head ?? ""}</head><body>${languageSwitch}<main>${input.body}</main></body></html>`;
}

/**
 * Who a test person is in the platform's demo, in the page's language: a member of the staff
 * (e.g. "doctor, Demo klīniskā slimnīca") or not (e.g. a patient); undefined for nobody.
 */
export type DemoRoles = (
  personalCode: string,
  lang: PageLanguage,
) => { readonly role: string; readonly staff: boolean } | undefined;

/**
 * The persons an index lists: the demo's staff first (wherever they stand in the list, so the
 * people a newcomer signs in as are always there), then the others in order, up to `count` of them.
 */
export function personsToList(
  persons: readonly TestPerson[],
  count: number,
  demoRoles: DemoRoles | undefined,
): TestPerson[] {
  if (!demoRoles) return persons.slice(0, count);
  const isStaff = (p: TestPerson) => demoRoles(p.personalCode, "en")?.staff === true;
  return [...persons.filter(isStaff), ...persons.filter((p) => !isStaff(p)).slice(0, count)];
}

/** The "role in the demo" cell of a person's row (empty without a composition's roles). */
export function demoRoleCell(
  demoRoles: DemoRoles | undefined,
  person: TestPerson,
  lang: PageLanguage,
): string {
  return demoRoles ? `<td>${escapeHtml(demoRoles(person.personalCode, lang)?.role ?? "")}</td>` : "";
}

/** Its column heading. */
export function demoRoleHeading(demoRoles: DemoRoles | undefined, lang: PageLanguage): string {
  return demoRoles ? `<th scope="col">${lang === "lv" ? "Loma demonstrācijā" : "Role in the demo"}</th>` : "";
}
