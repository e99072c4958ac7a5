/**
 * The notice on every workplace page (portal, administrator, operator) while planned work is in
 * force or due within 7 days (CON-5, ANX2-15): people learn of it where they work, not only by
 * e-mail. One onSend hook per workplace scope puts it at the top of the main landmark of every
 * HTML page, so no page can forget it; the windows come from the maintenance front door, cached
 * like the 503 gate's.
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { render } from "preact-render-to-string";
import type { Language } from "../../web/i18n.ts";
import { showRigaTime } from "../core/people-dates.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { MaintenanceWindow } from "./maintenance-service.ts";
import { MAINTENANCE_STATUS_PATH } from "./status-page.tsx";
import { cachedWindows } from "./windows-cache.ts";

/** How far ahead planned work is announced on the pages. */
export const BANNER_AHEAD_MS = 7 * 86_400_000;
/** Where the shell's main landmark opens (web/layout.tsx). */
const MAIN_OPENS = '<main id="main" class="wrap">';

const TEXT = {
  lv: {
    now: (to: string) => `Notiek plānoti darbi līdz ${to}.`,
    planned: (from: string, to: string) => `Plānoti darbi no ${from} līdz ${to}.`,
    more: "Plānotie darbi",
  },
  en: {
    now: (to: string) => `Planned maintenance is in progress until ${to}.`,
    planned: (from: string, to: string) => `Planned maintenance from ${from} to ${to}.`,
    more: "Planned maintenance",
  },
} as const;

/** The windows to announce at `now`: in force, or starting within 7 days. */
export function windowsToAnnounce(windows: readonly MaintenanceWindow[], now: Date): MaintenanceWindow[] {
  const t = now.getTime();
  return windows.filter((w) => w.endsAt.getTime() > t && w.startsAt.getTime() - t <= BANNER_AHEAD_MS);
}

export function maintenanceBanner(
  language: Language,
  windows: readonly MaintenanceWindow[],
  now: Date,
): string {
  if (windows.length === 0) return "";
  const t = TEXT[language];
  const lines = windows.map((w) => {
    const when =
      w.startsAt <= now
        ? t.now(showRigaTime(w.endsAt))
        : t.planned(showRigaTime(w.startsAt), showRigaTime(w.endsAt));
    return `${when} ${language === "lv" ? w.descriptionLv : w.descriptionEn}`;
  });
  const link = language === "lv" ? MAINTENANCE_STATUS_PATH : `${MAINTENANCE_STATUS_PATH}?lang=en`;
  return render(
    <div class="notice maintenance-banner" role="status" aria-label={t.more}>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      <p>
        <a href={link}>{t.more}</a>
      </p>
    </div>,
  );
}

/** Adds the banner to the HTML pages of a workplace scope. */
export function registerMaintenanceBanner(
  scope: FastifyInstance,
  options: { db: Kysely<Database>; now: () => Date; refreshMs?: number },
): void {
  const windowsAt = cachedWindows(options.db, options.refreshMs);
  scope.addHook("onSend", async (request, reply, payload) => {
    if (typeof payload !== "string" || !String(reply.getHeader("content-type") ?? "").startsWith("text/html"))
      return payload;
    const at = payload.indexOf(MAIN_OPENS);
    if (at < 0) return payload;
    const now = options.now();
    const banner = maintenanceBanner(request.language, windowsToAnnounce(await windowsAt(now), now), now);
    if (!banner) return payload;
    const end = at + MAIN_OPENS.length;
    return `${payload.slice(0, end)}${banner}${payload.slice(end)}`;
  });
}
