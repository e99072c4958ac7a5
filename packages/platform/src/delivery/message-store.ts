/**
 * The durable AS4 message store (tables.ts) and the library's `ReceivedMessages` port over it.
 *
 * Incoming: `record` is the atomic insert-if-absent the port asks for — `on conflict do nothing`
 * on (direction, message_id) — and it writes the whole row (parties, payloads, receipt) in the
 * same statement, so a message is durable and its receipt fixed before the HTTP answer leaves.
 *
 * Outgoing: claimed like the e-health mail outbox (`FOR UPDATE SKIP LOCKED`, a lease moves
 * `next_attempt_at` ahead), so several processes never send one message at the same time and a
 * sender that dies mid-send leaves the message to the next claim after the lease.
 */
import { createHash } from "node:crypto";
import type { ReceivedMessages, ReceivedRecord } from "@tilts/as4";
import type { Kysely, Selectable } from "kysely";
import {
  auditDelivered,
  auditFactsOf,
  auditFailed,
  auditReceipted,
  auditReceived,
  auditSent,
} from "./audit-events.ts";
import type { DeliveryDatabase as Database } from "./database.ts";
import { decodePayloads, encodePayloads, payloadHashes, type StoredPayload } from "./payload-codec.ts";
import type { As4MessageTable } from "./tables.ts";

export type StoredMessage = Selectable<As4MessageTable>;

/** What a received or outgoing message is, beyond its id: from the P-Mode leg it travels on. */
export interface MessageFacts {
  messageId: string;
  processName: string;
  legName: string;
  fromParty: string;
  toParty: string;
  service: string;
  action: string;
  payloads: readonly StoredPayload[];
  /** eb:ConversationId (OOTS: the same UUID on a request and its answer, R-EDM-ebMS-017). */
  conversationId?: string;
  /** eb:MessageProperties (OOTS: originalSender and finalRecipient, the four-corner ids). */
  properties?: readonly { name: string; value: string; type?: string }[];
}

/** The message as it came over the wire: kept as non-repudiation evidence with its digest. */
export interface RawMessage {
  contentType: string;
  body: Uint8Array;
}

/** The columns an audit record names (not the payloads or the message bytes). */
const AUDITED_COLUMNS = [
  "message_id",
  "leg_name",
  "from_party",
  "to_party",
  "service",
  "action",
  "payload_sha256",
  "attempts",
] as const;

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function factsRow(facts: MessageFacts) {
  return {
    message_id: facts.messageId,
    process_name: facts.processName,
    leg_name: facts.legName,
    from_party: facts.fromParty,
    to_party: facts.toParty,
    service: facts.service,
    action: facts.action,
    payloads: encodePayloads(facts.payloads),
    payload_sha256: payloadHashes(facts.payloads),
    conversation_id: facts.conversationId ?? null,
    properties: facts.properties ? JSON.stringify(facts.properties) : null,
  };
}

