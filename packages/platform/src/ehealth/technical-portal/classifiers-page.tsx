/**
 * The classifiers a system must speak (ANX2-17, DEV-5): each with its version, code system and
 * codes, and the addresses of its JSON and FHIR forms on the system services.
 */
import type { PageContext } from "../../web/layout.tsx";
import { CLASSIFIERS_PATH, FHIR_CODE_SYSTEM_PATH } from "../system-access/web-services/classifiers.ts";
import type { Classifier } from "./classifier-source.ts";
import { TECHNICAL_PORTAL_MESSAGES } from "./messages.ts";
import { portalPage } from "./portal-page.tsx";

const jsonPath = (name: string) => `${CLASSIFIERS_PATH}/${name}`;
const fhirPath = (name: string) => `${FHIR_CODE_SYSTEM_PATH}/${name}`;

export function classifiersPage(ctx: PageContext, classifiers: readonly Classifier[], base: string): string {
  const t = TECHNICAL_PORTAL_MESSAGES[ctx.language].classifiers;
  return portalPage(
    ctx,
    "classifiers",
    t.title,
    <>
      <p class="lead">{t.intro}</p>
      {classifiers.map((c) => (
        <section key={c.name} aria-labelledby={`classifier-${c.name}`}>
          <h2 id={`classifier-${c.name}`}>{c.title[ctx.language]}</h2>
          <dl>
            <dt>{t.version}</dt>
            <dd>{c.version}</dd>
            <dt>{t.system}</dt>
            <dd>
              <code>{c.system}</code>
            </dd>
            <dt>{t.json}</dt>
            <dd>
              <a href={`${base}${jsonPath(c.name)}`}>
                <code>{jsonPath(c.name)}</code>
              </a>
            </dd>
            <dt>{t.fhir}</dt>
            <dd>
              <a href={`${base}${fhirPath(c.name)}`}>
                <code>{fhirPath(c.name)}</code>
              </a>
            </dd>
          </dl>
          <table>
            <caption>{c.title[ctx.language]}</caption>
            <thead>
              <tr>
                <th scope="col">{t.code}</th>
                <th scope="col">{t.display}</th>
              </tr>
            </thead>
            <tbody>
              {c.codes.map((code) => (
                <tr key={code.code}>
                  <td>
                    <code>{code.code}</code>
                  </td>
                  <td>{code.display[ctx.language]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>,
  );
}
