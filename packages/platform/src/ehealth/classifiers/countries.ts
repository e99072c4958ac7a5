/**
 * ISO 3166-1 alpha-2 codes of the EU and EEA states, and Switzerland and the United Kingdom
 * (cross-border care, eIDAS), with their short names in Latvian and English as the EU's
 * Interinstitutional Style Guide writes them. The operator's full country file replaces this
 * list through `tilts ehealth classifiers load`.
 */
import type { SeedCode } from "./built-in.ts";

export const EU_EEA_COUNTRIES: readonly SeedCode[] = [
  { code: "AT", lv: "Austrija", en: "Austria" },
  { code: "BE", lv: "Beļģija", en: "Belgium" },
  { code: "BG", lv: "Bulgārija", en: "Bulgaria" },
  { code: "CH", lv: "Šveice", en: "Switzerland" },
  { code: "CY", lv: "Kipra", en: "Cyprus" },
  { code: "CZ", lv: "Čehija", en: "Czechia" },
  { code: "DE", lv: "Vācija", en: "Germany" },
  { code: "DK", lv: "Dānija", en: "Denmark" },
  { code: "EE", lv: "Igaunija", en: "Estonia" },
  { code: "ES", lv: "Spānija", en: "Spain" },
  { code: "FI", lv: "Somija", en: "Finland" },
  { code: "FR", lv: "Francija", en: "France" },
  { code: "GB", lv: "Apvienotā Karaliste", en: "United Kingdom" },
  { code: "GR", lv: "Grieķija", en: "Greece" },
  { code: "HR", lv: "Horvātija", en: "Croatia" },
  { code: "HU", lv: "Ungārija", en: "Hungary" },
  { code: "IE", lv: "Īrija", en: "Ireland" },
  { code: "IS", lv: "Islande", en: "Iceland" },
  { code: "IT", lv: "Itālija", en: "Italy" },
  { code: "LI", lv: "Lihtenšteina", en: "Liechtenstein" },
  { code: "LT", lv: "Lietuva", en: "Lithuania" },
  { code: "LU", lv: "Luksemburga", en: "Luxembourg" },
  { code: "LV", lv: "Latvija", en: "Latvia" },
  { code: "MT", lv: "Malta", en: "Malta" },
  { code: "NL", lv: "Nīderlande", en: "Netherlands" },
  { code: "NO", lv: "Norvēģija", en: "Norway" },
  { code: "PL", lv: "Polija", en: "Poland" },
  { code: "PT", lv: "Portugāle", en: "Portugal" },
  { code: "RO", lv: "Rumānija", en: "Romania" },
  { code: "SE", lv: "Zviedrija", en: "Sweden" },
  { code: "SI", lv: "Slovēnija", en: "Slovenia" },
  { code: "SK", lv: "Slovākija", en: "Slovakia" },
];
