/**
 * The public maintenance status page (ANX2-15): the window in force, if any, and the planned ones,
 * in Latvian or English, dates as people write them in Riga time. No sign-in: institutions' IT staff
 * and vendors check it when their system meets a 503.
 */
import { type PageContext, renderPage } from "../../web/layout.tsx";
import { showRigaTime } from "../core/people-dates.ts";
import type { MaintenanceWindow } from "./maintenance-service.ts";

export const MAINTENANCE_STATUS_PATH = "/ehealth/maintenance";

const TEXT = {
  lv: {
    title: "Plānotie darbi e-veselības sistēmā",
    intro:
      "Plānotos darbus veic ārpus darba laika un par tiem paziņo vismaz trīs darba dienas iepriekš. Darbu laikā iestāžu sistēmu tīmekļa pakalpojumi nav pieejami.",
    now: "Pašlaik notiek plānoti darbi",
    until: "līdz",
    none: "Plānotu darbu nav.",
    planned: "Paredzētie darbi",
    from: "No",
    to: "līdz",
  },
  en: {
    title: "Planned maintenance of the e-health system",
    intro:
      "Planned work is done outside working hours and announced at least three working days ahead. During it the web services for institutions' systems are unavailable.",
    now: "Planned maintenance is in progress",
    until: "until",
    none: "No maintenance is planned.",
    planned: "Planned maintenance",
    from: "From",
    to: "to",
  },
} as const;

export function maintenanceStatusPage(
  ctx: PageContext,
  windows: readonly MaintenanceWindow[],
  now: Date,
): string {
  const t = TEXT[ctx.language];
  const description = (w: MaintenanceWindow) => (ctx.language === "lv" ? w.descriptionLv : w.descriptionEn);
  const current = windows.find((w) => w.startsAt <= now && now < w.endsAt);
  const later = windows.filter((w) => w !== current);
  return renderPage(
    ctx,
    t.title,
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      {current && (
        <p role="status" class="notice">
          <strong>
            {t.now} {t.until} {showRigaTime(current.endsAt)}.
          </strong>{" "}
          {description(current)}
        </p>
      )}
      <h2>{t.planned}</h2>
      {later.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul>
          {later.map((w) => (
            <li key={w.id}>
              {t.from} {showRigaTime(w.startsAt)} {t.to} {showRigaTime(w.endsAt)}: {description(w)}
            </li>
          ))}
        </ul>
      )}
    </>,
  );
}
