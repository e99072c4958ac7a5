/**
 * Languages: Latvian by default, English second. A page's language comes from, in order:
 * `?lang=` (which is then remembered in a cookie), the `lang` cookie, `Accept-Language`, Latvian.
 * Every user-visible text lives in `messages`, keyed the same in both languages; a test checks
 * that the two catalogues have the same keys.
 */
export const languages = ["lv", "en"] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = "lv";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/** Picks the language for a request. */
export function negotiateLanguage(input: {
  query?: string | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): Language {
  if (isLanguage(input.query)) return input.query;
  if (isLanguage(input.cookie)) return input.cookie;
  return fromAcceptLanguage(input.acceptLanguage) ?? defaultLanguage;
}

/** RFC 9110 §12.5.4: the highest-weighted language we have; ties keep header order. */
function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .slice(0, 500)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return {
        primary: tag.toLowerCase().split("-")[0],
        weight: Number.isFinite(weight) ? weight : 0,
        index,
      };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((r) => r.primary).find(isLanguage);
}

const lv = {
  "site.name": "Tilts",
  "site.tagline": "Latvijas e-veselības un e-pārvaldes integrācijas slānis",
  "nav.home": "Sākums",
  "nav.skip": "Pāriet uz saturu",
  "lang.switch": "English",
  "lang.switchLabel": "Valoda",
  "home.title": "Pakalpojumi",
  "home.intro":
    "Tilts savieno iedzīvotājus, ārstniecības iestādes un valsts iestādes: droša pieteikšanās, elektroniskie paraksti, e-veselība un Eiropas vienreizes tehniskā sistēma.",
  "home.noServices": "Neviens pakalpojums vēl nav ieslēgts.",
  "home.status": "Sistēmas stāvoklis",
  "error.notFound.title": "Lapa nav atrasta",
  "error.notFound.body": "Šāda lapa nepastāv. Pārbaudiet adresi vai atgriezieties sākumlapā.",
  "error.server.title": "Radās kļūda",
  "error.server.body":
    "Pieprasījumu neizdevās izpildīt. Mēģiniet vēlreiz vēlāk. Ja kļūda atkārtojas, norādiet šo atsauces numuru:",
  "error.back": "Uz sākumlapu",
  "footer.text": "Tilts — atvērtā pirmkoda integrācijas platforma. Testa vide: dati ir sintētiski.",
  "identity.service.title": "Pieteikšanās",
  "identity.service.description":
    "Droša pieteikšanās e-pakalpojumos ar eParaksts Mobile, eID karti, Latvija.lv vai eIDAS (OpenID Connect).",
  "identity.signin.title": "Pieteikšanās",
  "identity.signin.intro": "Pakalpojums pieprasa jūsu identitātes apliecinājumu:",
  "identity.signin.choose": "Izvēlieties pieteikšanās veidu",
  "identity.signin.professional":
    "Ārstniecības personām kopš 2024. gada 1. janvāra ir atļauti tikai kvalificēti paaugstinātas drošības līdzekļi: eID karte vai eParaksts Mobile (ar PIN1).",
  "identity.signin.unavailableHeading": "Vēl nav pieejams šajā versijā",
  "identity.signin.cancel": "Atcelt un atgriezties pakalpojumā",
  "identity.method.latvija-lv": "Latvija.lv",
  "identity.method.eparaksts": "eParaksts",
  "identity.method.eid-card": "eID karte",
  "identity.method.eidas": "Ārvalstu eID (eIDAS)",
  "identity.means.eparaksts-mobile": "eParaksts Mobile",
  "identity.means.eid-card": "eID karte",
  "identity.means.vpm": "Latvija.lv",
  "identity.means.bank": "internetbanka",
  "identity.means.eidas": "ārvalstu eID (eIDAS)",
  "identity.means.smart-id": "Smart-ID",
  "identity.eid.title": "Pieteikšanās ar eID karti",
  "identity.eid.step1":
    "Ievietojiet eID karti lasītājā. Datorā jābūt Web eID programmai un pārlūka paplašinājumam (web-eid.eu).",
  "identity.eid.step2": "Nospiediet pogu un ievadiet PIN1.",
  "identity.eid.start": "Pieteikties ar eID karti",
  "identity.eid.needsScript": "Pieteikšanās ar eID karti darbojas tikai ar ieslēgtu JavaScript.",
  "identity.eid.working": "Gaida eID karti… Ievadiet PIN1.",
  "identity.eid.sending": "Pārbauda…",
  "identity.eid.noExtension":
    "Web eID paplašinājums nav atrasts. Uzstādiet Web eID (web-eid.eu) un mēģiniet vēlreiz.",
  "identity.eid.cancelled": "Pieteikšanās atcelta. Varat mēģināt vēlreiz.",
  "identity.eid.failed": "Pieteikšanās ar eID karti neizdevās. Mēģiniet vēlreiz vai izvēlieties citu veidu.",
  "identity.unavailable.title": "Pieteikšanās veids nav pieejams",
  "identity.unavailable.body":
    "Šis pieteikšanās veids šajā Tilts versijā vēl nav ieviests. Lūdzu, izvēlieties citu veidu.",
  "identity.back": "Atpakaļ uz pieteikšanās veidiem",
  "identity.refused.title": "Pieteikšanās atteikta",
  "identity.refused.professional-means-refused":
    "Šis pakalpojums paredzēts ārstniecības personām. Ar izvēlēto līdzekli pieteikties vairs nav atļauts.",
  "identity.refused.professional-level-too-low":
    "Šis pakalpojums paredzēts ārstniecības personām un prasa augstu drošības līmeni.",
  "identity.refused.below-relying-party-minimum": "Šis pakalpojums prasa augstāku drošības līmeni.",
  "identity.refused.below-requested-level": "Pakalpojums pieprasīja augstāku drošības līmeni.",
  "identity.refused.use": "Lūdzu, izmantojiet:",
  "identity.refused.used": "Izmantotais līdzeklis:",
  "identity.failed.title": "Pieteikšanās neizdevās",
  "identity.failed.body": "Pieteikšanos neizdevās pabeigt. Mēģiniet vēlreiz vai izvēlieties citu veidu.",
  "identity.failed.expired":
    "Pieteikšanās sesija ir beigusies vai jau izmantota. Atgriezieties pakalpojumā un sāciet no jauna.",
  "identity.logout.title": "Iziešana",
  "identity.logout.question": "Vai vēlaties iziet no Tilts pieteikšanās sesijas?",
  "identity.logout.yes": "Jā, iziet",
  "identity.logout.no": "Nē, palikt",
  "identity.logout.done": "Jūs esat izgājis no sistēmas.",
  "identity.error.title": "Pieprasījums nav derīgs",
  "identity.error.body": "Pakalpojuma pieprasījums nav derīgs. Kļūdas kods:",
  "identity.eidas.country.title": "Izvēlieties valsti",
  "identity.eidas.country.intro":
    "Izvēlieties valsti, kas izdevusi jūsu elektronisko identifikācijas līdzekli. Jūs tiksiet novirzīts uz šīs valsts eIDAS mezglu.",
  "identity.eidas.country.legend": "Valsts, kas izdevusi jūsu eID",
  "identity.eidas.country.required": "Izvēlieties valsti.",
  "identity.eidas.country.continue": "Turpināt",
  "identity.eidas.redirect.title": "Pārvirzīšana uz ārvalsts eIDAS mezglu",
  "identity.eidas.redirect.body": "Ja pārlūks jūs nepārvirza automātiski, nospiediet “Turpināt”.",
  "identity.consent.title": "Piekrišana datu nodošanai",
  "identity.consent.intro":
    "Jūsu valsts eIDAS mezgls nosūtīja šos datus. Vai piekrītat tos nodot pakalpojumam",
  "identity.consent.heading": "Saņemtie dati",
  "identity.consent.givenName": "Vārds",
  "identity.consent.familyName": "Uzvārds",
  "identity.consent.birthDate": "Dzimšanas datums",
  "identity.consent.identifier": "Identifikators",
  "identity.consent.level": "Drošības līmenis",
  "identity.consent.agree": "Piekrītu",
  "identity.consent.refuse": "Nepiekrītu",
  "identity.level.low": "zems",
  "identity.level.substantial": "būtisks",
  "identity.level.high": "augsts",
} as const;

