/**
 * The stand-in's self-service pages (SIG-4): a person signs in with the user number and PIN1 and
 * suspends or revokes their own signing certificate — "phone lost" — at any hour. Plain HTML with
 * every value escaped; the forms work without JavaScript.
 */
import { escapeHtml, type PageLanguage, testbedDocument } from "../http/testbed-page.ts";

export type CertificateStatus = "valid" | "suspended" | "revoked";

export interface OwnCertificate {
  serial: string;
  notAfter: Date;
  status: CertificateStatus;
  /** When suspended or revoked. */
  since?: Date;
}

const text = {
  lv: {
    title: "eParaksts — mans parakstīšanas sertifikāts",
    intro:
      "Ja pazaudējāt tālruni vai kāds cits varētu parakstīt jūsu vārdā, apturiet vai atsauciet savu parakstīšanas sertifikātu. Tas darbojas visu diennakti, arī brīvdienās; izmaiņas redzamas sertifikātu statusa pakalpojumos uzreiz.",
    testNote: "Testa stends, nevis LVRTC. Testa dati: katras testa personas PIN1 ir",
    userNumber: "Lietotāja numurs (personas kods)",
    pin: "PIN1",
    signIn: "Pieteikties",
    certificates: "Jūsu parakstīšanas sertifikāti",
    none: "Jums vēl nav parakstīšanas sertifikāta: tas tiek izdots, kad pirmo reizi parakstāt.",
    serial: "Sērijas numurs",
    validUntil: "Derīgs līdz",
    status: "Statuss",
    valid: "derīgs",
    suspended: "apturēts",
    revoked: "atsaukts",
    since: "kopš",
    suspend: "Apturēt (tālrunis pazudis)",
    revoke: "Atsaukt pavisam",
    suspendedDone: "Sertifikāts apturēts. Parakstus, kas veidoti no šī brīža, pārbaudē redzēs kā nederīgus.",
    revokedDone: "Sertifikāts atsaukts. Parakstus, kas veidoti no šī brīža, pārbaudē redzēs kā nederīgus.",
    sessionExpired: "Pieteikšanās ir novecojusi. Piesakieties vēlreiz.",
    unknownPerson: "Nezināms lietotāja numurs.",
    blocked: "PIN1 ir bloķēts. To atbloķē operators.",
    wrongPin: "Nepareizs PIN1. Atlikušie mēģinājumi:",
    nowBlocked: "Nepareizs PIN1. PIN1 ir bloķēts.",
    signedInAs: "Pieteicies:",
    actions: "Darbības",
  },
  en: {
    title: "eParaksts — my signing certificate",
    intro:
      "If you lost your phone or someone else could sign in your name, suspend or revoke your signing certificate. It works day and night, weekends included; certificate status services show the change at once.",
    testNote: "A testbed stand-in, not LVRTC. Test data: every test person's PIN1 is",
    userNumber: "User number (personal code)",
    pin: "PIN1",
    signIn: "Sign in",
    certificates: "Your signing certificates",
    none: "You have no signing certificate yet: it is issued when you first sign.",
    serial: "Serial number",
    validUntil: "Valid until",
    status: "Status",
    valid: "valid",
    suspended: "suspended",
    revoked: "revoked",
    since: "since",
    suspend: "Suspend (phone lost)",
    revoke: "Revoke for good",
    suspendedDone: "Certificate suspended. Signatures made from now on are shown not valid when verified.",
    revokedDone: "Certificate revoked. Signatures made from now on are shown not valid when verified.",
    sessionExpired: "Your sign-in has expired. Sign in again.",
    unknownPerson: "Unknown user number.",
    blocked: "PIN1 is blocked. The operator unblocks it.",
    wrongPin: "Wrong PIN1. Attempts left:",
    nowBlocked: "Wrong PIN1. PIN1 is now blocked.",
    signedInAs: "Signed in:",
    actions: "Actions",
  },
} as const;

export type SelfServiceMessage =
  | "sessionExpired"
  | "unknownPerson"
  | "blocked"
  | "nowBlocked"
  | "suspendedDone"
  | "revokedDone";

export function selfServiceText(lang: PageLanguage) {
  return text[lang];
}

const riga = (lang: PageLanguage) =>
  new Intl.DateTimeFormat(lang === "lv" ? "lv-LV" : "en-GB", {
    timeZone: "Europe/Riga",
    dateStyle: "long",
    timeStyle: "short",
  });

export function selfServiceSignInPage(input: {
  lang: PageLanguage;
  action: string;
  selfPath: string;
  pin1: string;
  message?: string;
  userNumber?: string;
}): string {
  const t = text[input.lang];
  const message = input.message ? `<p role="alert">${escapeHtml(input.message)}</p>` : "";
  const body = `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<p>${escapeHtml(t.testNote)} <strong>${escapeHtml(input.pin1)}</strong>.</p>${message}
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="lang" value="${input.lang}">
<p><label for="user_number">${escapeHtml(t.userNumber)}</label> <input id="user_number" name="user_number" autocomplete="username" value="${escapeHtml(input.userNumber ?? "")}" required></p>
<p><label for="pin1">${escapeHtml(t.pin)}</label> <input id="pin1" name="pin1" type="password" inputmode="numeric" autocomplete="current-password" required></p>
<p><button type="submit">${escapeHtml(t.signIn)}</button></p>
</form>`;
  return testbedDocument({ lang: input.lang, title: t.title, body, switchHref: input.selfPath });
}

export function selfServiceCertificatesPage(input: {
  lang: PageLanguage;
  action: string;
  session: string;
  personName: string;
  certificates: readonly OwnCertificate[];
  message?: SelfServiceMessage;
}): string {
  const t = text[input.lang];
  const when = riga(input.lang);
  const status = (c: OwnCertificate) =>
    `${t[c.status]}${c.since ? ` ${t.since} ${when.format(c.since)}` : ""}`;
  const buttons = (c: OwnCertificate) =>
    c.status === "revoked"
      ? ""
      : `<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="session" value="${escapeHtml(input.session)}">
<input type="hidden" name="serial" value="${escapeHtml(c.serial)}">
<input type="hidden" name="lang" value="${input.lang}">
${c.status === "valid" ? `<button type="submit" name="change" value="suspend">${escapeHtml(t.suspend)}</button> ` : ""}<button type="submit" name="change" value="revoke">${escapeHtml(t.revoke)}</button>
</form>`;
  const rows = input.certificates
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.serial)}</td><td>${escapeHtml(when.format(c.notAfter))}</td><td>${escapeHtml(status(c))}</td><td>${buttons(c)}</td></tr>`,
    )
    .join("");
  const message = input.message ? `<p role="status">${escapeHtml(t[input.message])}</p>` : "";
  const list =
    input.certificates.length === 0
      ? `<p>${escapeHtml(t.none)}</p>`
      : `<table><thead><tr><th scope="col">${escapeHtml(t.serial)}</th><th scope="col">${escapeHtml(t.validUntil)}</th><th scope="col">${escapeHtml(t.status)}</th><th scope="col">${escapeHtml(t.actions)}</th></tr></thead><tbody>${rows}</tbody></table>`;
  const body = `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.signedInAs)} <strong>${escapeHtml(input.personName)}</strong></p>${message}
<h2>${escapeHtml(t.certificates)}</h2>
${list}`;
  return testbedDocument({ lang: input.lang, title: t.title, body });
}
