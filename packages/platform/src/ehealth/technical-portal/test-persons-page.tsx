/**
 * The test persons data set as a page (DEV-2), with its CSV and JSON downloads; every person is
 * synthetic and the page says so first.
 */
import type { PageContext } from "../../web/layout.tsx";
import { ehealthMessages } from "../i18n.ts";
import { type OwnRole, TECHNICAL_PORTAL_MESSAGES } from "./messages.ts";
import { TECHNICAL_PORTAL_PATHS } from "./paths.ts";
import { portalPage } from "./portal-page.tsx";
import type { TestPersonRole, TestPersonRow } from "./test-persons.ts";

function roleName(role: TestPersonRole, language: PageContext["language"]): string {
  const own = TECHNICAL_PORTAL_MESSAGES[language].testPersons.roles;
  return role === "no-rights" || role === "patient"
    ? own[role as OwnRole]
    : ehealthMessages[language][`ehealth.role.${role}`];
}

export function testPersonsPage(ctx: PageContext, rows: readonly TestPersonRow[]): string {
  const t = TECHNICAL_PORTAL_MESSAGES[ctx.language].testPersons;
  return portalPage(
    ctx,
    "testPersons",
    t.title,
    <>
      <p class="lead">
        <strong>{t.synthetic}</strong>
      </p>
      <p>{t.signIn}</p>
      <ul>
        <li>
          <a href={TECHNICAL_PORTAL_PATHS.testPersonsCsv} download="tilts-test-persons.csv">
            {t.csv}
          </a>
        </li>
        <li>
          <a href={TECHNICAL_PORTAL_PATHS.testPersonsJson} download="tilts-test-persons.json">
            {t.json}
          </a>
        </li>
      </ul>
      <table>
        <caption>{t.title}</caption>
        <thead>
          <tr>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.code}</th>
            <th scope="col">{t.role}</th>
            <th scope="col">{t.institution}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.personalCode}>
              <td>
                {r.givenName} {r.familyName}
              </td>
              <td>{r.personalCode}</td>
              <td>{roleName(r.role, ctx.language)}</td>
              <td>{r.institution?.name ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}
