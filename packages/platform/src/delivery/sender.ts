/**
 * Sending (OOTS-10; AS4 §3.2 reception awareness): `send` routes the message by the P-Mode
 * (recipient party id, service, action), packages it as the leg says (gzip → sign → encrypt →
 * MIME), stores it (`queued`) and returns; the sender loop claims due messages
 * (`FOR UPDATE SKIP LOCKED`, message-store.ts), posts each to the recipient's endpoint, opens the
 * answer under the recipient's certificate and verifies the receipt against what we signed
 * (`receipted`); without one it resends the very same bytes on the leg's retry schedule
 * (`nextRetry`) until it gives up (`failed`, EBMS:0301). An ebMS error signal in answer is final.
 * Everything lives in the table, so a restart resumes where the last process stopped.
 */

import { randomUUID } from "node:crypto";
import {
  As4Error,
  nextRetry,
  type OutgoingPayload,
  openMessage,
  type PartyId,
  type Property,
  packageUserMessage,
  parseRetryPolicy,
  type RetryPolicy,
  routeOutgoing,
  sendingOptionsOf,
  verifyReceipt,
} from "@tilts/as4";
import type { Kysely } from "kysely";
import { jobLoop } from "../core/job-loop/index.ts";
import type { AccessPoint } from "./access-point.ts";
import type { DeliveryDatabase as Database } from "./database.ts";
import {
  claimDueOutgoing,
  enqueueOutgoing,
  markAttemptFailed,
  markReceipted,
  type StoredMessage,
} from "./message-store.ts";

/** When a leg names no retry: Domibus's sample OOTS value. */
export const DEFAULT_RETRY: RetryPolicy = parseRetryPolicy("12;4;CONSTANT");
/** Largest answer we read from a partner (a receipt or error signal is a few KiB). */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface OutgoingUserMessage {
  to: PartyId;
  service: { value: string; type?: string };
  action: string;
  payloads: readonly OutgoingPayload[];
  conversationId?: string;
  properties?: Property[];
  /** Given, or a fresh `<uuid>@tilts`. */
  messageId?: string;
}

export interface SendContext {
  db: Kysely<Database>;
  accessPoint: AccessPoint;
}

/** Stores the packaged message for the sender loop; returns its MessageId. */
export async function send(context: SendContext, outgoing: OutgoingUserMessage): Promise<string> {
  const { accessPoint: ap } = context;
  const routed = routeOutgoing(ap.pmode, outgoing.to, outgoing.service, outgoing.action);
  const endpoint = routed.to.endpoint;
  if (!endpoint) throw new As4Error("EBMS:0010", `party ${routed.to.name} has no endpoint in the P-Mode`);
  const messageId = outgoing.messageId ?? `${randomUUID()}@tilts`;
  const conversationId = outgoing.conversationId ?? randomUUID();
  const now = ap.now();
  const packaged = await packageUserMessage({
    message: {
      messageId,
      timestamp: now,
      from: { partyIds: routed.from.partyIds.slice(0, 1), role: routed.process.initiatorRole },
      to: { partyIds: [outgoing.to], role: routed.process.responderRole },
      service: outgoing.service,
      action: outgoing.action,
      conversationId,
      properties: outgoing.properties ?? [],
      ...(routed.process.agreement?.value ? { agreementRef: routed.process.agreement } : {}),
    },
    payloads: outgoing.payloads,
    ...sendingOptionsOf(routed, { privateKey: ap.key, certificate: ap.certificate }),
  });
  await enqueueOutgoing(
    context.db,
    {
      messageId,
      processName: routed.process.name,
      legName: routed.leg.name,
      fromParty: routed.from.name,
      toParty: routed.to.name,
      service: outgoing.service.value,
      action: outgoing.action,
      payloads: outgoing.payloads.map((p) => ({
        contentId: p.contentId,
        mimeType: p.mimeType,
        bytes: p.bytes,
      })),
      conversationId,
      properties: outgoing.properties ?? [],
    },
    {
      contentType: packaged.mime.contentType,
      body: packaged.mime.body,
      envelopeXml: packaged.envelopeXml,
      endpoint,
    },
    now,
  );
  return messageId;
}

