/**
 * Who owes the attestation at an institution (CON-7: a user — a health professional — or an
 * administrator, appointed and not annulled) and the proof kept with a signed one.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { type Administrator, listAdministrators, listUsers, type User } from "../adapters/people-store.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { AttestationProofKind } from "./tables.ts";

export type AttestationHolder =
  | { kind: "user"; user: User }
  | { kind: "administrator"; administrator: Administrator };

/** The person's user or administrator record at the institution; undefined when neither (or annulled). */
export async function attestationHolderOf(
  db: Kysely<Database>,
  personCode: string,
  registrationNumber: string,
): Promise<AttestationHolder | undefined> {
  const filter = { personCode, registrationNumber };
  const user = (await listUsers(db, filter)).find((u) => u.status !== "annulled");
  if (user) return { kind: "user", user };
  const administrator = (await listAdministrators(db, filter)).find((a) => a.status !== "annulled");
  return administrator ? { kind: "administrator", administrator } : undefined;
}

export const sha256Of = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

export async function insertAttestationProof(
  db: Kysely<Database>,
  attestationId: string,
  proof: { kind: AttestationProofKind; content: Uint8Array; mediaType: string },
  now: Date,
): Promise<void> {
  await db
    .insertInto("ehealth_attestation_document")
    .values({
      attestation_id: attestationId,
      kind: proof.kind,
      content: proof.content,
      media_type: proof.mediaType,
      sha256: sha256Of(proof.content),
      stored_at: now,
    })
    .execute();
}

export async function attestationProofOf(
  db: Kysely<Database>,
  attestationId: string,
): Promise<{ kind: AttestationProofKind; content: Uint8Array; sha256: string } | undefined> {
  return db
    .selectFrom("ehealth_attestation_document")
    .select(["kind", "content", "sha256"])
    .where("attestation_id", "=", attestationId)
    .executeTakeFirst();
}
