/**
 * Requests without a session cannot grow the audit log at will: per window, a few records per
 * source and a bounded number in all; the rest become counted summaries (CON-9 records stay
 * meaningful, and the chain stays sealable).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { type AuditEntry, createUnauthenticatedAuditGate, verifyAuditChain } from "./index.ts";
import { GENESIS_HASH } from "./record-hash.ts";
import { sourceOf } from "./unauthenticated-events.ts";

const failure = (clientAddress: string): AuditEntry => ({
  actor: "unidentified-person",
  action: "identity.signin.failed",
  purpose: "sign-in; method=unknown; reason=method-state-unknown",
  outcome: "failure",
  clientAddress,
});

it("counts IPv6 sources by their /64 and IPv4-mapped addresses as IPv4", () => {
  expect(sourceOf("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
  expect(sourceOf("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
  expect(sourceOf("::ffff:192.0.2.7")).toBe("192.0.2.7");
  expect(sourceOf("203.0.113.9")).toBe("203.0.113.9");
  expect(sourceOf("not an address; reason=ok")).toBe("unknown");
  expect(sourceOf(null)).toBe("unknown");
});

describe.each(testDatabaseKinds())("unauthenticated audit events on $name", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`delete from audit_log`.execute(trx);
      await sql.raw(`update audit_head set last_seq = 0, last_hash = '${GENESIS_HASH}'`).execute(trx);
    });
  });

  const rows = () => database.db.selectFrom("audit_log").selectAll().orderBy("seq").execute();

  it("records a few per source and window and counts the rest into one summary", async () => {
    const gate = createUnauthenticatedAuditGate(database.db, {
      windowMs: 60_000,
      recordsPerSource: 3,
      totalRecordsPerWindow: 10,
    });
    const at = new Date(Date.UTC(2026, 11, 7, 3, 0, 5));
    const outcomes = [];
    for (let i = 0; i < 200; i++) outcomes.push(await gate.record(failure("198.51.100.7"), at));
    expect(outcomes.filter((o) => o === "recorded")).toHaveLength(3);
    expect(await rows()).toHaveLength(3);
    // The window passes: its counts are written once, as one structured record.
    await gate.flush(new Date(at.getTime() + 60_000));
    await gate.flush(new Date(at.getTime() + 120_000));
    const all = await rows();
    expect(all).toHaveLength(4);
    expect(all[3]).toMatchObject({
      actor: "system",
      action: "audit.events.suppressed",
      object: "source:198.51.100.7",
      purpose: "action=identity.signin.failed; outcome=failure; count=197; window-seconds=60",
      client_address: "198.51.100.7",
      correlation_id: "window:2026-12-07T03:00:00.000Z",
    });
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 4 });
  });

  it("bounds the records of many sources by the window's budget, the rest counted under *", async () => {
    const gate = createUnauthenticatedAuditGate(database.db, {
      windowMs: 60_000,
      recordsPerSource: 2,
      totalRecordsPerWindow: 10,
    });
    const at = new Date(Date.UTC(2026, 11, 7, 3, 1, 0));
    for (let i = 0; i < 1000; i++) await gate.record(failure(`10.0.${i >> 8}.${i & 255}`), at);
    await gate.flush(at, true);
    const all = await rows();
    const individual = all.filter((r) => r.action === "identity.signin.failed");
    const summaries = all.filter((r) => r.action === "audit.events.suppressed");
    expect(individual).toHaveLength(10);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ object: "source:*", client_address: null });
    expect(summaries[0]!.purpose).toContain("count=990;");
  });
});