export interface SenderOptions extends SendContext {
  /** Pause between polls when nothing was due; default 2 s. */
  intervalMs?: number;
  batchSize?: number;
  /** How long a claim is held while posting; default 1 min. */
  leaseMs?: number;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Runs on each tick too (the delivery pass for stored incoming messages). */
  alsoEachTick?: () => Promise<unknown>;
  onError?: (error: unknown, context: { messageId: string; attempts: number; gaveUp: boolean }) => void;
}

export interface As4Sender {
  /** One pass: claim due messages and post each; returns how many were receipted. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

function retryPolicyOf(ap: AccessPoint, row: StoredMessage): RetryPolicy {
  const process = ap.pmode.processes.find((p) => p.name === row.process_name);
  return process?.legs.find((l) => l.name === row.leg_name)?.reliability.retry ?? DEFAULT_RETRY;
}

async function readBounded(response: Response): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > MAX_ANSWER_BYTES) throw new As4Error("EBMS:0004", "the answer is too large");
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body)
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > MAX_ANSWER_BYTES) throw new As4Error("EBMS:0004", "the answer is too large");
      chunks.push(chunk);
    }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Posts one stored message and checks the answer: "receipted", or throws (retry), or "refused". */
export async function postOnce(
  ap: AccessPoint,
  row: StoredMessage,
  timeoutMs = 30_000,
): Promise<{ outcome: "receipted"; receipt: Uint8Array } | { outcome: "refused"; error: string }> {
  const response = await fetch(row.endpoint!, {
    method: "POST",
    headers: { "content-type": row.mime_content_type! },
    body: new Uint8Array(row.mime_body!),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await readBounded(response);
  if (response.status !== 200) throw new Error(`HTTP ${response.status} from the recipient`);
  const party = ap.pmode.parties.find((p) => p.name === row.to_party);
  const answer = await openMessage(
    { contentType: response.headers.get("content-type") ?? "", body },
    {
      // A receipt must be signed by the recipient's certificate from the P-Mode; an error
      // signal may come unsigned (a refusal before the recipient knew our P-Mode).
      policyFor: (m) => ({
        signature: { required: m.kind === "receipt", allowedCertificates: party?.certificates ?? [] },
        encryptionRequired: false,
      }),
      trust: ap.trust,
      at: ap.now(),
    },
  );
  if (answer.message.kind === "error") {
    const first = answer.message.errors[0];
    return {
      outcome: "refused",
      error: `${first?.errorCode ?? "error"} ${first?.detail ?? first?.shortDescription ?? ""}`,
    };
  }
  verifyReceipt(row.envelope_xml!, answer);
  return { outcome: "receipted", receipt: body };
}

export function createAs4Sender(options: SenderOptions): As4Sender {
  const ap = options.accessPoint;
  const interval = options.intervalMs ?? 2000;

  async function sendOne(row: StoredMessage): Promise<boolean> {
    const id = String(row.id);
    try {
      const result = await postOnce(ap, row, options.timeoutMs);
      if (result.outcome === "receipted") {
        await markReceipted(options.db, id, result.receipt, ap.now());
        return true;
      }
      await markAttemptFailed(options.db, id, result.error, null, ap.now());
      options.onError?.(new Error(result.error), {
        messageId: row.message_id,
        attempts: row.attempts,
        gaveUp: true,
      });
      return false;
    } catch (error) {
      const decision = nextRetry(
        retryPolicyOf(ap, row),
        row.first_sent_at ?? ap.now(),
        row.attempts,
        row.message_id,
      );
      const text = error instanceof Error ? error.message : String(error);
      const retryAt = decision.action === "retry" ? decision.at : null;
      await markAttemptFailed(
        options.db,
        id,
        decision.action === "retry" ? text : `${decision.error.message}; last: ${text}`,
        retryAt,
        ap.now(),
      );
      options.onError?.(error, {
        messageId: row.message_id,
        attempts: row.attempts,
        gaveUp: retryAt === null,
      });
      return false;
    }
  }

  async function pass(): Promise<number> {
    await options.alsoEachTick?.();
    const claimed = await claimDueOutgoing(options.db, ap.now(), {
      limit: options.batchSize ?? 10,
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    });
    const results = await Promise.all(claimed.map(sendOne));
    return results.filter(Boolean).length;
  }

  return jobLoop({
    pass,
    intervalMs: interval,
    onError: (error) => options.onError?.(error, { messageId: "", attempts: 0, gaveUp: false }),
  });
}
