/**
 * How the registry tells an institution by e-mail (ESV-3). The notice is kept on the form's
 * status-history row whatever happens, and handed to this port in the same transaction; the row
 * records when it was queued. The platform's port is `platformOutboxMail` (outbox-mail.ts: the one
 * mail outbox, the core's); tests may pass their own or none.
 */

import type { Notice } from "./core/notices.ts";
import type { EservicesTransaction } from "./database.ts";

export interface InstitutionMail {
  /** Queues the notice within `trx` (so it is sent only if the registration commits). */
  queue(
    trx: EservicesTransaction,
    notice: Notice & { kind: "eservices.registered" | "eservices.refused" },
    now: Date,
  ): Promise<void>;
}
