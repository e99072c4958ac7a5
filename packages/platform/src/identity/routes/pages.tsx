/**
 * The broker's pages: method choice, refusal, unavailable method, failure, logout. Server-rendered,
 * forms without JavaScript, Latvian and English (web/i18n.ts), escaped by Preact.
 */
import type { MessageKey } from "../../web/i18n.ts";
import { type PageContext, renderPage } from "../../web/layout.tsx";
import type { MethodId } from "../core/evidence.ts";
import type { PolicyRefusalCode } from "../core/policy.ts";
import type { MethodButton } from "../methods/method.ts";

export interface SignInPageModel {
  uid: string;
  clientName: string;
  professional: boolean;
  /** Buttons, in order; each posts to /signin/<uid>/method/<button>. */
  buttons: MethodButton[];
  /** Methods the relying party would allow but this release lacks (listed as text, not buttons). */
  unavailable: MethodButton[];
}

const methodKey = (button: MethodButton) => `identity.method.${button}` as MessageKey;
const meansKey = (means: MethodId) => `identity.means.${means}` as MessageKey;

export function signInPage(ctx: PageContext, model: SignInPageModel): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.signin.title"),
    <>
      <h1>{t("identity.signin.title")}</h1>
      <p>
        {t("identity.signin.intro")} <strong>{model.clientName}</strong>
      </p>
      {model.professional ? <p>{t("identity.signin.professional")}</p> : null}
      <section aria-labelledby="methods-heading">
        <h2 id="methods-heading">{t("identity.signin.choose")}</h2>
        <ul class="signin-methods">
          {model.buttons.map((button) => (
            <li key={button}>
              <form method="post" action={`/signin/${model.uid}/method/${button}`}>
                <button type="submit" name="method" value={button}>
                  {t(methodKey(button))}
                </button>
              </form>
            </li>
          ))}
        </ul>
      </section>
      {model.unavailable.length > 0 ? (
        <section aria-labelledby="unavailable-heading">
          <h2 id="unavailable-heading">{t("identity.signin.unavailableHeading")}</h2>
          <ul>
            {model.unavailable.map((button) => (
              <li key={button}>{t(methodKey(button))}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <form method="post" action={`/signin/${model.uid}/abort`}>
        <button type="submit">{t("identity.signin.cancel")}</button>
      </form>
    </>,
  );
}

export function unavailablePage(ctx: PageContext, uid: string, button: MethodButton): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.unavailable.title"),
    <>
      <h1>{t("identity.unavailable.title")}</h1>
      <p>
        <strong>{t(methodKey(button))}</strong>: {t("identity.unavailable.body")}
      </p>
      <p>
        <a href={`/signin/${uid}`}>{t("identity.back")}</a>
      </p>
    </>,
  );
}

export function refusalPage(
  ctx: PageContext,
  uid: string,
  refusal: { code: PolicyRefusalCode; used: MethodId[]; suggested: readonly MethodId[] },
): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.refused.title"),
    <>
      <h1>{t("identity.refused.title")}</h1>
      <p>{t(`identity.refused.${refusal.code}` as MessageKey)}</p>
      <p>
        {t("identity.refused.used")} {refusal.used.map((m) => t(meansKey(m))).join(" → ")}
      </p>
      {refusal.suggested.length > 0 ? (
        <>
          <p>{t("identity.refused.use")}</p>
          <ul>
            {refusal.suggested.map((m) => (
              <li key={m}>{t(meansKey(m))}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href={`/signin/${uid}`}>{t("identity.back")}</a>
      </p>
      <form method="post" action={`/signin/${uid}/abort`}>
        <button type="submit">{t("identity.signin.cancel")}</button>
      </form>
    </>,
  );
}

export function failurePage(ctx: PageContext, uid: string | undefined, expired: boolean): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.failed.title"),
    <>
      <h1>{t("identity.failed.title")}</h1>
      <p>{expired ? t("identity.failed.expired") : t("identity.failed.body")}</p>
      {uid ? (
        <p>
          <a href={`/signin/${uid}`}>{t("identity.back")}</a>
        </p>
      ) : null}
    </>,
  );
}

/** oidc-provider's logout confirmation: its own form (with its XSRF token) carries our buttons. */
export function logoutPage(ctx: PageContext, providerForm: string): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.logout.title"),
    <>
      <h1>{t("identity.logout.title")}</h1>
      <p>{t("identity.logout.question")}</p>
      {/* oidc-provider builds this form (action and hidden xsrf field) and escapes its values. */}
      <div dangerouslySetInnerHTML={{ __html: providerForm }} />
      <p>
        <button type="submit" form="op.logoutForm" name="logout" value="yes">
          {t("identity.logout.yes")}
        </button>{" "}
        <button type="submit" form="op.logoutForm">
          {t("identity.logout.no")}
        </button>
      </p>
    </>,
  );
}

export function loggedOutPage(ctx: PageContext): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.logout.title"),
    <>
      <h1>{t("identity.logout.title")}</h1>
      <p>{t("identity.logout.done")}</p>
    </>,
  );
}

export function protocolErrorPage(ctx: PageContext, code: string): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.error.title"),
    <>
      <h1>{t("identity.error.title")}</h1>
      <p>
        {t("identity.error.body")} <code>{code}</code>
      </p>
    </>,
  );
}
