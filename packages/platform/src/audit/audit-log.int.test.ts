import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { appendAuditRecord, verifyAuditChain } from "./index.ts";

const entry = (n: number) => ({
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

  async function freshLog(count: number): Promise<void> {
    await asSuperuser(database, [
      "delete from audit_log",
      `update audit_head set last_seq = 0, last_hash = '${"0".repeat(64)}'`,
    ]);
    for (let i = 1; i <= count; i++) {
      await appendAuditRecord(database.db, entry(i), new Date(Date.UTC(2026, 0, 1, 8, 0, i)));
    }
  }

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

  it("rolls the record back with the action it records", async () => {
    await freshLog(1);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendAuditRecord(trx, entry(2));
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 1 });
    await appendAuditRecord(database.db, entry(3));
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 2 });
  });

  it("keeps the chain gapless under concurrent appends", async () => {
    await freshLog(0);
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAuditRecord(database.db, entry(i))));
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 20 });
  });
});
