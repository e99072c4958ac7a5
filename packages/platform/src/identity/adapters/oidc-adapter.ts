/**
 * oidc-provider's storage adapter over Kysely: sessions, interactions, authorization codes,
 * access tokens and grants live in `identity_oidc_record` with their expiry, so they survive a
 * restart and are shared by every server process. Relying parties ("Client") come from
 * `identity_client` (registered by the CLI), never from this table.
 *
 * The adapter contract is oidc-provider's (lib/adapters/memory_adapter.js documents it):
 * upsert/find/findByUid/findByUserCode/consume/destroy/revokeByGrantId.
 */
import type { Kysely } from "kysely";
import type { IdentityDatabase as Database } from "../database.ts";
import { clientMetadataOf, findClientRow } from "./client-store.ts";

// biome-ignore lint/suspicious/noExplicitAny: oidc-provider payloads are open-ended JSON objects.
type Payload = Record<string, any>;

export interface OidcAdapter {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export type OidcAdapterClass = new (model: string) => OidcAdapter;

/** Payloads are oidc-provider's own small objects; a bound keeps a bad row from filling memory. */
const MAX_PAYLOAD_CHARS = 256 * 1024;

export function createOidcAdapter(
  db: Kysely<Database>,
  now: () => Date = () => new Date(),
): OidcAdapterClass {
  class ClientAdapter implements OidcAdapter {
    async find(id: string) {
      const row = await findClientRow(db, id);
      return row ? clientMetadataOf(row) : undefined;
    }
    async upsert() {
      throw new Error("relying parties are registered with `tilts identity client add`");
    }
    async findByUid() {
      return undefined;
    }
    async findByUserCode() {
      return undefined;
    }
    async consume() {}
    async destroy() {}
    async revokeByGrantId() {}
  }

  class RecordAdapter implements OidcAdapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number) {
      const text = JSON.stringify(payload);
      if (text.length > MAX_PAYLOAD_CHARS) throw new Error(`${this.model} payload too large`);
      const expiresAt = typeof expiresIn === "number" ? new Date(now().getTime() + expiresIn * 1000) : null;
      const row = {
        model: this.model,
        id,
        payload: text,
        grant_id: typeof payload.grantId === "string" ? payload.grantId : null,
        uid: typeof payload.uid === "string" ? payload.uid : null,
        user_code: typeof payload.userCode === "string" ? payload.userCode : null,
        expires_at: expiresAt,
        consumed_at: null,
      };
      await db
        .insertInto("identity_oidc_record")
        .values(row)
        .onConflict((oc) =>
          oc.columns(["model", "id"]).doUpdateSet({
            payload: row.payload,
            grant_id: row.grant_id,
            uid: row.uid,
            user_code: row.user_code,
            expires_at: row.expires_at,
          }),
        )
        .execute();
    }

    private async findWhere(column: "id" | "uid" | "user_code", value: string) {
      const row = await db
        .selectFrom("identity_oidc_record")
        .select(["payload", "expires_at", "consumed_at"])
        .where("model", "=", this.model)
        .where(column, "=", value)
        .executeTakeFirst();
      if (!row) return undefined;
      // Expired rows are invisible even before the sweep removes them.
      if (row.expires_at && new Date(row.expires_at).getTime() <= now().getTime()) return undefined;
      const payload = JSON.parse(row.payload) as Payload;
      if (row.consumed_at) payload.consumed = Math.floor(new Date(row.consumed_at).getTime() / 1000);
      return payload;
    }

    find(id: string) {
      return this.findWhere("id", id);
    }
    findByUid(uid: string) {
      return this.findWhere("uid", uid);
    }
    findByUserCode(userCode: string) {
      return this.findWhere("user_code", userCode);
    }

    async consume(id: string) {
      await db
        .updateTable("identity_oidc_record")
        .set({ consumed_at: now() })
        .where("model", "=", this.model)
        .where("id", "=", id)
        .execute();
    }

    async destroy(id: string) {
      await db
        .deleteFrom("identity_oidc_record")
        .where("model", "=", this.model)
        .where("id", "=", id)
        .execute();
    }

    async revokeByGrantId(grantId: string) {
      await db.deleteFrom("identity_oidc_record").where("grant_id", "=", grantId).execute();
    }
  }

  return class Adapter implements OidcAdapter {
    private readonly inner: OidcAdapter;
    constructor(model: string) {
      this.inner = model === "Client" ? new ClientAdapter() : new RecordAdapter(model);
    }
    upsert(id: string, payload: Payload, expiresIn?: number) {
      return this.inner.upsert(id, payload, expiresIn);
    }
    find(id: string) {
      return this.inner.find(id);
    }
    findByUid(uid: string) {
      return this.inner.findByUid(uid);
    }
    findByUserCode(userCode: string) {
      return this.inner.findByUserCode(userCode);
    }
    consume(id: string) {
      return this.inner.consume(id);
    }
    destroy(id: string) {
      return this.inner.destroy(id);
    }
    revokeByGrantId(grantId: string) {
      return this.inner.revokeByGrantId(grantId);
    }
  };
}

/** Removes expired artefacts and method attempts; returns how many rows went. */
export async function sweepExpired(db: Kysely<Database>, now: Date): Promise<number> {
  const records = await db
    .deleteFrom("identity_oidc_record")
    .where("expires_at", "<", now)
    .executeTakeFirst();
  const attempts = await db
    .deleteFrom("identity_method_attempt")
    .where("expires_at", "<", now)
    .executeTakeFirst();
  return Number(records.numDeletedRows ?? 0n) + Number(attempts.numDeletedRows ?? 0n);
}
