/** For tests only: the AS4 audit records of one message, oldest first. */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

export async function as4AuditRecords(db: Kysely<Database>, messageId: string) {
  return db
    .selectFrom("audit_log")
    .select(["action", "actor", "outcome", "purpose", "object"])
    .where("object", "=", `as4-message:${messageId}`)
    .orderBy("seq")
    .execute();
}

/** How many `action` records each of `messageIds` has (one query for a whole burst). */
export async function as4AuditCounts(db: Kysely<Database>, action: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("audit_log")
    .select(["object"])
    .where("action", "=", action)
    .where("object", "like", "as4-message:%")
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const id = (row.object ?? "").slice("as4-message:".length);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
