/**
 * E-health's notices into the core's mail outbox. A notice the outbox refuses (an institution's
 * contact address it cannot send to) is e-health's `bad-input` naming the field, so the action
 * that would have sent it is refused as a whole — its transaction rolls back (CON-5: no
 * suspension without its notice) — and the form shows why.
 */
import type { Kysely } from "kysely";
import { sharedHandle } from "../../core/module/index.ts";
import { enqueueMail, type NewOutboxMessage, OutboxError } from "../../core/outbox/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";

/** Queues `message` in `trx` (the action's transaction); its outbox id. */
export async function enqueueEhealthMail(
  trx: Kysely<Database>,
  message: NewOutboxMessage,
  now: Date,
): Promise<string> {
  try {
    return await enqueueMail(sharedHandle(trx), message, now);
  } catch (error) {
    if (error instanceof OutboxError)
      throw new EhealthError("bad-input", error.message, { field: error.field });
    throw error;
  }
}
