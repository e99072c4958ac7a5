/**
 * The mail outbox: queue a message inside the action's transaction (`enqueueMail`), and the
 * sender loop that delivers it over SMTP. `registerOutboxSender` is the module's one-line wiring.
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";
import { smtpTransport, startOutboxSender } from "./sender.ts";

export {
  checkMailAddress,
  claimDueMail,
  enqueueMail,
  listOutbox,
  markMailAttemptFailed,
  markMailSent,
  type NewOutboxMessage,
  OUTBOX_LIMITS,
  type OutboxMessage,
} from "./outbox-store.ts";
export {
  createOutboxSender,
  defaultBackoffMs,
  type MailTransport,
  type OutboxSender,
  type OutboxSenderOptions,
  smtpTransport,
  startOutboxSender,
} from "./sender.ts";

/** SMTP answers may quote the recipient: addresses never reach the log. */
export const redactAddresses = (text: string): string => text.replace(/[^\s<>"'@]+@[^\s<>"']+/g, "<address>");

/**
 * Starts the sender when `smtpUrl` is set (else messages wait in the outbox, shown on the
 * operator's pages) and stops it when the server closes. Failures are logged without addresses
 * or contents.
 */
export function registerOutboxSender(
  app: FastifyInstance,
  options: { db: Kysely<Database>; smtpUrl?: string; mailFrom: string; now?: () => Date },
): void {
  if (!options.smtpUrl) {
    app.log.warn("SMTP_URL is not set: e-health notices stay queued in the mail outbox");
    return;
  }
  const sender = startOutboxSender({
    db: options.db,
    transport: smtpTransport(options.smtpUrl),
    from: options.mailFrom,
    now: options.now,
    onError: (error, context) =>
      app.log.warn(
        { outboxMessage: context.messageId, attempts: context.attempts, gaveUp: context.gaveUp },
        `mail outbox: sending failed: ${redactAddresses(error instanceof Error ? error.message : String(error))}`,
      ),
  });
  app.addHook("onClose", async () => {
    await sender.stop();
  });
}
