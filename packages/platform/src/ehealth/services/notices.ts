/**
 * CON-5 notices: the operator tells the institution of a suspended, restored or annulled
 * connection, administrator, user or right no later than one working day after. The notice is
 * queued in the outbox inside the action's transaction, with its `send_by` day from
 * core/deadlines.ts. Texts are in Latvian, then English (the institution may read either).
 * Notices name the person acted on (the institution must know whom) but carry no health data.
 */
import type { Kysely } from "kysely";
import { loadWorkingDayCalendar } from "../calendar/calendar-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { deadlineFor } from "../core/deadlines.ts";
import { showDate } from "../core/people-dates.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { enqueueEhealthMail } from "../outbox/ehealth-mail.ts";

export type NoticeEvent = "suspended" | "restored" | "annulled" | "terminated";
export type NoticeSubject =
  | { kind: "institution" }
  | { kind: "contract"; number: string }
  | { kind: "administrator"; name: string }
  | { kind: "user"; name: string }
  | { kind: "right"; name: string; role: string };

export interface Notice {
  kind: string;
  subject: string;
  body: string;
}

/** The Latvian participle agrees with its subject: feminine (piekļuve), masculine (līgums), plural (tiesības). */
type Agreement = "f" | "m" | "fp";
const EVENT_LV: Record<NoticeEvent, Record<Agreement, string>> = {
  suspended: { f: "apturēta", m: "apturēts", fp: "apturētas" },
  restored: { f: "atjaunota", m: "atjaunots", fp: "atjaunotas" },
  annulled: { f: "anulēta", m: "anulēts", fp: "anulētas" },
  terminated: { f: "izbeigta", m: "izbeigts", fp: "izbeigtas" },
};

/** Builds the notice text (pure). */
export function composeNotice(
  institution: { registrationNumber: string; name: string },
  what: NoticeSubject,
  event: NoticeEvent,
  reason: string,
  at: Date,
): Notice {
  const day = showDate(rigaDateOf(at));
  const [lvWhat, enWhat] =
    what.kind === "institution"
      ? ["Iestādes piekļuve e-veselības sistēmai", "The institution's access to the e-health system"]
      : what.kind === "contract"
        ? [`Līgums ${what.number}`, `Contract ${what.number}`]
        : what.kind === "administrator"
          ? [`Administratora ${what.name} piekļuve`, `The access of administrator ${what.name}`]
          : what.kind === "user"
            ? [`Lietotāja ${what.name} piekļuve`, `The access of user ${what.name}`]
            : [
                `Lietotāja ${what.name} tiesības „${what.role}”`,
                `The "${what.role}" right of user ${what.name}`,
              ];
  const agreement: Agreement = what.kind === "contract" ? "m" : what.kind === "right" ? "fp" : "f";
  const lvEvent = EVENT_LV[event][agreement];
  const subject = `E-veselība: ${lvWhat} ${lvEvent} / ${enWhat} ${event}`;
  // CON-14: a terminated contract blocks the connection and suspends the users' rights.
  const consequence =
    what.kind === "contract"
      ? [
          "Iestādes piekļuve ir bloķēta un tās lietotāju tiesības apturētas; iestādes nosūtītie dati tiek glabāti.",
          "The institution's access is blocked and its users' rights suspended; the data it sent are kept.",
        ]
      : [];
  const body = [
    `${institution.name} (reģ. nr. ${institution.registrationNumber})`,
    "",
    `${lvWhat} ${lvEvent} ${day}.`,
    ...consequence.slice(0, 1),
    `Pamatojums: ${reason}`,
    "",
    `${enWhat} was ${event} on ${day}.`,
    ...consequence.slice(1),
    `Reason: ${reason}`,
    "",
    "E-veselības sistēmas operators / The e-health system operator",
  ].join("\n");
  return { kind: `${what.kind}.${event}`, subject: subject.replace(/[\r\n]+/g, " ").slice(0, 300), body };
}

/** Queues the notice to the institution's contact e-mail, due one working day after (CON-5). */
export async function queueNotice(
  trx: Kysely<Database>,
  institution: { registrationNumber: string; name: string; contactEmail: string },
  what: NoticeSubject,
  event: NoticeEvent,
  reason: string,
  now: Date,
): Promise<string> {
  const notice = composeNotice(institution, what, event, reason, now);
  return enqueueEhealthMail(
    trx,
    {
      kind: notice.kind,
      to: institution.contactEmail,
      subject: notice.subject,
      body: notice.body,
      registrationNumber: institution.registrationNumber,
      sendBy: deadlineFor("suspensionNotice", rigaDateOf(now), await loadWorkingDayCalendar(trx)).due,
    },
    now,
  );
}