export type MessageKey = keyof typeof lv;

const en: Record<MessageKey, string> = {
  "site.name": "Tilts",
  "site.tagline": "Latvia's e-health and e-government integration layer",
  "nav.home": "Home",
  "nav.skip": "Skip to content",
  "lang.switch": "Latviski",
  "lang.switchLabel": "Language",
  "home.title": "Services",
  "home.intro":
    "Tilts connects people, healthcare institutions and public bodies: qualified sign-in, electronic signatures, e-health and the EU Once-Only Technical System.",
  "home.noServices": "No service is switched on yet.",
  "home.status": "System status",
  "error.notFound.title": "Page not found",
  "error.notFound.body": "There is no such page. Check the address or go back to the home page.",
  "error.server.title": "Something went wrong",
  "error.server.body":
    "The request could not be completed. Please try again later. If it happens again, quote this reference:",
  "error.back": "Back to the home page",
  "footer.text": "Tilts — an open-source integration platform. Test environment: all data are synthetic.",
  "identity.service.title": "Sign-in",
  "identity.service.description":
    "Qualified sign-in for e-services with eParaksts Mobile, the eID card, Latvija.lv or eIDAS (OpenID Connect).",
  "identity.signin.title": "Sign in",
  "identity.signin.intro": "This service asks you to prove who you are:",
  "identity.signin.choose": "Choose how to sign in",
  "identity.signin.professional":
    "Since 1 January 2024 health professionals may sign in only with qualified high-assurance means: the eID card or eParaksts Mobile (with PIN1).",
  "identity.signin.unavailableHeading": "Not yet available in this release",
  "identity.signin.cancel": "Cancel and return to the service",
  "identity.method.latvija-lv": "Latvija.lv",
  "identity.method.eparaksts": "eParaksts",
  "identity.method.eid-card": "eID card",
  "identity.method.eidas": "Foreign eID (eIDAS)",
  "identity.means.eparaksts-mobile": "eParaksts Mobile",
  "identity.means.eid-card": "eID card",
  "identity.means.vpm": "Latvija.lv",
  "identity.means.bank": "internet bank",
  "identity.means.eidas": "foreign eID (eIDAS)",
  "identity.means.smart-id": "Smart-ID",
  "identity.eid.title": "Sign in with the eID card",
  "identity.eid.step1":
    "Insert your eID card in the reader. The Web eID app and browser extension must be installed (web-eid.eu).",
  "identity.eid.step2": "Press the button and enter PIN1.",
  "identity.eid.start": "Sign in with the eID card",
  "identity.eid.needsScript": "Signing in with the eID card works only with JavaScript switched on.",
  "identity.eid.working": "Waiting for the eID card… Enter PIN1.",
  "identity.eid.sending": "Checking…",
  "identity.eid.noExtension":
    "The Web eID extension was not found. Install Web eID (web-eid.eu) and try again.",
  "identity.eid.cancelled": "Sign-in cancelled. You can try again.",
  "identity.eid.failed": "Signing in with the eID card failed. Try again or choose another way.",
  "identity.unavailable.title": "Sign-in method not available",
  "identity.unavailable.body":
    "This sign-in method is not implemented in this release of Tilts yet. Please choose another method.",
  "identity.back": "Back to the sign-in methods",
  "identity.refused.title": "Sign-in refused",
  "identity.refused.professional-means-refused":
    "This service is for health professionals. The means you used is no longer accepted for it.",
  "identity.refused.professional-level-too-low":
    "This service is for health professionals and requires assurance level high.",
  "identity.refused.below-relying-party-minimum": "This service requires a higher assurance level.",
  "identity.refused.below-requested-level": "The service asked for a higher assurance level.",
  "identity.refused.use": "Please use:",
  "identity.refused.used": "The means you used:",
  "identity.failed.title": "Sign-in failed",
  "identity.failed.body": "The sign-in could not be completed. Try again or choose another method.",
  "identity.failed.expired":
    "This sign-in has expired or was already used. Go back to the service and start again.",
  "identity.logout.title": "Sign out",
  "identity.logout.question": "Do you want to end your Tilts sign-in session?",
  "identity.logout.yes": "Yes, sign me out",
  "identity.logout.no": "No, stay signed in",
  "identity.logout.done": "You have signed out.",
  "identity.error.title": "Invalid request",
  "identity.error.body": "The service's request is not valid. Error code:",
  "identity.eidas.country.title": "Choose your country",
  "identity.eidas.country.intro":
    "Choose the country that issued your electronic identification. You will be sent to that country's eIDAS node.",
  "identity.eidas.country.legend": "Country that issued your eID",
  "identity.eidas.country.required": "Choose a country.",
  "identity.eidas.country.continue": "Continue",
  "identity.eidas.redirect.title": "Sending you to the foreign eIDAS node",
  "identity.eidas.redirect.body": "If your browser does not continue by itself, press “Continue”.",
  "identity.consent.title": "Consent to share your data",
  "identity.consent.intro":
    "Your country's eIDAS node sent these data. Do you agree to share them with the service",
  "identity.consent.heading": "Data received",
  "identity.consent.givenName": "Given name",
  "identity.consent.familyName": "Family name",
  "identity.consent.birthDate": "Date of birth",
  "identity.consent.identifier": "Identifier",
  "identity.consent.level": "Level of assurance",
  "identity.consent.agree": "Agree",
  "identity.consent.refuse": "Refuse",
  "identity.level.low": "low",
  "identity.level.substantial": "substantial",
  "identity.level.high": "high",
};

export const messages: Record<Language, Record<MessageKey, string>> = { lv, en };

export type Translate = (key: MessageKey) => string;

export function translator(language: Language): Translate {
  return (key) => messages[language][key];
}
