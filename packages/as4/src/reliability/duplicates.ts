/**
 * Duplicate detection (ebMS 3.0 Core §8.6 / AS4 §3.2 "duplicate detection"; P-Mode
 * `duplicateDetection="true"`): a message whose MessageId was already received is not
 * delivered again; the sender evidently missed our receipt, so the same receipt is sent again.
 * The decision is a pure function over the `ReceivedMessages` port; the platform's durable
 * store implements the port (its `record` must be atomic: insert-if-absent).
 */
export interface ReceivedRecord {
  messageId: string;
  receivedAt: Date;
  /** The receipt we answered with (the bytes to send again). */
  receipt: Uint8Array;
}

/** The platform's store of received message ids (durable; pruned after the retention period). */
export interface ReceivedMessages {
  find(messageId: string): Promise<ReceivedRecord | undefined>;
  /** Inserts if absent; "duplicate" when another reception recorded the id first. */
  record(entry: ReceivedRecord): Promise<"recorded" | "duplicate">;
}

export type ReceptionDecision =
  | { action: "deliver" }
  | { action: "resend-receipt"; receipt: Uint8Array; firstReceivedAt: Date };

/** Before delivery: has this MessageId been received already? */
export async function checkDuplicate(store: ReceivedMessages, messageId: string): Promise<ReceptionDecision> {
  const seen = await store.find(messageId);
  return seen
    ? { action: "resend-receipt", receipt: seen.receipt, firstReceivedAt: seen.receivedAt }
    : { action: "deliver" };
}

/**
 * After the receipt is built: record the reception. If a concurrent reception of the same
 * MessageId won the race, that one delivers and this one only answers with its receipt.
 */
export async function recordReception(
  store: ReceivedMessages,
  entry: ReceivedRecord,
): Promise<ReceptionDecision> {
  if ((await store.record(entry)) === "recorded") return { action: "deliver" };
  const winner = await store.find(entry.messageId);
  return {
    action: "resend-receipt",
    receipt: winner?.receipt ?? entry.receipt,
    firstReceivedAt: winner?.receivedAt ?? entry.receivedAt,
  };
}
