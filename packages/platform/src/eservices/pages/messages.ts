/**
 * The catalogue pages' text (ESV-1), Latvian and English, keyed the same. Latvian pages carry no
 * codes or English words: audiences and channels are shown by their Latvian names.
 */
import type { Language } from "../../web/i18n.ts";
import type { Audience, Channel } from "../core/registration-form.ts";

const lv = {
  title: "E-pakalpojumu katalogs",
  intro:
    "Valsts pārvaldes e-pakalpojumi, ko iestādes reģistrējušas aģentūrā. Meklējiet pēc nosaukuma vai apraksta.",
  searchLabel: "Meklēt",
  searchButton: "Meklēt",
  audienceLabel: "Kam paredzēts",
  audienceAny: "Visiem",
  found: "Atrasti e-pakalpojumi:",
  none: "Neviens e-pakalpojums neatbilst meklētajam.",
  identifier: "Identifikators",
  institution: "Iestāde",
  audiences: "Kam paredzēts",
  channels: "Kur pieejams",
  legalBasis: "Tiesiskais pamats",
  registered: "Reģistrēts",
  back: "Atpakaļ uz katalogu",
  notFoundTitle: "E-pakalpojums nav atrasts",
  notFoundBody: "Katalogā nav e-pakalpojuma ar šādu identifikatoru.",
  machineReadable: "Katalogs datorlasāmā veidā:",
  jsonLink: "saraksts",
  dcatLink: "atvērto datu katalogs",
  serviceTitle: "E-pakalpojumu katalogs",
  serviceDescription: "Reģistrētie valsts pārvaldes e-pakalpojumi iedzīvotājiem un uzņēmējiem, ar meklēšanu.",
} as const;

type Key = keyof typeof lv;

const en: Record<Key, string> = {
  title: "E-service catalogue",
  intro:
    "Public administration e-services registered with the agency by their institutions. Search by name or description.",
  searchLabel: "Search",
  searchButton: "Search",
  audienceLabel: "Intended for",
  audienceAny: "Everyone",
  found: "E-services found:",
  none: "No e-service matches your search.",
  identifier: "Identifier",
  institution: "Institution",
  audiences: "Intended for",
  channels: "Available through",
  legalBasis: "Legal basis",
  registered: "Registered",
  back: "Back to the catalogue",
  notFoundTitle: "E-service not found",
  notFoundBody: "The catalogue has no e-service with this identifier.",
  machineReadable: "The catalogue in machine-readable form:",
  jsonLink: "JSON list",
  dcatLink: "DCAT-AP feed",
  serviceTitle: "E-service catalogue",
  serviceDescription: "Registered public administration e-services for citizens and businesses, searchable.",
};

export const catalogueText: Record<Language, Record<Key, string>> = { lv, en };

export const audienceNames: Record<Language, Record<Audience, string>> = {
  lv: { citizens: "iedzīvotājiem", businesses: "uzņēmējiem" },
  en: { citizens: "citizens", businesses: "businesses" },
};

export const channelNames: Record<Language, Record<Channel, string>> = {
  lv: {
    "state-portal": "valsts portālā Latvija.lv",
    "institution-website": "iestādes tīmekļvietnē",
    "mobile-app": "mobilajā lietotnē",
    api: "lietojumprogrammu saskarnē",
  },
  en: {
    "state-portal": "the state portal Latvija.lv",
    "institution-website": "the institution's website",
    "mobile-app": "a mobile app",
    api: "an application programming interface (API)",
  },
};

const RIGA_DATE = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Riga",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});

/** `07.12.2026` in Riga time, in both languages — as e-health's pages show dates (people-dates.ts). */
export function showRigaDate(instant: Date): string {
  const parts = Object.fromEntries(RIGA_DATE.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.day}.${parts.month}.${parts.year}`;
}
