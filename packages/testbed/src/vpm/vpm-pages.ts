/**
 * The VPM stand-in's pages (Latvian and English): the module's own list of means, the
 * identification step (a test person's personal code; for a bank, that bank's "internet bank"
 * login page), the answer page that POSTs the token back to the relying party (a plain submit
 * button, pressed by a served script when JavaScript runs — no inline script, CSP-friendly), and
 * an index of test persons. Plain HTML, every value escaped, forms without JavaScript.
 */
import { type DemoRoles, demoRoleCell, demoRoleHeading, testbedDocument } from "../http/testbed-page.ts";
import type { TestPerson } from "../persons/index.ts";

export type Lang = "lv" | "en";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const text = {
  lv: {
    site: "Latvija.lv — testa vide",
    chooseTitle: "Izvēlieties autentifikācijas līdzekli",
    testNote: "Testa stends, nevis Latvija.lv. Izmantojiet testa personu personas kodus.",
    intro: "Pakalpojums, kurā piesakāties:",
    qualified: "Kvalificēti līdzekļi",
    banks: "Internetbanka",
    other: "Citi līdzekļi",
    personalCode: "Personas kods",
    continue: "Turpināt",
    cancel: "Atcelt",
    identify: "Identificēšanās",
    bankLogin: "internetbankas pieteikšanās",
    bankNote: "Testa banka: lietotāja numurs ir testa personas personas kods.",
    answerTitle: "Pieteikšanās pabeigta",
    answerBody: "Jūs tiekat novirzīts atpakaļ uz pakalpojumu.",
    identities: "Testa personas",
    name: "Vārds, uzvārds",
    earlier: "Iepriekšējie personas kodi",
    unknown: "Nezināms personas kods.",
    expired: "Pieprasījums ir novecojis vai nav zināms.",
    back: "Atpakaļ pie līdzekļiem",
  },
  en: {
    site: "Latvija.lv — test environment",
    chooseTitle: "Choose a means of authentication",
    testNote: "A testbed stand-in, not Latvija.lv. Use the test persons' personal codes.",
    intro: "The service you are signing in to:",
    qualified: "Qualified means",
    banks: "Internet bank",
    other: "Other means",
    personalCode: "Personal code",
    continue: "Continue",
    cancel: "Cancel",
    identify: "Identification",
    bankLogin: "internet bank login",
    bankNote: "A test bank: the user number is the test person's personal code.",
    answerTitle: "Sign-in complete",
    answerBody: "You are being sent back to the service.",
    identities: "Test persons",
    name: "Name",
    earlier: "Earlier personal codes",
    unknown: "Unknown personal code.",
    expired: "The request has expired or is unknown.",
    back: "Back to the means",
  },
};

export interface MeansOption {
  /** Form value: `eid-card`, `eparaksts-mobile`, `smart-id` or `bank:<CODE>`. */
  value: string;
  label: Record<Lang, string>;
  group: "qualified" | "banks" | "other";
}

function shell(lang: Lang, title: string, body: string, script?: string, switchHref?: string): string {
  const t = text[lang];
  return testbedDocument({
    lang,
    title: `${title} — ${t.site}`,
    body: `<p class="muted">${escapeHtml(t.site)}</p>${body}`,
    ...(script ? { head: `<script src="${escapeHtml(script)}" defer></script>` } : {}),
    ...(switchHref === undefined ? {} : { switchHref }),
  });
}

export function meansPage(input: {
  lang: Lang;
  action: string;
  requestId: string;
  realm: string;
  means: readonly MeansOption[];
}): string {
  const t = text[input.lang];
  const group = (g: MeansOption["group"], heading: string, id: string) => {
    const options = input.means.filter((m) => m.group === g);
    if (options.length === 0) return "";
    return `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(heading)}</h2><ul>${options
      .map(
        (m) =>
          `<li><button type="submit" name="means" value="${escapeHtml(m.value)}">${escapeHtml(m.label[input.lang])}</button></li>`,
      )
      .join("")}</ul></section>`;
  };
  return shell(
    input.lang,
    t.chooseTitle,
    `<h1>${escapeHtml(t.chooseTitle)}</h1>
<p>${escapeHtml(t.testNote)}</p>
<p>${escapeHtml(t.intro)} <strong>${escapeHtml(input.realm)}</strong></p>
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
${group("qualified", t.qualified, "means-qualified")}
${group("banks", t.banks, "means-banks")}
${group("other", t.other, "means-other")}
<p><button type="submit" name="means" value="cancel">${escapeHtml(t.cancel)}</button></p>
</form>`,
  );
}

