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
};

export const messages: Record<Language, Record<MessageKey, string>> = { lv, en };

export type Translate = (key: MessageKey) => string;

export function translator(language: Language): Translate {
  return (key) => messages[language][key];
}
