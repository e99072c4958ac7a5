/**
 * Times as people write them, in Riga time: "2026. gada 7. decembris, plkst. 19.15" in Latvian
 * (the month in the nominative, as in a date standing alone), "7 December 2026, 19:15" in English.
 */
import type { Language } from "../../web/i18n.ts";

const LATVIAN_MONTHS = [
  "janvāris",
  "februāris",
  "marts",
  "aprīlis",
  "maijs",
  "jūnijs",
  "jūlijs",
  "augusts",
  "septembris",
  "oktobris",
  "novembris",
  "decembris",
] as const;

const RIGA_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Riga",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const ENGLISH_MONTHS = new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" });

export function showTime(instant: Date, language: Language): string {
  const parts = Object.fromEntries(RIGA_PARTS.formatToParts(instant).map((p) => [p.type, p.value]));
  const month = Number(parts.month);
  if (language === "lv")
    return `${parts.year}. gada ${Number(parts.day)}. ${LATVIAN_MONTHS[month - 1]}, plkst. ${parts.hour}.${parts.minute}`;
  const monthName = ENGLISH_MONTHS.format(new Date(Date.UTC(2000, month - 1, 15)));
  return `${Number(parts.day)} ${monthName} ${parts.year}, ${parts.hour}:${parts.minute}`;
}
