/**
 * The mail outbox offered to other modules through e-health's front door: the platform has one
 * outbox and one sender loop (SMTP_URL), and a module that must tell someone by e-mail (the
 * e-service registry's notices, ESV-3) queues into it in its own transaction rather than keep a
 * second outbox. The message is sent, retried and listed like e-health's own notices; `kind` names
 * the module's event (e.g. `eservices.registered`), so the outbox page shows whose mail it is.
 */
import type { Kysely } from "kysely";
import { rigaDateOf } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { enqueueMail } from "./outbox-store.ts";

export interface ModuleMail {
  /** The sending module's event, `<module>.<what>`. */
  kind: string;
  to: string;
  subject: string;
  body: string;
}

/** Queues `mail` in `db` (pass the caller's transaction: sent only if it commits); its outbox id. */
export async function queueModuleMail(db: Kysely<Database>, mail: ModuleMail, now: Date): Promise<string> {
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9.-]+$/.test(mail.kind))
    throw new Error(`a module's mail kind is "<module>.<event>", not ${JSON.stringify(mail.kind)}`);
  return enqueueMail(db, { ...mail, sendBy: rigaDateOf(now) }, now);
}
