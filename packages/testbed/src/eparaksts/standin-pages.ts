/**
 * The stand-in's pages: the "phone" where a test person enters the user number (personal code)
 * and approves with PIN1 (AUTH-4), and an index of test identities with a button that resets PIN tries (not blocks). Plain
 * HTML with every value escaped; forms work without JavaScript.
 */
import { type DemoRoles, demoRoleCell, demoRoleHeading, testbedDocument } from "../http/testbed-page.ts";
import type { TestPerson } from "../persons/index.ts";
import type { Flow } from "./standin-store.ts";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const text = {
  lv: {
    title: "eParaksts — testa vide",
    mobile: "eParaksts Mobile: apstipriniet pieteikšanos",
    card: "eParaksts: viedkartes pieteikšanās",
    testNote: "Testa stends, nevis LVRTC. Testa dati: katras testa personas PIN1 ir",
    userNumber: "Lietotāja numurs (personas kods)",
    pin: "PIN1",
    approve: "Apstiprināt",
    cancel: "Atcelt",
    identities: "Testa identitātes",
    reset: "Atiestatīt nepareizo PIN mēģinājumu skaitu",
    resetDone: "Mēģinājumu skaits atiestatīts. Bloķētu PIN atbloķē tikai operators.",
    name: "Vārds, uzvārds",
    blocked: "Bloķēta",
    code: "Personas kods",
    selfService: "Pazaudēts tālrunis? Apturēt vai atsaukt savu parakstīšanas sertifikātu",
  },
  en: {
    title: "eParaksts — test environment",
    mobile: "eParaksts Mobile: approve the sign-in",
    card: "eParaksts: smart-card sign-in",
    testNote: "A testbed stand-in, not LVRTC. Test data: every test person's PIN1 is",
    userNumber: "User number (personal code)",
    pin: "PIN1",
    approve: "Approve",
    cancel: "Cancel",
    identities: "Test identities",
    reset: "Reset the wrong PIN counts",
    resetDone: "PIN counts reset. Only the operator unblocks a blocked PIN.",
    name: "Name",
    blocked: "Blocked",
    code: "Personal code",
    selfService: "Phone lost? Suspend or revoke your signing certificate",
  },
};

export function shell(lang: "lv" | "en", title: string, body: string, switchHref?: string): string {
  return testbedDocument({ lang, title, body, ...(switchHref === undefined ? {} : { switchHref }) });
}

export function phonePage(input: {
  lang: "lv" | "en";
  approveAction: string;
  /** The stand-in's list of test identities (user numbers to try). */
  identitiesHref: string;
  requestId: string;
  flow: Flow;
  pin1: string;
  message?: string;
  userNumber?: string;
}): string {
  const t = text[input.lang];
  const heading = input.flow === "mobile" ? t.mobile : t.card;
  const message = input.message ? `<p role="alert">${escapeHtml(input.message)}</p>` : "";
  return shell(
    input.lang,
    `${heading} — ${t.title}`,
    `<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(t.testNote)} <strong>${escapeHtml(input.pin1)}</strong>. <a href="${escapeHtml(input.identitiesHref)}">${escapeHtml(t.identities)}</a></p>
${message}
<form method="post" action="${escapeHtml(input.approveAction)}">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
<p><label for="user_number">${escapeHtml(t.userNumber)}</label><br>
<input id="user_number" name="user_number" autocomplete="off" inputmode="numeric" required value="${escapeHtml(input.userNumber ?? "")}"></p>
<p><label for="pin1">${escapeHtml(t.pin)}</label><br>
<input id="pin1" name="pin1" type="password" inputmode="numeric" autocomplete="off"></p>
<p><button type="submit" name="action" value="approve">${escapeHtml(t.approve)}</button>
<button type="submit" name="action" value="cancel">${escapeHtml(t.cancel)}</button></p>
</form>`,
  );
}

export function indexPage(input: {
  lang: "lv" | "en";
  /** The index's own path, for the language switch. */
  selfPath: string;
  resetAction: string;
  persons: readonly TestPerson[];
  demoRoles?: DemoRoles;
  pin1: string;
  resetDone?: boolean;
  /** Which PINs of a test identity are blocked ("PIN1", "PIN2"). */
  blocked: (code: string) => string[];
  /** The "phone lost" self-service page, when signing is on (SIG-4). */
  selfServiceHref?: string;
}): string {
  const t = text[input.lang];
  const rows = input.persons
    .map(
      (p) =>
        `<tr><td>${escapeHtml(`${p.givenName} ${p.familyName}`)}</td><td>${escapeHtml(p.personalCode)}</td>${demoRoleCell(input.demoRoles, p, input.lang)}<td>${escapeHtml(input.blocked(p.personalCode).join(", "))}</td></tr>`,
    )
    .join("");
  return shell(
    input.lang,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.testNote)} <strong>${escapeHtml(input.pin1)}</strong>.</p>
${input.resetDone ? `<p role="status">${escapeHtml(t.resetDone)}</p>` : ""}
<h2>${escapeHtml(t.identities)}</h2>
<table><thead><tr><th scope="col">${escapeHtml(t.name)}</th><th scope="col">${escapeHtml(t.code)}</th>${demoRoleHeading(input.demoRoles, input.lang)}<th scope="col">${escapeHtml(t.blocked)}</th></tr></thead><tbody>${rows}</tbody></table>
<form method="post" action="${escapeHtml(input.resetAction)}"><p><button type="submit">${escapeHtml(t.reset)}</button></p></form>${
      input.selfServiceHref
        ? `<p><a href="${escapeHtml(input.selfServiceHref)}">${escapeHtml(t.selfService)}</a></p>`
        : ""
    }`,
    input.selfPath,
  );
}

const CANCELLED_TEXT = {
  lv: {
    "sign-in": {
      title: "Pieteikšanās atcelta",
      body: "Pieteikšanās ir atcelta, neviens netika pieteikts. Pakalpojums saņems ziņu par atcelšanu.",
    },
    signing: {
      title: "Parakstīšana atcelta",
      body: "Parakstīšana ir atcelta, dokuments netika parakstīts. Pakalpojums saņems ziņu par atcelšanu.",
    },
    back: "Atgriezties pakalpojumā",
  },
  en: {
    "sign-in": {
      title: "Sign-in cancelled",
      body: "The sign-in was cancelled; no one was signed in. The service will be told it was cancelled.",
    },
    signing: {
      title: "Signing cancelled",
      body: "The signing was cancelled; the document was not signed. The service will be told it was cancelled.",
    },
    back: "Return to the service",
  },
};

/**
 * After Cancel: says what was cancelled, and a link back that carries the cancellation to the
 * relying party (`returnHref`: its redirect URI with `error=access_denied`).
 */
export function cancelledPage(lang: "lv" | "en", what: "sign-in" | "signing", returnHref: string): string {
  const t = CANCELLED_TEXT[lang];
  return shell(
    lang,
    `${t[what].title} — eParaksts`,
    `<h1>${escapeHtml(t[what].title)}</h1>
<p role="status">${escapeHtml(t[what].body)}</p>
<p><a href="${escapeHtml(returnHref)}">${escapeHtml(t.back)}</a></p>`,
  );
}

export function errorPage(lang: "lv" | "en", message: string): string {
  return shell(lang, "eParaksts", `<h1>eParaksts</h1><p role="alert">${escapeHtml(message)}</p>`);
}
