/**
 * Pieces every e-health page uses: the CSRF field for forms, the signed-in bar with the sign-out
 * button, and the e-health page context (the shell's `t` plus the module's `tr`).
 */

import type { Language } from "../../web/i18n.ts";
import { type PageContext, pageContext } from "../../web/layout.tsx";
import { type EhealthTranslate, ehealthTranslator } from "../i18n.ts";
import type { SignedInPerson } from "../web-session/web-session.ts";
import { CSRF_FIELD } from "../web-session/web-session.ts";

export interface EhealthPageContext extends PageContext {
  tr: EhealthTranslate;
}

export function ehealthPageContext(language: Language, path: string): EhealthPageContext {
  return { ...pageContext(language, path), tr: ehealthTranslator(language) };
}

/** The hidden per-session token every e-health form carries (checked by requireSignIn). */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/** Who is signed in, at which level, and a sign-out button (POST, CSRF-protected). */
export function SignedInBar(props: { ctx: EhealthPageContext; person: SignedInPerson }) {
  const { ctx, person } = props;
  return (
    <div class="signed-in-bar">
      <p>
        {ctx.tr("ehealth.session.signedInAs", { name: `${person.givenName} ${person.familyName}`.trim() })}{" "}
        <span class="muted">({ctx.tr("ehealth.session.level", { level: person.level })})</span>
      </p>
      <form method="post" action={`/ehealth/signout/${person.kind}`}>
        <CsrfField token={person.csrfToken} />
        <button type="submit" class="secondary">
          {ctx.tr("ehealth.session.signOut")}
        </button>
      </form>
    </div>
  );
}
