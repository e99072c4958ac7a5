/**
 * Dates and times on the workplaces' pages as people write them, in Riga time: "2026. gada
 * 7. decembris, plkst. 21.15" in Latvian, "7 December 2026, 21:15" in English. The date is the
 * runtime's ICU long date (Latvian: the year, "gada", the month in the nominative).
 */
import type { Language } from "../../web/i18n.ts";

const LONG_DATE: Record<Language, Intl.DateTimeFormat> = {
  lv: new Intl.DateTimeFormat("lv", { dateStyle: "long", timeZone: "Europe/Riga" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "Europe/Riga" }),
};

const CLOCK = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "Europe/Riga",
});

export function showDate(instant: Date, language: Language): string {
  return LONG_DATE[language].format(instant);
}

export function showTime(instant: Date, language: Language): string {
  const parts = Object.fromEntries(CLOCK.formatToParts(instant).map((p) => [p.type, p.value]));
  return language === "lv"
    ? `${showDate(instant, language)}, plkst. ${parts.hour}.${parts.minute}`
    : `${showDate(instant, language)}, ${parts.hour}:${parts.minute}`;
}
