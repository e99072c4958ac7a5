/**
 * How the registry tells an institution by e-mail (ESV-3). The platform's mail outbox belongs to
 * e-health, whose front door does not (yet) export a general "queue this mail" call, and this
 * module must not reach into e-health's files nor keep an outbox of its own. So the notice is
 * kept on the form's status-history row whatever happens, and handed to this port, in the same
 * transaction, when the composition provides one; the row records when it was queued.
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
