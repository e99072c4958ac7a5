/**
 * AS4 traffic in the audit log (CON-9, OOTS-10). Records name the message and its parties, leg,
 * service and action and the payloads' SHA-256 digests, never payload content: an OOTS payload
 * may carry a person's evidence, which the audit log must not copy. Each record is written in
 * the transaction that changes the message's state, so the log and the store never disagree
 * (a message stored once has exactly one `as4.message.received`, also across a crash).
 */
import type { Kysely } from "kysely";
import { type AuditOutcome, appendAuditRecord, type UnauthenticatedAuditGate } from "../audit/index.ts";
import type { DeliveryDatabase as Database } from "./database.ts";

/** What the audit records of one message say about it. */
export interface As4AuditFacts {
  messageId: string;
  legName: string;
  fromParty: string;
  toParty: string;
  service: string;
  action: string;
  payloadSha256: string;
}

/** The object and purpose fields: the message, then its leg, parties and payload digests. */
function fields(facts: As4AuditFacts, extra?: string) {
  return {
    object: `as4-message:${facts.messageId}`,
    purpose: [
      `leg=${facts.legName}`,
      `from=${facts.fromParty}`,
      `to=${facts.toParty}`,
      `service=${facts.service}`,
      `action=${facts.action}`,
      `payload-sha256=${facts.payloadSha256}`,
      ...(extra ? [extra] : []),
    ].join("; "),
    legalGround: "OOTS-10",
  };
}

/** The partner's access point acts for incoming messages, our access point for outgoing ones. */
const partner = (party: string) => `as4-party:${party}`;

/** Stored and receipted (written with the row, in the same transaction). */
export async function auditReceived(db: Kysely<Database>, facts: As4AuditFacts, now: Date) {
  const entry = { action: "as4.message.received", actor: partner(facts.fromParty), outcome: ok };
  await appendAuditRecord(db, { ...entry, ...fields(facts) }, now);
}

/** Handed to its subscriber (written with the status change). */
export async function auditDelivered(db: Kysely<Database>, facts: As4AuditFacts, now: Date) {
  const entry = { action: "as4.message.delivered", actor: "system", outcome: ok };
  await appendAuditRecord(db, { ...entry, ...fields(facts) }, now);
}

/** Stored for sending by `send` (the sender loop posts it). */
export async function auditSent(db: Kysely<Database>, facts: As4AuditFacts, now: Date) {
  const entry = { action: "as4.message.sent", actor: "system", outcome: ok };
  await appendAuditRecord(db, { ...entry, ...fields(facts) }, now);
}

/** The recipient's signed receipt was verified. */
export async function auditReceipted(
  db: Kysely<Database>,
  facts: As4AuditFacts,
  now: Date,
  attempts: number,
) {
  const entry = { action: "as4.message.receipted", actor: partner(facts.toParty), outcome: ok };
  await appendAuditRecord(db, { ...entry, ...fields(facts, `attempts=${attempts}`) }, now);
}

/** Given up: the retry schedule ended, or the recipient answered with an ebMS error. */
export async function auditFailed(db: Kysely<Database>, facts: As4AuditFacts, now: Date, error: string) {
  // The error is the ebMS code and description (ours or the partner's): no payload content.
  const entry = { action: "as4.message.failed", actor: "system", outcome: "failure" as AuditOutcome };
  await appendAuditRecord(db, { ...entry, ...fields(facts, `error=${error.slice(0, 300)}`) }, now);
}

/**
 * Refused before anything was stored (ebMS error signal answered). The sender is unidentified
 * (its signature did not pass, or was not reached), so the record goes through the gate that
 * bounds records of unidentified sources.
 */
export async function auditRefused(
  gate: UnauthenticatedAuditGate,
  refusal: { messageId?: string; code: string; clientAddress?: string },
  now: Date,
) {
  await gate.record(
    {
      action: "as4.message.refused",
      actor: "unidentified-as4-sender",
      outcome: "denied",
      object: refusal.messageId ? `as4-message:${refusal.messageId.slice(0, 512)}` : null,
      purpose: `code=${refusal.code}`,
      legalGround: "OOTS-10",
      clientAddress: refusal.clientAddress ?? null,
    },
    now,
  );
}

/** The audit facts of a stored row. */
export function auditFactsOf(row: {
  message_id: string;
  leg_name: string;
  from_party: string;
  to_party: string;
  service: string;
  action: string;
  payload_sha256: string;
}): As4AuditFacts {
  return {
    messageId: row.message_id,
    legName: row.leg_name,
    fromParty: row.from_party,
    toParty: row.to_party,
    service: row.service,
    action: row.action,
    payloadSha256: row.payload_sha256,
  };
}

const ok: AuditOutcome = "success";
