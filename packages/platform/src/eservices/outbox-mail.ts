/**
 * The registry's mail port on the platform's one mail outbox (the core's, core/outbox). The
 * notice is queued in the registration's own transaction, so it is sent only if the registration
 * commits, and the outbox's sender job in `tilts start` delivers it.
 */
import { sharedHandle } from "../core/module/index.ts";
import { queueMail } from "../core/outbox/index.ts";
import type { InstitutionMail } from "./mail-port.ts";

export function platformOutboxMail(): InstitutionMail {
  return {
    async queue(trx, notice, now) {
      await queueMail(
        sharedHandle(trx),
        { kind: notice.kind, to: notice.to, subject: notice.subject, body: notice.body },
        now,
      );
    },
  };
}
