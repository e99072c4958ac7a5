/**
 * Receiving one AS4 message (OOTS-10; ebMS 3.0 Core §8.6, AS4 §3.2, eDelivery AS4 1.15), as a
 * pipeline of named steps: open (MIME → envelope → P-Mode leg → decrypt → verify signature and
 * certificate path → decompress) → duplicate check → build and sign the receipt → store the
 * message with its receipt (atomic insert-if-absent) → deliver once → answer. A refusal is an
 * ebMS error signal naming the failed check.
 */
import { randomUUID } from "node:crypto";
import {
  As4Error,
  buildReceipt,
  checkDuplicate,
  type EbmsMessage,
  errorSignalFor,
  isAs4Error,
  openMessage,
  packageSignal,
  type RoutedLeg,
  receptionPolicyOf,
  recordReception,
  routeIncoming,
} from "@tilts/as4";
import type { Kysely } from "kysely";
import type { UnauthenticatedAuditGate } from "../audit/index.ts";
import type { AccessPoint } from "./access-point.ts";
import { auditRefused } from "./audit-events.ts";
import type { DeliveryDatabase as Database } from "./database.ts";
import { deliverStored } from "./delivery-pass.ts";
import { type MessageFacts, receivedMessagesPort } from "./message-store.ts";
import type { SubscriberRegistry } from "./subscribers.ts";

export interface ReceptionAnswer {
  /** HTTP status: 200 with a receipt, 200 with an error signal too (the ebMS answer is in the body). */
  status: number;
  contentType: string;
  body: Uint8Array;
  outcome: "delivered" | "duplicate" | "refused";
  messageId?: string;
  error?: As4Error;
}

export interface ReceptionContext {
  db: Kysely<Database>;
  accessPoint: AccessPoint;
  subscribers: SubscriberRegistry;
  /** Told when a stored message could not be handed to its subscriber (it stays `received`). */
  onDeliveryError?: (error: unknown, messageId: string) => void;
  /** Where refusals are audited (`as4.message.refused`), bounded per source. */
  refusals?: UnauthenticatedAuditGate;
}

function factsOf(routed: RoutedLeg, message: EbmsMessage, payloads: MessageFacts["payloads"]): MessageFacts {
  if (message.kind !== "user") throw new As4Error("EBMS:0010", "only user messages are received here");
  return {
    messageId: message.messageId,
    processName: routed.process.name,
    legName: routed.leg.name,
    fromParty: routed.from.name,
    toParty: routed.to.name,
    service: message.service.value,
    action: message.action,
    payloads,
    conversationId: message.conversationId,
    properties: message.properties,
  };
}

export async function receiveAs4(
  context: ReceptionContext,
  mime: { contentType: string; body: Uint8Array },
  from: { clientAddress?: string } = {},
): Promise<ReceptionAnswer> {
  const { accessPoint: ap, db } = context;
  const at = ap.now();
  let routed: RoutedLeg | undefined;
  let messageId: string | undefined;
  try {
    const opened = await openMessage(mime, {
      policyFor: (message) => {
        messageId = message.messageId;
        if (message.kind !== "user") throw new As4Error("EBMS:0010", "only user messages are received here");
        routed = routeIncoming(ap.pmode, message);
        return receptionPolicyOf(routed);
      },
      trust: ap.trust,
      decryptionKey: ap.key,
      at,
    });
    const facts = factsOf(
      routed!,
      opened.message,
      opened.payloads.map((p) => ({ contentId: p.contentId, mimeType: p.mimeType, bytes: p.bytes })),
    );
    const store = receivedMessagesPort(db, facts, mime);
    const seen = await checkDuplicate(store, facts.messageId);
    if (seen.action === "resend-receipt") return receiptAnswer(seen.receipt, "duplicate", facts.messageId);
    const signal = buildReceipt({ received: opened, messageId: `${randomUUID()}@tilts`, timestamp: at });
    const packed = await packageSignal(signal, {
      privateKey: ap.key,
      certificate: ap.certificate,
      algorithm: routed!.leg.security.signatureAlgorithm,
    });
    const decision = await recordReception(store, {
      messageId: facts.messageId,
      receivedAt: at,
      receipt: packed.mime.body,
    });
    if (decision.action === "resend-receipt")
      return receiptAnswer(decision.receipt, "duplicate", facts.messageId);
    // Stored: the receipt may leave whatever the subscriber does; a failed hand-over is retried
    // by the delivery pass (the row stays `received`).
    await deliverStored(context, facts.messageId);
    return receiptAnswer(packed.mime.body, "delivered", facts.messageId);
  } catch (error) {
    // Not a refusal of the message (our database is down, a bug): no ebMS answer, which the
    // sender would take as final; the HTTP 500 makes it resend on its schedule.
    if (!isAs4Error(error)) throw error;
    const as4 = error;
    const signal = errorSignalFor(as4, {
      messageId: `${randomUUID()}@tilts`,
      timestamp: at,
      ...(messageId ? { refToMessageId: messageId } : {}),
    });
    const packed = await packageSignal(signal);
    if (context.refusals)
      await auditRefused(
        context.refusals,
        {
          code: as4.code,
          ...(messageId ? { messageId } : {}),
          ...(from.clientAddress ? { clientAddress: from.clientAddress } : {}),
        },
        at,
      );
    return {
      status: 200,
      contentType: packed.mime.contentType,
      body: packed.mime.body,
      outcome: "refused",
      error: as4,
      ...(messageId ? { messageId } : {}),
    };
  }
}

function receiptAnswer(
  receipt: Uint8Array,
  outcome: "delivered" | "duplicate",
  messageId: string,
): ReceptionAnswer {
  return {
    status: 200,
    contentType: "application/soap+xml; charset=UTF-8",
    body: receipt,
    outcome,
    messageId,
  };
}
