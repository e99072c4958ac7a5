/**
 * The test PKI's index as a page, for a person who follows "Test environment" from the platform's
 * home page (tools keep getting the JSON): the CAs with their certificates and CRLs, the OCSP
 * responder, the time-stamping authority and the trusted lists, in the chosen language and the
 * platform's style, with what a newcomer does with them.
 */
import { escapeHtml, type PageLanguage, testbedDocument } from "./testbed-page.ts";

export interface PkiIndex {
  readonly cas: readonly { id: string; subject: string; crl: string; caCertificate: string }[];
  readonly ocsp: string;
  readonly tsa: string;
  readonly trustedLists: readonly string[];
}

const TEXT = {
  lv: {
    title: "Testa vide: testa PKI",
    intro:
      "Latvijas paraugā veidota testa PKI: sertifikācijas iestādes, atsaukto sertifikātu saraksti, OCSP un laika zīmogi. Tie nav īsti sertifikāti un nekur ārpus testa vides nav derīgi.",
    cas: "Sertifikācijas iestādes",
    ca: "Iestāde",
    subject: "Subjekts",
    certificate: "Sertifikāts",
    crl: "Atsaukto sertifikātu saraksts",
    services: "Pakalpojumi",
    ocsp: "OCSP atbildētājs",
    tsa: "Laika zīmogu iestāde (RFC 3161)",
    trustedLists: "Uzticamo pakalpojumu saraksti",
    howto:
      "Testa sertifikātus izsniedz komanda „tilts testbed issue”, atsauc „tilts testbed revoke”; tās strādā ar mapi ./data, ja nav norādīts --data-dir. Testa personas un to PIN ir eParaksts, eID kartes un Latvija.lv aizstājēju lapās, kas saistītas sākumlapā.",
    home: "Uz sākumlapu",
  },
  en: {
    title: "Test environment: the test PKI",
    intro:
      "A test PKI in the Latvian manner: certification authorities, revocation lists, OCSP and time-stamps. These are not real certificates and are valid nowhere outside the test environment.",
    cas: "Certification authorities",
    ca: "Authority",
    subject: "Subject",
    certificate: "Certificate",
    crl: "Revocation list",
    services: "Services",
    ocsp: "OCSP responder",
    tsa: "Time-stamping authority (RFC 3161)",
    trustedLists: "Trusted lists",
    howto:
      'Test certificates are issued with "tilts testbed issue" and revoked with "tilts testbed revoke"; they act on ./data unless given --data-dir. The test persons and their PINs are on the eParaksts, eID card and Latvija.lv stand-ins\' pages, linked from the home page.',
    home: "To the home page",
  },
};

const link = (href: string, text = href) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

export function pkiIndexPage(lang: PageLanguage, index: PkiIndex, selfPath: string): string {
  const t = TEXT[lang];
  const rows = index.cas
    .map(
      (ca) =>
        `<tr><td>${escapeHtml(ca.id)}</td><td>${escapeHtml(ca.subject)}</td><td>${link(ca.caCertificate, `${ca.id}.crt`)}</td><td>${link(ca.crl, `${ca.id}.crl`)}</td></tr>`,
    )
    .join("");
  return testbedDocument({
    lang,
    title: t.title,
    switchHref: selfPath,
    body: `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<h2>${escapeHtml(t.cas)}</h2>
<table><thead><tr><th scope="col">${escapeHtml(t.ca)}</th><th scope="col">${escapeHtml(t.subject)}</th><th scope="col">${escapeHtml(t.certificate)}</th><th scope="col">${escapeHtml(t.crl)}</th></tr></thead><tbody>${rows}</tbody></table>
<h2>${escapeHtml(t.services)}</h2>
<dl><dt>${escapeHtml(t.ocsp)}</dt><dd><code>${escapeHtml(index.ocsp)}</code></dd>
<dt>${escapeHtml(t.tsa)}</dt><dd><code>${escapeHtml(index.tsa)}</code></dd>
<dt>${escapeHtml(t.trustedLists)}</dt><dd>${index.trustedLists.map((href) => link(href)).join(", ")}</dd></dl>
<p>${escapeHtml(t.howto)}</p>
<p><a href="/">${escapeHtml(t.home)}</a></p>`,
  });
}
