/**
 * eIDAS pages (AUTH-6): the country choice, the auto-submitting SAML HTTP-POST form, and the
 * consent page that shows a foreign person what their node sent before anything reaches the
 * relying party. Server-rendered, escaped by Preact, Latvian and English (web/i18n.ts).
 */
import type { MessageKey } from "../../web/i18n.ts";
import { type PageContext, renderPage } from "../../web/layout.tsx";
import type { ForeignPerson } from "../core/evidence.ts";
import type { Level } from "../core/levels.ts";

/** The script that submits the HTTP-POST binding form (script-src 'self': no inline script). */
export const AUTO_POST_SCRIPT_PATH = "/signin/assets/auto-post.js";
export const AUTO_POST_SCRIPT = 'document.getElementById("auto-post").submit();\n';

export interface CountryChoice {
  code: string;
  name: string;
}

export function countryPage(
  ctx: PageContext,
  model: { uid: string; countries: CountryChoice[]; missing: boolean },
): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.eidas.country.title"),
    <>
      <h1>{t("identity.eidas.country.title")}</h1>
      <p>{t("identity.eidas.country.intro")}</p>
      {model.missing ? (
        <p role="alert" id="country-error">
          {t("identity.eidas.country.required")}
        </p>
      ) : null}
      <form method="post" action={`/signin/${model.uid}/method/eidas`}>
        <fieldset aria-describedby={model.missing ? "country-error" : undefined}>
          <legend>{t("identity.eidas.country.legend")}</legend>
          {model.countries.map((c) => (
            <p key={c.code}>
              <input type="radio" id={`country-${c.code}`} name="country" value={c.code} required />{" "}
              <label for={`country-${c.code}`}>
                {c.name} ({c.code})
              </label>
            </p>
          ))}
        </fieldset>
        <p>
          <button type="submit">{t("identity.eidas.country.continue")}</button>
        </p>
      </form>
      <p>
        <a href={`/signin/${model.uid}`}>{t("identity.back")}</a>
      </p>
    </>,
  );
}

export function autoPostPage(ctx: PageContext, url: string, fields: Record<string, string>): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.eidas.redirect.title"),
    <>
      <h1>{t("identity.eidas.redirect.title")}</h1>
      <form id="auto-post" method="post" action={url}>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p>{t("identity.eidas.redirect.body")}</p>
        <p>
          <button type="submit">{t("identity.eidas.country.continue")}</button>
        </p>
      </form>
      <script src={AUTO_POST_SCRIPT_PATH} defer />
    </>,
  );
}

export interface ConsentModel {
  uid: string;
  state: string;
  clientName: string;
  person: ForeignPerson;
  level: Level;
}

/** AUTH-6: the person sees every attribute that would reach the relying party, and decides. */
export function consentPage(ctx: PageContext, model: ConsentModel): string {
  const { t } = ctx;
  const rows: [MessageKey, string][] = [
    ["identity.consent.givenName", model.person.givenName],
    ["identity.consent.familyName", model.person.familyName],
    ...(model.person.birthDate
      ? ([["identity.consent.birthDate", model.person.birthDate]] as [MessageKey, string][])
      : []),
    ["identity.consent.identifier", model.person.identifier],
    ["identity.consent.level", t(`identity.level.${model.level}` as MessageKey)],
  ];
  return renderPage(
    ctx,
    t("identity.consent.title"),
    <>
      <h1>{t("identity.consent.title")}</h1>
      <p>
        {t("identity.consent.intro")} <strong>{model.clientName}</strong>?
      </p>
      <section aria-labelledby="consent-data">
        <h2 id="consent-data">{t("identity.consent.heading")}</h2>
        <dl class="consent-attributes">
          {rows.map(([key, value]) => (
            <div key={key}>
              <dt>{t(key)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <form method="post" action={`/signin/${model.uid}/consent`}>
        <input type="hidden" name="state" value={model.state} />
        <p>
          <button type="submit" name="decision" value="agree">
            {t("identity.consent.agree")}
          </button>{" "}
          <button type="submit" name="decision" value="refuse">
            {t("identity.consent.refuse")}
          </button>
        </p>
      </form>
    </>,
  );
}
