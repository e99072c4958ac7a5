/**
 * The e-mail institutions get about a planned interruption (CON-5: at least three working days
 * ahead; ANX2-15), Latvian first, English after, dates as people write them, in Riga time.
 */
import { showRigaTime } from "../core/people-dates.ts";

export function maintenanceNotice(window: {
  startsAt: Date;
  endsAt: Date;
  descriptionLv: string;
  descriptionEn: string;
  cancelled?: boolean;
}): { subject: string; body: string } {
  const from = showRigaTime(window.startsAt);
  const to = showRigaTime(window.endsAt);
  if (window.cancelled)
    return {
      subject: `Atcelti plānotie darbi ${from} / Planned maintenance ${from} cancelled`,
      body: [
        `Plānotie darbi e-veselības sistēmā no ${from} līdz ${to} ir atcelti; sistēma darbosies kā parasti.`,
        "",
        `The planned maintenance of the e-health system from ${from} to ${to} (Riga time) is cancelled.`,
        "",
        "E-veselības sistēmas operators / The e-health system operator",
      ].join("\n"),
    };
  return {
    subject: `Plānoti darbi e-veselības sistēmā ${from} / Planned e-health maintenance ${from}`,
    body: [
      `E-veselības sistēmā no ${from} līdz ${to} notiks plānoti darbi: ${window.descriptionLv}`,
      "Šajā laikā sistēmas tīmekļa pakalpojumi nebūs pieejami; iestāžu sistēmas saņems atbildi 503 ar ieteikumu, kad mēģināt vēlreiz.",
      "",
      `Planned maintenance of the e-health system from ${from} to ${to} (Riga time): ${window.descriptionEn}`,
      "During it the system web services are unavailable; institutions' systems get 503 with Retry-After.",
      "",
      "E-veselības sistēmas operators / The e-health system operator",
    ].join("\n"),
  };
}
