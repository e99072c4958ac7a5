/**
 * The outbox sender: a loop that claims due messages (outbox-store.ts, `FOR UPDATE SKIP LOCKED`),
 * sends each over SMTP and marks it sent, or records the error and retries with exponential
 * backoff, giving up (status `failed`, visible on the operator's pages) after `maxAttempts`.
 * Started as a core job (jobs.ts) when SMTP_URL is configured, stopped when the server closes;
 * a message queued while no sender runs waits in the table and goes out on the next start.
 */

import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import { jobLoop } from "../job-loop/index.ts";
import { claimDueMail, markMailAttemptFailed, markMailSent, type OutboxMessage } from "./outbox-store.ts";
import type { OutboxTables as Database } from "./tables.ts";

/** What the sender needs of a mail transport: send one message, return the server's answer. */
export interface MailTransport {
  send(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    messageId: string;
  }): Promise<string>;
  close(): void;
}

/** SMTP through nodemailer. `smtp://host:port` (plain or STARTTLS when offered) or `smtps://` (TLS). */
export function smtpTransport(url: string, options: { timeoutMs?: number } = {}): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  const transporter = nodemailer.createTransport(url, {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as object);
  return {
    async send(message) {
      const info = await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
      });
      return String(info.response ?? info.messageId ?? "sent");
    },
    close: () => transporter.close(),
  };
}

export interface OutboxSenderOptions {
  db: Kysely<Database>;
  transport: MailTransport;
  /** The From address, e.g. `Tilts e-veselība <noreply@example.lv>`. */
  from: string;
  now?: () => Date;
  /** Pause between polls when nothing was due; default 5 s. */
  intervalMs?: number;
  /** Messages claimed per poll; default 10. */
  batchSize?: number;
  /** Attempts before a message is marked failed; default 10 (~3 days with the default backoff). */
  maxAttempts?: number;
  /** Delay before attempt n+1 after n failures; default 1 min · 2^(n-1), at most 12 h. */
  backoffMs?: (attempts: number) => number;
  /** How long a claim is held while sending; default 2 min. */
  leaseMs?: number;
  /** Told of failures (never given message contents or addresses: personal data stays out of logs). */
  onError?: (error: unknown, context: { messageId: string; attempts: number; gaveUp: boolean }) => void;
}

export interface OutboxSender {
  /** One pass: claim due messages and try each; returns how many were sent. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for a pass in progress. */
  stop(): Promise<void>;
}

export const defaultBackoffMs = (attempts: number): number =>
  Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 12 * 3600_000);

function domainOf(from: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match?.[1] ?? "localhost";
}

/** Creates a sender; `start` begins the polling loop (tests may drive `runOnce` themselves). */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender & { start(): void } {
  const now = options.now ?? (() => new Date());
  const interval = options.intervalMs ?? 5000;
  const maxAttempts = options.maxAttempts ?? 10;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const domain = domainOf(options.from);

  async function sendOne(message: OutboxMessage): Promise<boolean> {
    try {
      const response = await options.transport.send({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.body,
        // Stable per message: a repeat after a lost acknowledgement is recognisable.
        messageId: `<outbox-${message.id}@${domain}>`,
      });
      await markMailSent(options.db, message.id, now(), response);
      return true;
    } catch (error) {
      const gaveUp = message.attempts >= maxAttempts;
      const text = error instanceof Error ? error.message : String(error);
      const retryAt = gaveUp ? null : new Date(now().getTime() + backoff(message.attempts));
      await markMailAttemptFailed(options.db, message.id, text, retryAt);
      options.onError?.(error, { messageId: message.id, attempts: message.attempts, gaveUp });
      return false;
    }
  }

  async function pass(): Promise<number> {
    const claimed = await claimDueMail(options.db, now(), {
      limit: options.batchSize ?? 10,
      leaseMs: options.leaseMs,
    });
    let sent = 0;
    for (const message of claimed) if (await sendOne(message)) sent += 1;
    return sent;
  }

  const loop = jobLoop({
    pass,
    intervalMs: interval,
    onError: (error) => options.onError?.(error, { messageId: "", attempts: 0, gaveUp: false }),
  });
  return {
    ...loop,
    async stop() {
      await loop.stop();
      options.transport.close();
    },
  };
}

/** Starts the loop; the returned handle stops it. */
export function startOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const sender = createOutboxSender(options);
  sender.start();
  return sender;
}
