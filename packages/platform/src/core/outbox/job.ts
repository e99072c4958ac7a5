/**
 * The outbox's sender as a core background job: the composition root starts it when the server
 * is ready and stops it when the server closes. Without SMTP_URL it does not start, and messages
 * wait in the outbox (the operator's pages show them). Failures are logged without addresses or
 * contents.
 */
import { type JobEntry, sharedHandle } from "../module/index.ts";
import { smtpTransport, startOutboxSender } from "./sender.ts";
import type { OutboxTables } from "./tables.ts";

/** SMTP answers may quote the recipient: addresses never reach the log. */
export const redactAddresses = (text: string): string => text.replace(/[^\s<>"'@]+@[^\s<>"']+/g, "<address>");

export const outboxSenderJob: JobEntry = {
  name: "mail-outbox",
  async start({ config, db, log, now }) {
    if (!config.smtpUrl) {
      log.warn("SMTP_URL is not set: notices stay queued in the mail outbox");
      return undefined;
    }
    return startOutboxSender({
      db: sharedHandle<OutboxTables>(db),
      transport: smtpTransport(config.smtpUrl),
      from: config.mailFrom ?? "Tilts <noreply@localhost>",
      now,
      onError: (error, context) =>
        log.warn(
          { outboxMessage: context.messageId, attempts: context.attempts, gaveUp: context.gaveUp },
          `mail outbox: sending failed: ${redactAddresses(error instanceof Error ? error.message : String(error))}`,
        ),
    });
  },
};
