/** E-health pages for sign-in outcomes and refused forms. */

import type { WebSessionErrorCode } from "../../core/web-session/index.ts";
import type { PageContext } from "../../web/layout.tsx";
import { renderPage } from "../../web/layout.tsx";
import { type EhealthMessageKey, ehealthTranslator } from "../i18n.ts";
import type { SignInKind } from "../web-session/clients.ts";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { signInHref } from "../web-session/web-session.ts";
import { MissingRight } from "./missing-right.tsx";
import { RefusalNextStep, refusalReasonKey } from "./refusal-next-step.tsx";
import { type EhealthPageContext, SignedInBar } from "./shared-components.tsx";

/** A form refused for its missing or stale CSRF token; signed in, the person can sign out here. */
export function csrfRefusedPage(ctx: PageContext, person?: SignedInPerson): string {
  const tr = ehealthTranslator(ctx.language);
  return renderPage(
    ctx,
    tr("ehealth.csrf.title"),
    <>
      {person && <SignedInBar ctx={{ ...ctx, tr }} person={person} />}
      <h1>{tr("ehealth.csrf.title")}</h1>
      <p>{tr("ehealth.csrf.body")}</p>
      <p>
        <a href="/">{ctx.t("error.back")}</a>
      </p>
    </>,
  );
}

const EXPLANATION: Partial<Record<WebSessionErrorCode, Parameters<ReturnType<typeof ehealthTranslator>>[0]>> =
  {
    "signin-unknown": "ehealth.session.failed.expired",
    "signin-browser-mismatch": "ehealth.session.failed.expired",
    "signin-refused": "ehealth.session.failed.cancelled",
    "level-too-low": "ehealth.session.failed.level",
    "not-latvian-person": "ehealth.session.failed.person",
  };

export function signInFailedPage(ctx: PageContext, kind: SignInKind, code: WebSessionErrorCode): string {
  const tr = ehealthTranslator(ctx.language);
  const explanation = EXPLANATION[code] ?? "ehealth.session.failed.body";
  return renderPage(
    ctx,
    tr("ehealth.session.failed.title"),
    <>
      <h1>{tr("ehealth.session.failed.title")}</h1>
      <p>{tr(explanation)}</p>
      <p>
        {tr("ehealth.session.failed.code")} <code>{code}</code>
      </p>
      <p>
        <a href={signInHref(kind, "/")}>{tr("ehealth.session.signInAgain")}</a>
      </p>
    </>,
  );
}

export function signedOutPage(ctx: PageContext): string {
  const tr = ehealthTranslator(ctx.language);
  return renderPage(
    ctx,
    tr("ehealth.session.signedOut.title"),
    <>
      <h1>{tr("ehealth.session.signedOut.title")}</h1>
      <p>{tr("ehealth.session.signedOut.body")}</p>
      <p>
        <a href="/">{ctx.t("error.back")}</a>
      </p>
    </>,
  );
}

/**
 * An action or page the rights policy refused (issue 6 item 4): says which right is missing
 * (Decision.missingRight), why (the policy's reason in the reader's language, or an explanation
 * already translated), and what to do next; signed in, the person can sign out here (another
 * person may be at this computer). The refusal itself was audited by the service.
 */
export function refusedPage(
  ctx: PageContext,
  refusal: { missingRight?: string; reason?: string; explanation?: string },
  options: { back?: string; person?: SignedInPerson } = {},
): string {
  const tr = ehealthTranslator(ctx.language);
  const page: EhealthPageContext = { ...ctx, tr };
  const reasonKey = refusalReasonKey(refusal.reason);
  const why = refusal.explanation ?? (reasonKey ? tr(reasonKey) : undefined);
  return renderPage(
    ctx,
    tr("ehealth.refused.title"),
    <>
      {options.person && <SignedInBar ctx={page} person={options.person} />}
      <h1>{tr("ehealth.refused.title")}</h1>
      <p>{tr("ehealth.refused.body")}</p>
      {refusal.missingRight && (
        <MissingRight code={refusal.missingRight} tr={tr} label={tr("ehealth.refused.missingRight")} />
      )}
      {why && (
        <p>
          {tr("ehealth.refused.reason")} {why}
        </p>
      )}
      <RefusalNextStep ctx={page} reason={refusal.reason} />
      <p>
        <a href={options.back ?? "/"}>{options.back ? tr("ehealth.back") : ctx.t("error.back")}</a>
      </p>
    </>,
  );
}

/**
 * The workplace gate's refusal (workplaces.ts): the person is signed in but holds no role this
 * workplace is for. Says which workplace it is and whom to ask.
 */
export function workplaceRefusedPage(
  ctx: EhealthPageContext,
  workplace: EhealthMessageKey,
  person?: SignedInPerson,
): string {
  const tr = ehealthTranslator(ctx.language);
  return renderPage(
    ctx,
    tr("ehealth.workplace.refused.title"),
    <>
      {/* Another person may be at this computer: signing out is one click away. */}
      {person && <SignedInBar ctx={ctx} person={person} />}
      <h1>{tr("ehealth.workplace.refused.title")}</h1>
      <p>{tr("ehealth.workplace.refused.body", { workplace: tr(workplace) })}</p>
      <p>{tr("ehealth.workplace.refused.next")}</p>
      <p>
        <a href="/">{ctx.t("error.back")}</a>
      </p>
    </>,
  );
}

/** Something a workplace page names is not there; signed in, the person can sign out here too. */
export function ehealthNotFoundPage(ctx: PageContext, person?: SignedInPerson): string {
  const tr = ehealthTranslator(ctx.language);
  return renderPage(
    ctx,
    tr("ehealth.notFound.title"),
    <>
      {person && <SignedInBar ctx={{ ...ctx, tr }} person={person} />}
      <h1>{tr("ehealth.notFound.title")}</h1>
      <p>{tr("ehealth.notFound.body")}</p>
      <p>
        <a href="/">{ctx.t("error.back")}</a>
      </p>
    </>,
  );
}
