/**
 * For tests only: what a database superuser can do to the audit log without the audit key —
 * rewrite a record and recompute every later linked hash and the head, triggers switched off.
 * Records not linked yet are left to the linker, which links them onto the rewritten head.
 */
import { type Kysely, type Selectable, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { recordHash } from "../record-hash.ts";
import type { AuditLogTable } from "../tables.ts";
import { hashedFieldsOf } from "../verify-chain.ts";

type Row = Selectable<AuditLogTable>;

export async function rehashFrom(
  db: Kysely<Database>,
  seq: number,
  change: (row: Row) => Row,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    const rows = await trx
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">=", String(seq))
      .where("hash", "is not", null)
      .orderBy("seq")
      .execute();
    const before = await trx
      .selectFrom("audit_log")
      .select("hash")
      .where("seq", "=", String(seq - 1))
      .executeTakeFirst();
    let prev = before?.hash ?? "0".repeat(64);
    for (const original of rows) {
      const row = String(original.seq) === String(seq) ? change(original) : original;
      const hash = recordHash(prev, hashedFieldsOf(row, BigInt(row.seq)));
      await sql`update audit_log set purpose = ${row.purpose}, prev_hash = ${prev}, hash = ${hash} where seq = ${row.seq}`.execute(
        trx,
      );
      prev = hash;
    }
    await sql`update audit_head set last_hash = ${prev} where id = 1`.execute(trx);
  });
}
