/**
 * E-service identifiers (ESV-3): `ESP-<year>-<5 digits>`, e.g. `ESP-2026-00042` — "ESP" for
 * e-pakalpojums, the year the agency registered it (Riga time), and its number within that year
 * from 00001, drawn from a per-year counter in the database so two registrations never share one.
 * Stable: once assigned it never changes and is never given again. At most 99,999 a year.
 */
export const IDENTIFIER_PATTERN = /^ESP-(\d{4})-(\d{5})$/;
export const MAX_NUMBER_PER_YEAR = 99_999;

export function formatIdentifier(year: number, number: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999)
    throw new RangeError(`year ${year} out of range`);
  if (!Number.isInteger(number) || number < 1 || number > MAX_NUMBER_PER_YEAR)
    throw new RangeError(`number ${number} out of range`);
  return `ESP-${year}-${String(number).padStart(5, "0")}`;
}

export function isIdentifier(value: string): boolean {
  return IDENTIFIER_PATTERN.test(value);
}

const RIGA_YEAR = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Riga", year: "numeric" });

/** The registration year as people in Latvia count it (a registration at 00:30 on 1 January Riga time is the new year's). */
export function rigaYearOf(instant: Date): number {
  return Number(RIGA_YEAR.format(instant));
}