/** The port for one reception: `record` stores this message with its receipt. */
export function receivedMessagesPort(
  db: Kysely<Database>,
  facts: MessageFacts,
  raw: RawMessage,
): ReceivedMessages {
  return {
    async find(messageId: string): Promise<ReceivedRecord | undefined> {
      const row = await db
        .selectFrom("as4_message")
        .select(["message_id", "received_at", "receipt"])
        .where("direction", "=", "in")
        .where("message_id", "=", messageId)
        .executeTakeFirst();
      if (!row?.receipt) return undefined;
      return { messageId: row.message_id, receivedAt: row.received_at, receipt: new Uint8Array(row.receipt) };
    },
    async record(entry: ReceivedRecord): Promise<"recorded" | "duplicate"> {
      if (entry.messageId !== facts.messageId)
        throw new Error("recorded message id differs from the reception's");
      return db.transaction().execute(async (trx) => {
        const row = factsRow(facts);
        const inserted = await trx
          .insertInto("as4_message")
          .values({
            ...row,
            direction: "in",
            received_at: entry.receivedAt,
            status: "received",
            receipt: entry.receipt,
            // The signed message as received: evidence of what the sender sent (non-repudiation
            // of origin), its digest beside it.
            mime_content_type: raw.contentType,
            mime_body: raw.body,
            mime_sha256: sha256Hex(raw.body),
            attempts: 0,
          })
          .onConflict((oc) => oc.columns(["direction", "message_id"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!inserted) return "duplicate";
        await auditReceived(trx, auditFactsOf(row), entry.receivedAt);
        return "recorded";
      });
    },
  };
}

/** Incoming messages stored but not yet handed to their subscriber (a crash between the two). */
export async function undeliveredMessages(db: Kysely<Database>, limit = 100): Promise<StoredMessage[]> {
  return db
    .selectFrom("as4_message")
    .selectAll()
    .where("direction", "=", "in")
    .where("status", "=", "received")
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function markDelivered(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("as4_message")
      .set({ status: "delivered", delivered_at: at })
      .where("id", "=", id as never)
      .where("status", "=", "received")
      .returning(AUDITED_COLUMNS)
      .executeTakeFirst();
    if (row) await auditDelivered(trx, auditFactsOf(row), at);
  });
}

export function storedPayloads(row: StoredMessage): StoredPayload[] {
  return decodePayloads(row.payloads);
}

export interface OutgoingPackage {
  contentType: string;
  body: Uint8Array;
  envelopeXml: string;
  endpoint: string;
}

/** Stores an outgoing message, due now; the sender loop posts it. */
export async function enqueueOutgoing(
  db: Kysely<Database>,
  facts: MessageFacts,
  packaged: OutgoingPackage,
  now: Date,
): Promise<string> {
  const values = factsRow(facts);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("as4_message")
      .values({
        ...values,
        direction: "out",
        received_at: now,
        status: "queued",
        mime_content_type: packaged.contentType,
        mime_body: packaged.body,
        mime_sha256: sha256Hex(packaged.body),
        envelope_xml: packaged.envelopeXml,
        endpoint: packaged.endpoint,
        attempts: 0,
        next_attempt_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await auditSent(trx, auditFactsOf(values), now);
    return String(row.id);
  });
}

/** Claims up to `limit` due outgoing messages: lease ahead, attempt counted, first send dated. */
export async function claimDueOutgoing(
  db: Kysely<Database>,
  now: Date,
  options: { limit?: number; leaseMs?: number } = {},
): Promise<StoredMessage[]> {
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000));
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("as4_message")
      .select("id")
      .where("direction", "=", "out")
      .where("status", "=", "queued")
      .where("next_attempt_at", "<=", now)
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(options.limit ?? 10)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable("as4_message")
      .set((eb) => ({
        next_attempt_at: leaseUntil,
        attempts: eb("attempts", "+", 1),
        first_sent_at: eb.fn.coalesce("first_sent_at", eb.val(now)),
      }))
      .where(
        "id",
        "in",
        due.map((d) => d.id),
      )
      .returningAll()
      .execute();
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  });
}

export async function markReceipted(db: Kysely<Database>, id: string, receipt: Uint8Array, at: Date) {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("as4_message")
      .set({ status: "receipted", receipt, delivered_at: at, next_attempt_at: null, last_error: null })
      .where("id", "=", id as never)
      .where("status", "=", "queued")
      .returning(AUDITED_COLUMNS)
      .executeTakeFirst();
    if (row) await auditReceipted(trx, auditFactsOf(row), at, row.attempts);
  });
}

/** A failed attempt: retry at `retryAt`, or give up (`failed`) when it is null. */
export async function markAttemptFailed(
  db: Kysely<Database>,
  id: string,
  error: string,
  retryAt: Date | null,
  at: Date,
) {
  if (retryAt !== null) {
    await db
      .updateTable("as4_message")
      .set({ next_attempt_at: retryAt, last_error: error.slice(0, 1000) })
      .where("id", "=", id as never)
      .where("status", "=", "queued")
      .execute();
    return;
  }
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("as4_message")
      .set({ status: "failed", next_attempt_at: null, last_error: error.slice(0, 1000) })
      .where("id", "=", id as never)
      .where("status", "=", "queued")
      .returning(AUDITED_COLUMNS)
      .executeTakeFirst();
    if (row) await auditFailed(trx, auditFactsOf(row), at, error);
  });
}

export async function findMessage(
  db: Kysely<Database>,
  direction: "in" | "out",
  messageId: string,
): Promise<StoredMessage | undefined> {
  return db
    .selectFrom("as4_message")
    .selectAll()
    .where("direction", "=", direction)
    .where("message_id", "=", messageId)
    .executeTakeFirst();
}
