/**
 * The eID card page: explains the steps, runs the Web eID exchange through its script (served
 * as a file, CSP `script-src 'self'`), and posts the token back in a plain form. Without
 * JavaScript it says so (Web eID cannot work without it). Latvian and English (web/i18n.ts).
 */
import { type PageContext, renderPage } from "../../web/layout.tsx";

export interface EidCardPageModel {
  uid: string;
  clientName: string;
  challengeUrl: string;
  tokenAction: string;
  /** Script URLs in order: a stand-in extension first when the testbed provides one, then ours. */
  scripts: readonly string[];
}

export function eidCardPage(ctx: PageContext, model: EidCardPageModel): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t("identity.eid.title"),
    <>
      <h1>{t("identity.eid.title")}</h1>
      <p>
        {t("identity.signin.intro")} <strong>{model.clientName}</strong>
      </p>
      <ol>
        <li>{t("identity.eid.step1")}</li>
        <li>{t("identity.eid.step2")}</li>
      </ol>
      <section
        id="eid-card"
        aria-labelledby="eid-card-heading"
        data-challenge-url={model.challengeUrl}
        data-msg-working={t("identity.eid.working")}
        data-msg-sending={t("identity.eid.sending")}
        data-msg-no-extension={t("identity.eid.noExtension")}
        data-msg-cancelled={t("identity.eid.cancelled")}
        data-msg-failed={t("identity.eid.failed")}
      >
        <h2 id="eid-card-heading">{t("identity.method.eid-card")}</h2>
        <p id="eid-card-needs-script">{t("identity.eid.needsScript")}</p>
        <button type="button" id="eid-card-start" hidden>
          {t("identity.eid.start")}
        </button>
        <p id="eid-card-status" role="status" aria-live="polite" />
        <form id="eid-card-form" method="post" action={model.tokenAction}>
          <input type="hidden" name="challenge" value="" />
          <input type="hidden" name="token" value="" />
        </form>
      </section>
      <p>
        <a href={`/signin/${model.uid}`}>{t("identity.back")}</a>
      </p>
      {model.scripts.map((src) => (
        <script key={src} src={src} />
      ))}
    </>,
  );
}
