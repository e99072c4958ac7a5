import type { Kysely, KyselyPlugin } from "kysely";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/schema.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import {
  AuditChainError,
  type AuditEntry,
  AuditEntryError,
  appendAuditRecord,
  createChainLinker,
  linkPendingRecords,
  UNUSED_POSITION_ACTION,
  verifyAuditChain,
} from "./index.ts";
import { GENESIS_HASH, recordHash } from "./record-hash.ts";

const entry = (n: number): AuditEntry => ({
  actor: `PNOLV-290156-1160${n % 10}`,
  actingFor: "40003000001",
  subjectPerson: "PNOLV-323691-93794",
  action: "ehealth.document.read",
  object: `document:${n}`,
  purpose: "treatment",
  legalGround: "patient-care",
  outcome: "success" as const,
  clientAddress: "127.0.0.1",
  correlationId: `req-${n}`,
});

/** Latvian letters, both cases, and everything JSON must escape: the hashed bytes must agree. */
const latvian: AuditEntry = {
  actor: "PNOLV-323691-93794",
  actingFor: "Ārstu prakse «Ģimenes veselība» — Jūrmala",
  subjectPerson: "PNOLV-010203-12345",
  action: "ehealth.document.read",
  object: 'dokuments:"Izraksts" \\ rindiņa\nnākamā\ttabs\u0001',
  purpose: "ārstēšana: āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ",
  legalGround: "VDAR 9. panta 2. punkta h) apakšpunkts",
  outcome: "success",
  clientAddress: "2001:db8::ā",
  correlationId: "pieprasījums-ķ-😀-\u2028",
};

/** What record-hash.ts says the hash of `e` at position `seq` after `prevHash` is. */
function expectedHash(prevHash: string, seq: bigint, e: AuditEntry, at: Date): string {
  return recordHash(prevHash, {
    seq,
    recordedAt: at,
    actor: e.actor,
    actingFor: e.actingFor ?? null,
    subjectPerson: e.subjectPerson ?? null,
    action: e.action,
    object: e.object ?? null,
    purpose: e.purpose ?? null,
    legalGround: e.legalGround ?? null,
    outcome: e.outcome,
    clientAddress: e.clientAddress ?? null,
    correlationId: e.correlationId ?? null,
  });
}

/** Counts the statements a Kysely handle sends (BEGIN/COMMIT are not statements here). */
function counting<T extends Kysely<Database>>(db: T): { db: T; count: () => number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      n++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin) as T, count: () => n };
}

/** Raw SQL as a superuser would run it: triggers switched off for the session. */
async function asSuperuser(database: TestDatabase, statements: string[]): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    for (const s of statements) await sql.raw(s).execute(trx);
  });
}

