import { startMailStandIn } from "@tilts/testbed/mail";
import type { Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { redactAddresses } from "./index.ts";
import { claimDueMail, enqueueMail, listLateNotices, listOutbox, markMailSent } from "./outbox-store.ts";
import { createOutboxSender, defaultBackoffMs, type MailTransport, smtpTransport } from "./sender.ts";
import type { OutboxTables } from "./tables.ts";

const FROM = "Tilts e-veselība <noreply@tilts.test>";
const notice = (to: string, subject: string) => ({
  kind: "institution.suspended",
  to,
  subject,
  body: "Iestādes piekļuve apturēta.\nPamatojums: drošības apdraudējums",
  registrationNumber: "40003000001",
  sendBy: "2026-03-03",
});

describe.each(testDatabaseKinds())("mail outbox on $name", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("CON-5: the sender delivers a queued message by SMTP (to the testbed stand-in) and marks it sent", async () => {
    const standIn = await startMailStandIn();
    try {
      const id = await database.db
        .transaction()
        .execute((trx: Transaction<OutboxTables>) =>
          enqueueMail(trx, notice("hospital@example.test", "Piekļuve apturēta"), new Date()),
        );
      const sender = createOutboxSender({
        db: database.db,
        transport: smtpTransport(standIn.url),
        from: FROM,
      });
      expect(await sender.runOnce()).toBe(1);
      await sender.stop();
      const [mail] = await standIn.waitFor(1);
      expect(mail).toMatchObject({ subject: "Piekļuve apturēta", envelopeTo: ["hospital@example.test"] });
      expect(mail?.text).toContain("Pamatojums: drošības apdraudējums");
      expect(mail?.messageId).toBe(`<outbox-${id}@tilts.test>`);
      const row = (await listOutbox(database.db)).find((m) => m.id === id);
      expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
      expect(row?.sentAt).toBeInstanceOf(Date);
    } finally {
      await standIn.close();
    }
  });

  it("a failed attempt records the error and retries with backoff; after the last attempt it is marked failed", async () => {
    const t0 = new Date("2026-03-02T10:00:00Z");
    let clock = t0;
    const id = await enqueueMail(database.db, notice("lab@example.test", "retry me"), t0);
    const failing: MailTransport = {
      send: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:1 (for <lab@example.test>)");
      },
      close() {},
    };
    const sender = createOutboxSender({
      db: database.db,
      transport: failing,
      from: FROM,
      now: () => clock,
      maxAttempts: 2,
    });
    expect(await sender.runOnce()).toBe(0);
    let [row] = (await listOutbox(database.db)).filter((m) => m.id === id);
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row?.lastError).toContain("ECONNREFUSED");
    expect(row?.nextAttemptAt.getTime()).toBe(t0.getTime() + defaultBackoffMs(1));
    // Not due yet: nothing is tried.
    clock = new Date(t0.getTime() + 30_000);
    await sender.runOnce();
    [row] = (await listOutbox(database.db)).filter((m) => m.id === id);
    expect(row?.attempts).toBe(1);
    // Due again: the second (last) attempt fails too, and the message is given up.
    clock = new Date(t0.getTime() + defaultBackoffMs(1));
    await sender.runOnce();
    [row] = (await listOutbox(database.db)).filter((m) => m.id === id);
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect(redactAddresses(row?.lastError ?? "")).not.toContain("lab@example.test");
  });

  it("a claim is a lease: a sender that died mid-send leaves the message to be claimed again later", async () => {
    const t0 = new Date("2026-04-01T10:00:00Z");
    const id = await enqueueMail(database.db, notice("pharmacy@example.test", "lease"), t0);
    const claimed = await claimDueMail(database.db, t0, { leaseMs: 60_000 });
    expect(claimed.map((m) => m.id)).toContain(id);
    // While the lease holds, nobody else takes it.
    expect((await claimDueMail(database.db, new Date(t0.getTime() + 59_000))).map((m) => m.id)).not.toContain(
      id,
    );
    const again = await claimDueMail(database.db, new Date(t0.getTime() + 60_000));
    expect(again.find((m) => m.id === id)?.attempts).toBe(2);
  });

  it("CON-5: lists notices that missed their day — unsent after it, or sent on a later Riga day", async () => {
    const queue = (subject: string, sendBy: string) =>
      database.db
        .transaction()
        .execute((trx: Transaction<OutboxTables>) =>
          enqueueMail(
            trx,
            { ...notice("late@example.test", subject), sendBy },
            new Date("2026-03-02T08:00:00Z"),
          ),
        );
    const unsentPast = await queue("late-1 unsent past its day", "2026-03-03");
    await queue("late-2 not due yet", "2026-03-10");
    const sentLate = await queue("late-3 sent the day after", "2026-03-03");
    const sentInTime = await queue("late-4 sent in time (22:00 Riga)", "2026-03-03");
    await markMailSent(database.db, sentLate, new Date("2026-03-04T07:00:00Z"), "250 ok");
    // 20:00 UTC is 22:00 in Riga (EET): still the day it was due.
    await markMailSent(database.db, sentInTime, new Date("2026-03-03T20:00:00Z"), "250 ok");
    const late = (await listLateNotices(database.db, "2026-03-05")).filter((m) =>
      m.subject.startsWith("late-"),
    );
    expect(late.map((m) => m.subject)).toEqual(["late-1 unsent past its day", "late-3 sent the day after"]);
    expect(late[0]).toMatchObject({ id: unsentPast, sentAt: null });
    // On the due day itself nothing unsent is late yet.
    const onTheDay = (await listLateNotices(database.db, "2026-03-03")).filter((m) =>
      m.subject.startsWith("late-"),
    );
    expect(onTheDay.map((m) => m.subject)).toEqual(["late-3 sent the day after"]);
  });

  it("refuses an unusable address or a subject with line breaks (header injection)", async () => {
    await expect(enqueueMail(database.db, notice("not an address", "x"), new Date())).rejects.toMatchObject({
      name: "OutboxError",
      code: "bad-address",
      field: "to",
    });
    await expect(
      enqueueMail(database.db, notice("a@example.test", "x\r\nBcc: victim@example.test"), new Date()),
    ).rejects.toMatchObject({ name: "OutboxError", code: "bad-subject", field: "subject" });
  });
});
