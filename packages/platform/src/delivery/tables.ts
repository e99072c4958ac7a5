/**
 * The AS4 access point's message store (OOTS-10): one row per message in or out, written before
 * we answer (incoming) or before the first send (outgoing), so neither a crash nor a restart
 * loses a message or delivers one twice.
 */
import type { Generated } from "kysely";

export const AS4_DIRECTIONS = ["in", "out"] as const;
export type As4Direction = (typeof AS4_DIRECTIONS)[number];

/**
 * in: `received` (stored and receipted, not yet handed to its subscriber) → `delivered`.
 * out: `queued` (waiting for a send or a resend) → `receipted` (a verified receipt came) or
 * `failed` (the retry schedule gave up, or the recipient answered with an ebMS error).
 */
export const AS4_STATUSES = ["received", "delivered", "queued", "receipted", "failed"] as const;
export type As4Status = (typeof AS4_STATUSES)[number];

export interface As4MessageTable {
  id: Generated<number>;
  /** eb:MessageInfo/eb:MessageId; unique per direction (duplicate detection, Core §8.6). */
  message_id: string;
  direction: As4Direction;
  /** The P-Mode process and leg the message travels on. */
  process_name: string;
  leg_name: string;
  /** P-Mode party names. */
  from_party: string;
  to_party: string;
  service: string;
  action: string;
  /** When our store took it (received, or queued to send). */
  received_at: Date;
  status: As4Status;
  /** The payloads as delivered (in) or as given to send (out), see payload-codec.ts. */
  payloads: Uint8Array;
  /** SHA-256 of each payload, hex, comma-separated, in order: what audit and logs may name. */
  payload_sha256: string;
  /** The signed receipt we answered with (in) or the one we verified (out). */
  receipt: Uint8Array | null;
  /**
   * The message on the wire, Content-Type and body. out: as packaged, sent again unchanged on
   * each retry. in: as received, signed by the sender — the non-repudiation evidence of what
   * came (the receipt we answered carries digests over it).
   */
  mime_content_type: string | null;
  mime_body: Uint8Array | null;
  /** SHA-256 of `mime_body`, hex (null only for rows stored before it was kept). */
  mime_sha256: string | null;
  /** out: the envelope as sent, to check the receipt's digests (verifyReceipt). */
  envelope_xml: string | null;
  /** out: the recipient's endpoint from the P-Mode. */
  endpoint: string | null;
  /** eb:ConversationId, as sent or received. */
  conversation_id: string | null;
  /** eb:MessageProperties as JSON `[{name, value, type?}]`, as sent or received. */
  properties: string | null;
  attempts: number;
  first_sent_at: Date | null;
  next_attempt_at: Date | null;
  last_error: string | null;
  delivered_at: Date | null;
}

export interface DeliveryTables {
  as4_message: As4MessageTable;
}
