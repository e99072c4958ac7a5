/**
 * A module's mail into the platform's one outbox: the platform has one outbox and one sender
 * job (SMTP_URL), and a module that must tell someone by e-mail (e-health's notices, CON-5; the
 * e-service registry's, ESV-3) queues into it in its own transaction rather than keep a second
 * outbox. `kind` names the module's event (e.g. `eservices.registered`), so the outbox page
 * shows whose mail it is.
 */
import type { Kysely } from "kysely";
import { type CalendarDate, rigaDateOf } from "../riga-date/index.ts";
import { OutboxError } from "./errors.ts";
import { enqueueMail } from "./outbox-store.ts";
import type { OutboxTables } from "./tables.ts";

export interface ModuleMail {
  /** The sending module's event, `<module>.<what>`. */
  kind: string;
  to: string;
  subject: string;
  body: string;
  /** The registration number of the organisation it concerns, if any (the operator's lists filter by it). */
  registrationNumber?: string | null;
  /** The last day (Riga) it must go out on; default the day it is queued. */
  sendBy?: CalendarDate;
}

/**
 * Queues `mail` on the module's handle — pass the caller's transaction, so it is sent only if the
 * action commits; returns its outbox id.
 */
export async function queueMail(db: Kysely<OutboxTables>, mail: ModuleMail, now: Date): Promise<string> {
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9.-]+$/.test(mail.kind))
    throw new OutboxError(
      "bad-kind",
      `a module's mail kind is "<module>.<event>", not ${JSON.stringify(mail.kind)}`,
      "kind",
    );
  return enqueueMail(db, { ...mail, sendBy: mail.sendBy ?? rigaDateOf(now) }, now);
}
