/**
 * Planned maintenance (CON-5, ANX2-15), with a fixed clock: scheduled on Monday 7 December 2026 at
 * 10:00 Riga time, a window on Wednesday evening (2 working days ahead) is refused, one inside
 * working hours too; Thursday evening (3 working days ahead) is accepted and every active
 * institution — not the suspended one — gets its notice, with an audit record. During the window
 * the system web services answer 503 with Retry-After and a problem document; before it and after
 * a cancellation they answer as usual.
 */
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { pageContext } from "../../web/layout.tsx";
import { EhealthError } from "../errors.ts";
import {
  cancelMaintenance,
  plannedMaintenance,
  registerMaintenanceGate,
  scheduleMaintenance,
} from "./index.ts";
import { maintenanceStatusPage } from "./status-page.tsx";

const MONDAY_10 = new Date("2026-12-07T08:00:00Z"); // 10:00 in Riga (UTC+2)
const at = (iso: string) => new Date(iso);
const DESCRIPTIONS = { descriptionLv: "Datubāzes atjaunināšana.", descriptionEn: "Database upgrade." };

async function refusalOf(run: () => Promise<unknown>): Promise<EhealthError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof EhealthError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe.each(testDatabaseKinds())("planned maintenance ($name)", (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await kind.open();
    for (const [registration_number, status, contact_email] of [
      ["40003000001", "active", "it@slimnica.example"],
      ["40003000002", "active", "it@poliklinika.example"],
      ["40003000003", "suspended", "it@apturetā.example"],
    ] as const)
      await database.db
        .insertInto("ehealth_institution")
        .values({
          registration_number,
          name: `Iestāde ${registration_number}`,
          kind: "hospital",
          staff_size: "large",
          contact_email,
          status,
          status_changed_at: MONDAY_10,
          created_at: MONDAY_10,
        })
        .execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("refuses a window two working days ahead, and one inside working hours, with the reason", async () => {
    const wednesday = await refusalOf(() =>
      scheduleMaintenance(
        database.db,
        { startsAt: at("2026-12-09T19:00:00Z"), endsAt: at("2026-12-09T21:00:00Z"), ...DESCRIPTIONS },
        "cli",
        MONDAY_10,
      ),
    );
    expect(wednesday.message).toContain("at least 3 working days ahead");
    expect(wednesday.message).toContain("2 working days away");
    const daytime = await refusalOf(() =>
      scheduleMaintenance(
        database.db,
        { startsAt: at("2026-12-10T08:00:00Z"), endsAt: at("2026-12-10T09:00:00Z"), ...DESCRIPTIONS },
        "cli",
        MONDAY_10,
      ),
    );
    expect(daytime.message).toContain("outside working hours");
    expect(await database.db.selectFrom("mail_outbox").select("id").execute()).toEqual([]);
  });

  it("accepts Thursday evening three working days ahead, tells the active institutions, records it; 503 during it", async () => {
    const { id, notified } = await scheduleMaintenance(
      database.db,
      { startsAt: at("2026-12-10T19:00:00Z"), endsAt: at("2026-12-10T21:00:00Z"), ...DESCRIPTIONS },
      "cli",
      MONDAY_10,
    );
    expect(notified).toBe(2);
    const mail = await database.db
      .selectFrom("mail_outbox")
      .select(["kind", "to_address", "subject", "body_text", "send_by"])
      .orderBy("to_address")
      .execute();
    expect(mail.map((m) => [m.kind, m.to_address, m.send_by])).toEqual([
      ["ehealth.maintenance.scheduled", "it@poliklinika.example", "2026-12-09"],
      ["ehealth.maintenance.scheduled", "it@slimnica.example", "2026-12-09"],
    ]);
    expect(mail[0]!.subject).toBe(
      "Plānoti darbi e-veselības sistēmā 10.12.2026 21:00 / Planned e-health maintenance 10.12.2026 21:00",
    );
    expect(mail[0]!.body_text).toContain("no 10.12.2026 21:00 līdz 10.12.2026 23:00");
    const audit = await database.db
      .selectFrom("audit_log")
      .select(["actor", "action", "object", "outcome"])
      .where("action", "like", "ehealth.maintenance.%")
      .execute();
    expect(audit).toEqual([
      {
        actor: "cli",
        action: "ehealth.maintenance.scheduled",
        object: `maintenance:${id}`,
        outcome: "success",
      },
    ]);
    expect((await plannedMaintenance(database.db, MONDAY_10)).map((w) => w.id)).toEqual([id]);
    // The public status page shows it, in words and dates as people write them.
    const planned = await plannedMaintenance(database.db, MONDAY_10);
    const lv = maintenanceStatusPage(pageContext("lv", "/ehealth/maintenance"), planned, MONDAY_10);
    expect(lv).toContain("No 10.12.2026 21:00 līdz 10.12.2026 23:00: Datubāzes atjaunināšana.");
    const inProgress = maintenanceStatusPage(
      pageContext("en", "/ehealth/maintenance?lang=en"),
      planned,
      at("2026-12-10T19:30:00Z"),
    );
    expect(inProgress).toContain("Planned maintenance is in progress until 10.12.2026 23:00.");

    let now = at("2026-12-10T19:30:00Z");
    const app = Fastify();
    registerMaintenanceGate(app, {
      db: database.db,
      now: () => now,
      refuse: (reply, seconds) => reply.code(503).send({ code: "maintenance", retryAfter: seconds }),
      refreshMs: 0,
    });
    app.get("/system/v1/whoami", async () => ({ ok: true }));
    const during = await app.inject({ url: "/system/v1/whoami" });
    expect(during.statusCode).toBe(503);
    expect(during.headers["retry-after"]).toBe("5400");
    expect(during.json()).toEqual({ code: "maintenance", retryAfter: 5400 });
    now = at("2026-12-10T18:59:00Z");
    expect((await app.inject({ url: "/system/v1/whoami" })).statusCode).toBe(200);

    // Cancelled: the institutions are told, and the services stay open during the old window.
    await cancelMaintenance(database.db, id, "cli", at("2026-12-08T08:00:00Z"));
    now = at("2026-12-10T19:30:00Z");
    expect((await app.inject({ url: "/system/v1/whoami" })).statusCode).toBe(200);
    const cancelled = await database.db
      .selectFrom("mail_outbox")
      .select("to_address")
      .where("kind", "=", "ehealth.maintenance.cancelled")
      .execute();
    expect(cancelled).toHaveLength(2);
    await expect(cancelMaintenance(database.db, id, "cli", at("2026-12-08T09:00:00Z"))).rejects.toThrow(
      "can still be cancelled",
    );
    await app.close();
  });
});
