/**
 * The technical portal's front page (ANX2-13): the structure of the exchange, the security rules
 * as the listener runs them, and the planned maintenance windows (ANX2-15) read through the
 * maintenance slice's front door.
 */
import type { PageContext } from "../../web/layout.tsx";
import { showRigaTime } from "../core/people-dates.ts";
import { MAINTENANCE_STATUS_PATH, type MaintenanceWindow } from "../maintenance/index.ts";
import { TECHNICAL_PORTAL_MESSAGES } from "./messages.ts";
import { portalPage } from "./portal-page.tsx";
import { type SecurityRules, tlsVersionName } from "./security-rules.ts";

export function overviewPage(
  ctx: PageContext,
  rules: SecurityRules,
  windows: readonly MaintenanceWindow[],
): string {
  const t = TECHNICAL_PORTAL_MESSAGES[ctx.language].overview;
  const description = (w: MaintenanceWindow) => (ctx.language === "lv" ? w.descriptionLv : w.descriptionEn);
  return portalPage(
    ctx,
    "overview",
    t.title,
    <>
      <p class="lead">{t.intro}</p>
      <h2>{t.structureTitle}</h2>
      <ul>
        {t.structure.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <h2>{t.securityTitle}</h2>
      <p>{t.securityIntro}</p>
      <ul>
        <li>
          {t.tlsVersions}: {rules.tlsVersions.map(tlsVersionName).join(", ")}
        </li>
        <li>{t.rsa(rules.minRsaBits)}</li>
        <li>{t.curves(rules.curves.join(", "))}</li>
        <li>{t.sha2}</li>
        <li>{t.crl(rules.crlRefreshSeconds)}</li>
      </ul>
      <h3>{t.tls12Ciphers}</h3>
      <ul>
        {rules.tls12Ciphers.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <h3>{t.signatureAlgorithms}</h3>
      <ul>
        {rules.signatureAlgorithms.map((a) => (
          <li key={a}>
            <code>{a}</code>
          </li>
        ))}
      </ul>
      <p>{rules.port === undefined ? t.portOff : t.port(rules.port)}</p>
      <h2>{t.maintenanceTitle}</h2>
      {windows.length === 0 ? (
        <p>{t.maintenanceNone}</p>
      ) : (
        <ul>
          {windows.map((w) => (
            <li key={w.id}>
              {t.maintenanceFrom} {showRigaTime(w.startsAt)} {t.maintenanceTo} {showRigaTime(w.endsAt)}:{" "}
              {description(w)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={MAINTENANCE_STATUS_PATH}>{t.maintenanceLink}</a>
      </p>
    </>,
  );
}
