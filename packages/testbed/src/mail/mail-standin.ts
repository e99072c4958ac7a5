/**
 * An SMTP stand-in: a mail server on loopback that accepts every message (no relaying anywhere),
 * keeps the last ones in memory and shows them on the testbed's /testbed/mail page. It stands in
 * for the operator's real mail relay, so CON-5 notices from the platform's outbox can be seen.
 *
 * Built on `smtp-server` (protocol) and `mailparser` (MIME). Limits: a message over `maxBytes`
 * is refused with 552 while it streams; only the newest `keep` messages are kept.
 */
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  /** Position in arrival order, from 1. */
  readonly seq: number;
  readonly receivedAt: Date;
  /** The envelope (what the SMTP client said), not the headers. */
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string | undefined;
}

export interface MailStandInOptions {
  /** Loopback by default; the stand-in never listens beyond the machine unless told to. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Messages kept (oldest dropped first); default 500. */
  keep?: number;
  /** Largest message accepted, in bytes; default 1 MiB. */
  maxBytes?: number;
}

export interface MailStandIn {
  /** `smtp://host:port` — what SMTP_URL should say. */
  readonly url: string;
  readonly port: number;
  /** Received messages, newest first. */
  messages(): readonly ReceivedMail[];
  /** Resolves when `count` messages have arrived in total (tests); rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<readonly ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startMailStandIn(options: MailStandInOptions = {}): Promise<MailStandIn> {
  const host = options.host ?? "127.0.0.1";
  const keep = options.keep ?? 500;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const received: ReceivedMail[] = [];
  let seq = 0;
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    // Loopback test server: no TLS, no authentication, a size limit.
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    size: maxBytes,
    banner: "Tilts testbed SMTP stand-in",
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total <= maxBytes) chunks.push(chunk);
      });
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        if (stream.sizeExceeded || total > maxBytes) {
          const error = Object.assign(new Error("message too large"), { responseCode: 552 });
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            const addressText = (value: typeof parsed.to): string =>
              value === undefined
                ? ""
                : Array.isArray(value)
                  ? value.map((v) => v.text).join(", ")
                  : value.text;
            seq += 1;
            received.unshift({
              seq,
              receivedAt: new Date(),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: parsed.from?.text ?? "",
              to: addressText(parsed.to),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              messageId: parsed.messageId,
            });
            if (received.length > keep) received.length = keep;
            for (const wake of waiters) wake();
            callback(null, `queued as ${seq}`);
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });
  server.on("error", () => {
    // A client's protocol error ends that connection only; the server keeps listening.
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  // Never the reason a process stays alive (a test that composed a server but did not close it).
  server.server.unref();

  return {
    url: `smtp://${host}:${port}`,
    port,
    messages: () => received.slice(),
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (seq >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(received.slice());
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`waited ${timeoutMs} ms for ${count} message(s), have ${seq}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