describe.each(testDatabaseKinds())("audit log on $name", (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A log of `count` records, linked. */
  async function freshLog(count: number): Promise<void> {
    await asSuperuser(database, [
      "delete from audit_log",
      `update audit_head set last_seq = 0, last_hash = '${"0".repeat(64)}'`,
      "select setval('audit_log_seq', 1, false)",
    ]);
    for (let i = 1; i <= count; i++) {
      await appendAuditRecord(database.db, entry(i), new Date(Date.UTC(2026, 0, 1, 8, 0, i)));
    }
    await linkPendingRecords(database.db);
  }

  const rowAt = (seq: number) =>
    database.db.selectFrom("audit_log").selectAll().where("seq", "=", String(seq)).executeTakeFirstOrThrow();

  it("verifies an intact log and counts its records", async () => {
    await freshLog(5);
    const verdict = await verifyAuditChain(database.db);
    expect(verdict).toMatchObject({ intact: true, records: 5 });
  });

  it("refuses UPDATE, DELETE and TRUNCATE of audit rows in the database itself", async () => {
    await freshLog(2);
    await expect(sql`update audit_log set actor = 'x' where seq = 1`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where seq = 1`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 2 });
  });

  it("detects an edited record", async () => {
    await freshLog(5);
    await asSuperuser(database, ["update audit_log set purpose = 'curiosity' where seq = 3"]);
    expect(await verifyAuditChain(database.db)).toMatchObject({
      intact: false,
      problem: { kind: "changed", seq: "3" },
    });
  });

  it("detects a deleted record in the middle and at the end", async () => {
    await freshLog(5);
    await asSuperuser(database, ["delete from audit_log where seq = 2"]);
    expect(await verifyAuditChain(database.db)).toMatchObject({
      intact: false,
      problem: { kind: "removed", seq: "2" },
    });

    await freshLog(5);
    await asSuperuser(database, ["delete from audit_log where seq = 5"]);
    expect(await verifyAuditChain(database.db)).toMatchObject({
      intact: false,
      problem: { kind: "removed", seq: "5" },
    });
  });

  it("detects two swapped records", async () => {
    await freshLog(5);
    await asSuperuser(database, [
      "update audit_log set seq = -1 where seq = 2",
      "update audit_log set seq = 2 where seq = 3",
      "update audit_log set seq = 3 where seq = -1",
    ]);
    expect(await verifyAuditChain(database.db)).toMatchObject({
      intact: false,
      problem: { kind: "reordered", seq: "2" },
    });
  });

  it("rolls the record back with the action it records; the linker marks its position unused", async () => {
    await freshLog(1);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendAuditRecord(trx, entry(2));
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 1 });
    await appendAuditRecord(database.db, entry(3));
    expect(await linkPendingRecords(database.db)).toBe(2);
    expect(await rowAt(2)).toMatchObject({
      actor: "system",
      action: UNUSED_POSITION_ACTION,
      object: "position:2",
    });
    expect(await rowAt(3)).toMatchObject({ correlation_id: "req-3" });
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 3, unlinked: 0 });
  });

  it("keeps the chain gapless under concurrent appends", async () => {
    await freshLog(0);
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAuditRecord(database.db, entry(i))));
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 20, unlinked: 20 });
    expect(await linkPendingRecords(database.db)).toBe(20);
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 20, unlinked: 0 });
  });

  it("links hashes exactly as record-hash.ts defines them, Latvian letters included (CON-9)", async () => {
    await freshLog(2);
    const head = await database.db.selectFrom("audit_head").selectAll().executeTakeFirstOrThrow();
    const at = new Date(Date.UTC(2026, 1, 3, 4, 5, 6, 789));
    const appended = await appendAuditRecord(database.db, latvian, at);
    expect(appended.seq).toBe(3n);
    // Unlinked at first, stored as given, character for character.
    expect(await rowAt(3)).toMatchObject({
      actor: latvian.actor,
      acting_for: latvian.actingFor,
      object: latvian.object,
      purpose: latvian.purpose,
      client_address: latvian.clientAddress,
      correlation_id: latvian.correlationId,
      prev_hash: null,
      hash: null,
    });
    const bare: AuditEntry = { actor: "system", action: "platform.started", outcome: "success" };
    await appendAuditRecord(database.db, bare, at);
    expect(await linkPendingRecords(database.db)).toBe(2);
    const third = await rowAt(3);
    expect(new Date(third.recorded_at).toISOString()).toBe(at.toISOString());
    expect(third.prev_hash).toBe(head.last_hash);
    expect(third.hash).toBe(expectedHash(head.last_hash, 3n, latvian, at));
    // A record with every optional field null hashes alike too, and the head moved to it.
    const fourth = await rowAt(4);
    expect(fourth.hash).toBe(expectedHash(third.hash!, 4n, bare, at));
    const after = await database.db.selectFrom("audit_head").selectAll().executeTakeFirstOrThrow();
    expect({ seq: String(after.last_seq), hash: after.last_hash }).toEqual({ seq: "4", hash: fourth.hash });
    expect(await verifyAuditChain(database.db)).toEqual({
      intact: true,
      records: 4,
      lastHash: fourth.hash,
      unlinked: 0,
    });
  });

  it("lets an unlinked record only be linked: its content cannot change, before or after", async () => {
    await freshLog(1);
    await appendAuditRecord(database.db, entry(2));
    await expect(
      sql`update audit_log set purpose = 'curiosity' where seq = 2`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`update audit_log set purpose = 'curiosity', prev_hash = ${"a".repeat(64)}, hash = ${"b".repeat(64)} where seq = 2`.execute(
        database.db,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 2`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await linkPendingRecords(database.db);
    await expect(
      sql`update audit_log set prev_hash = ${"a".repeat(64)}, hash = ${"b".repeat(64)} where seq = 2`.execute(
        database.db,
      ),
    ).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 2, unlinked: 0 });
  });

  it("reports a linked record after unlinked ones (a hash set by hand) as a broken chain", async () => {
    await freshLog(1);
    await appendAuditRecord(database.db, entry(2));
    await appendAuditRecord(database.db, entry(3));
    await sql`update audit_log set prev_hash = ${"a".repeat(64)}, hash = ${"b".repeat(64)} where seq = 3`.execute(
      database.db,
    );
    expect(await verifyAuditChain(database.db)).toMatchObject({
      intact: false,
      problem: { kind: "changed", seq: "3" },
    });
    await expect(linkPendingRecords(database.db)).rejects.toThrow(AuditChainError);
  });

  it("continues a chain written by the earlier appends that linked at once (existing data folders)", async () => {
    await freshLog(0);
    // The chain as the earlier code wrote it: hash computed in JS with record-hash.ts.
    let prev = GENESIS_HASH;
    for (let seq = 1n; seq <= 3n; seq++) {
      const e = seq === 2n ? latvian : entry(Number(seq));
      const at = new Date(Date.UTC(2025, 11, 31, 23, 59, Number(seq)));
      const hash = expectedHash(prev, seq, e, at);
      await database.db
        .insertInto("audit_log")
        .values({
          seq: seq.toString(),
          recorded_at: at,
          actor: e.actor,
          acting_for: e.actingFor ?? null,
          subject_person: e.subjectPerson ?? null,
          action: e.action,
          object: e.object ?? null,
          purpose: e.purpose ?? null,
          legal_ground: e.legalGround ?? null,
          outcome: e.outcome,
          client_address: e.clientAddress ?? null,
          correlation_id: e.correlationId ?? null,
          prev_hash: prev,
          hash,
        })
        .execute();
      await database.db
        .updateTable("audit_head")
        .set({ last_seq: seq.toString(), last_hash: hash })
        .execute();
      prev = hash;
    }
    // What the linker migration does to such a folder: the sequence continues after its records.
    await sql`select setval('audit_log_seq', (select max(seq) from audit_log))`.execute(database.db);
    const at = new Date(Date.UTC(2026, 0, 1));
    const appended = await appendAuditRecord(database.db, latvian, at);
    expect(appended).toEqual({ seq: 4n });
    await linkPendingRecords(database.db);
    const hash = expectedHash(prev, 4n, latvian, at);
    expect((await rowAt(4)).hash).toBe(hash);
    expect(await verifyAuditChain(database.db)).toEqual({
      intact: true,
      records: 4,
      lastHash: hash,
      unlinked: 0,
    });
  });

  it("appends in one statement, in the caller's transaction or on its own (issue 6)", async () => {
    await freshLog(1);
    const alone = counting(database.db);
    await appendAuditRecord(alone.db, entry(2));
    expect(alone.count()).toBe(1);
    await database.db.transaction().execute(async (trx) => {
      const inside = counting(trx);
      await appendAuditRecord(inside.db, entry(3));
      await appendAuditRecord(inside.db, entry(4));
      expect(inside.count()).toBe(2);
    });
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 4 });
  });

  it("keeps the linked chain gapless when concurrent transactions append and some roll back", async () => {
    await freshLog(0);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        database.db.transaction().execute(async (trx) => {
          const appended = await appendAuditRecord(trx, entry(i));
          // The action goes on after recording; other appends do not wait for it.
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (i % 4 === 3) throw new Error("the action failed");
          return appended.seq;
        }),
      ),
    );
    const committed = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(committed).toHaveLength(18);
    // The last position may be a rolled-back one; the chain reaches it with the next record.
    committed.push((await appendAuditRecord(database.db, entry(99))).seq);
    expect(await linkPendingRecords(database.db)).toBe(25);
    const rows = await database.db.selectFrom("audit_log").select(["seq", "action"]).orderBy("seq").execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const unused = rows.filter((r) => r.action === UNUSED_POSITION_ACTION).map((r) => BigInt(r.seq));
    expect(unused).toHaveLength(6);
    expect([...committed, ...unused].sort((a, b) => Number(a - b))).toEqual(
      Array.from({ length: 25 }, (_, i) => BigInt(i + 1)),
    );
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 25, unlinked: 0 });
  });

  // Two transactions at once need two connections: PostgreSQL only (PGlite has one).
  it.runIf(kind.name === "postgresql")(
    "waits for a position still in flight, and marks it unused only once its transaction rolled back",
    async () => {
      for (const fate of ["commit", "roll back"] as const) {
        await freshLog(1);
        let finish!: () => void;
        const finished = new Promise<void>((resolve) => {
          finish = resolve;
        });
        let appended!: () => void;
        const inFlight = new Promise<void>((resolve) => {
          appended = resolve;
        });
        const slow = database.db.transaction().execute(async (trx) => {
          await appendAuditRecord(trx, entry(2));
          appended();
          await finished;
          if (fate === "roll back") throw new Error("the action failed");
        });
        await inFlight;
        await appendAuditRecord(database.db, entry(3));
        const linker = createChainLinker(database.db);
        expect(await linker.linkPending()).toBe(0);
        expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 2, unlinked: 1 });
        finish();
        await slow.catch(() => undefined);
        expect(await linker.linkPending()).toBe(2);
        expect((await rowAt(2)).action).toBe(fate === "commit" ? entry(2).action : UNUSED_POSITION_ACTION);
        expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 3, unlinked: 0 });
      }
    },
  );

  it("links nothing and says why when the head was written by hand", async () => {
    await freshLog(2);
    await asSuperuser(database, ["update audit_head set last_hash = 'not\"hex' where id = 1"]);
    await appendAuditRecord(database.db, entry(3));
    await expect(linkPendingRecords(database.db)).rejects.toThrow(AuditChainError);
    expect((await rowAt(3)).hash).toBeNull();
  });

  it("refuses a NUL, an unpaired surrogate and an invalid time with a clear error", async () => {
    await freshLog(0);
    await expect(appendAuditRecord(database.db, { ...entry(1), purpose: "a\u0000b" })).rejects.toThrow(
      AuditEntryError,
    );
    await expect(appendAuditRecord(database.db, { ...entry(1), object: "x\ud800y" })).rejects.toThrow(
      /unpaired surrogate/,
    );
    await expect(appendAuditRecord(database.db, entry(1), new Date(Number.NaN))).rejects.toThrow(
      AuditEntryError,
    );
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 0 });
  });
});