export function identifyPage(input: {
  lang: Lang;
  action: string;
  requestId: string;
  means: MeansOption;
  backAction: string;
  message?: string;
  personalCode?: string;
}): string {
  const t = text[input.lang];
  const label = input.means.label[input.lang];
  const bank = input.means.group === "banks";
  const heading = bank ? `${label}: ${t.bankLogin}` : `${label}: ${t.identify}`;
  const message = input.message ? `<p role="alert">${escapeHtml(input.message)}</p>` : "";
  return shell(
    input.lang,
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(bank ? t.bankNote : t.testNote)}</p>
${message}
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
<p><label for="personal_code">${escapeHtml(t.personalCode)}</label><br>
<input id="personal_code" name="personal_code" autocomplete="off" inputmode="numeric" required value="${escapeHtml(input.personalCode ?? "")}"></p>
<p><button type="submit" name="action" value="continue">${escapeHtml(t.continue)}</button>
<button type="submit" name="action" value="cancel" formnovalidate>${escapeHtml(t.cancel)}</button></p>
</form>`,
  );
}

/** The token goes back by POST (WS-Federation §13.2.3); the served script presses the button. */
export function answerPage(input: {
  lang: Lang;
  replyUrl: string;
  fields: Record<string, string>;
  script: string;
}): string {
  const t = text[input.lang];
  const hidden = Object.entries(input.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return shell(
    input.lang,
    t.answerTitle,
    `<h1>${escapeHtml(t.answerTitle)}</h1>
<p>${escapeHtml(t.answerBody)}</p>
<form method="post" action="${escapeHtml(input.replyUrl)}" id="wsfed-answer">${hidden}
<p><button type="submit">${escapeHtml(t.continue)}</button></p>
</form>`,
    input.script,
  );
}

export function errorPage(lang: Lang, message: string): string {
  return shell(lang, "Error", `<h1>${lang === "lv" ? "Kļūda" : "Error"}</h1><p>${escapeHtml(message)}</p>`);
}

export function expiredMessage(lang: Lang): string {
  return text[lang].expired;
}

export function unknownCodeMessage(lang: Lang): string {
  return text[lang].unknown;
}

export function indexPage(input: {
  lang: Lang;
  /** The index's own path, for the language switch. */
  selfPath: string;
  persons: readonly TestPerson[];
  demoRoles?: DemoRoles;
  means: readonly MeansOption[];
  certificateHref: string;
}): string {
  const t = text[input.lang];
  const rows = input.persons
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.personalCode)}</td><td>${escapeHtml(`${p.givenName} ${p.familyName}`)}</td>${demoRoleCell(input.demoRoles, p, input.lang)}<td>${escapeHtml(p.previousCodes.join(", "))}</td></tr>`,
    )
    .join("");
  return shell(
    input.lang,
    t.identities,
    `<h1>${escapeHtml(t.identities)}</h1>
<p>${escapeHtml(t.testNote)} <a href="${escapeHtml(input.certificateHref)}">signing-certificate.pem</a></p>
<table><caption>${escapeHtml(t.identities)}</caption><thead><tr><th scope="col">${escapeHtml(t.personalCode)}</th><th scope="col">${escapeHtml(t.name)}</th>${demoRoleHeading(input.demoRoles, input.lang)}<th scope="col">${escapeHtml(t.earlier)}</th></tr></thead><tbody>${rows}</tbody></table>
<h2>${escapeHtml(t.chooseTitle)}</h2><ul>${input.means.map((m) => `<li>${escapeHtml(m.label[input.lang])}</li>`).join("")}</ul>`,
    undefined,
    input.selfPath,
  );
}
