/**
 * Handing stored incoming messages to their subscribers. Right after reception for the message
 * just stored, and at start-up and on each sender tick for any left `received` (a crash or a
 * failing subscriber between storing and handing over). The hand-over is at least once across
 * a crash at that very moment; the MessageId lets a subscriber spot the repeat.
 */
import type { Kysely } from "kysely";
import type { DeliveryDatabase as Database } from "./database.ts";
import {
  findMessage,
  markDelivered,
  type StoredMessage,
  storedPayloads,
  undeliveredMessages,
} from "./message-store.ts";
import type { DeliveredMessage, SubscriberRegistry } from "./subscribers.ts";

export interface DeliveryContext {
  db: Kysely<Database>;
  subscribers: SubscriberRegistry;
  accessPoint: { now: () => Date };
  onDeliveryError?: (error: unknown, messageId: string) => void;
}

// One hand-over per message at a time per access point (the request and the pass may meet).
const handingOver = new WeakMap<SubscriberRegistry, Set<string>>();

async function handOver(context: DeliveryContext, row: StoredMessage): Promise<boolean> {
  const subscriber = context.subscribers.subscriberFor(row.service, row.action);
  const inFlight = handingOver.get(context.subscribers) ?? new Set<string>();
  handingOver.set(context.subscribers, inFlight);
  if (!subscriber || inFlight.has(row.message_id)) return false;
  inFlight.add(row.message_id);
  try {
    await subscriber({
      messageId: row.message_id,
      fromParty: row.from_party,
      toParty: row.to_party,
      service: row.service,
      action: row.action,
      payloads: storedPayloads(row),
      ...(row.conversation_id ? { conversationId: row.conversation_id } : {}),
      properties: row.properties ? (JSON.parse(row.properties) as DeliveredMessage["properties"]) : [],
    });
    await markDelivered(context.db, String(row.id), context.accessPoint.now());
    return true;
  } catch (error) {
    context.onDeliveryError?.(error, row.message_id);
    return false;
  } finally {
    inFlight.delete(row.message_id);
  }
}

export async function deliverStored(context: DeliveryContext, messageId: string): Promise<boolean> {
  const row = await findMessage(context.db, "in", messageId);
  if (row?.status !== "received") return false;
  return handOver(context, row);
}

/** Hands over every stored message still `received`; returns how many went. */
export async function deliverPending(context: DeliveryContext): Promise<number> {
  let delivered = 0;
  for (const row of await undeliveredMessages(context.db)) if (await handOver(context, row)) delivered++;
  return delivered;
}
