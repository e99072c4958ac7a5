/**
 * The shared core's mail outbox: one outbox and one sender job for the platform. A module queues
 * a message inside its action's transaction (`queueMail`, or `enqueueMail` with every field), and
 * the sender job (`outboxSenderJob`, started by the composition root when SMTP_URL is set)
 * delivers it over SMTP. A module hands its handle on as `sharedHandle(trx)`: the outbox's table
 * is the core's (`mail_outbox`, tables.ts).
 */
export { OutboxError, type OutboxErrorCode } from "./errors.ts";
export { outboxSenderJob, redactAddresses } from "./job.ts";
export { outboxMigrations } from "./migrations.ts";
export {
  checkMailAddress,
  claimDueMail,
  enqueueMail,
  isMailAddress,
  listLateNotices,
  listOutbox,
  markMailAttemptFailed,
  markMailSent,
  type NewOutboxMessage,
  OUTBOX_LIMITS,
  type OutboxMessage,
} from "./outbox-store.ts";
export { type ModuleMail, queueMail } from "./queue-mail.ts";
export {
  createOutboxSender,
  defaultBackoffMs,
  type MailTransport,
  type OutboxSender,
  type OutboxSenderOptions,
  smtpTransport,
  startOutboxSender,
} from "./sender.ts";
export { type MailOutboxTable, OUTBOX_STATUSES, type OutboxStatus, type OutboxTables } from "./tables.ts";
