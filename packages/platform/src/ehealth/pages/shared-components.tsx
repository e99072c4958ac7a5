/**
 * Pieces every e-health page uses: the CSRF field for forms (the core's, web/components.tsx), the
 * signed-in bar in e-health's wording, and the e-health page context (the shell's `t` plus the
 * module's `tr`).
 */

import { SignedInBar as CoreSignedInBar } from "../../web/components.tsx";
import type { Language } from "../../web/i18n.ts";
import { type PageContext, pageContext } from "../../web/layout.tsx";
import { type EhealthTranslate, ehealthTranslator } from "../i18n.ts";
import { ehealthSession, type SignedInPerson } from "../web-session/web-session.ts";

export { CsrfField } from "../../web/components.tsx";

export interface EhealthPageContext extends PageContext {
  tr: EhealthTranslate;
}

export function ehealthPageContext(language: Language, path: string): EhealthPageContext {
  return { ...pageContext(language, path), tr: ehealthTranslator(language) };
}

/** Who is signed in, at which level, and a sign-out button (POST, CSRF-protected). */
export function SignedInBar(props: { ctx: EhealthPageContext; person: SignedInPerson }) {
  const { ctx, person } = props;
  return (
    <CoreSignedInBar
      signedInAs={ctx.tr("ehealth.session.signedInAs", {
        name: `${person.givenName} ${person.familyName}`.trim(),
      })}
      level={ctx.tr("ehealth.session.level", { level: person.level })}
      signOutHref={ehealthSession.signOutHref(person.kind)}
      signOut={ctx.tr("ehealth.session.signOut")}
      csrfToken={person.csrfToken}
    />
  );
}
