/**
 * Support requests (CON-2, CON-12) on both databases, with a fixed clock: a nurse of the hospital
 * files a request with a screenshot on Thursday 10 December 2026; the answer is due 10 working
 * days later — over two weekends and the Christmas holidays — on Monday 28 December. A 20 MB
 * screenshot and a PDF named .png are refused at the field and nothing is stored; a person with no
 * right at the institution is refused and audited. The request turns overdue the day after its due
 * day; the operator's answer goes out by e-mail and shows in the requester's list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";
import {
  fileSupportRequest,
  ownSupportRequests,
  replyToSupportRequest,
  SupportInputError,
  supportQueue,
  supportScreenshot,
} from "./support-service.ts";

const THURSDAY_10 = new Date("2026-12-10T08:00:00Z"); // 10:00 in Riga
/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);
const PDF_AS_PNG = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n");

describe.each(testDatabaseKinds())("support requests ($name)", (kind) => {
  let database: TestDatabase;
  let world: WorkplaceWorld;
  const form = () => ({
    institution: world.hospital.registrationNumber,
    occurredDate: "9.12.2026",
    occurredTime: "14:05",
    description: "Nevar atvērt pacienta dokumentu sarakstu.",
    contactEmail: "masa@slimnica.example",
  });
  const nurse = () => ({
    personCode: world.nurse.personalCode,
    subject: `PNOLV-${world.nurse.personalCode}`,
    name: `${world.nurse.givenName} ${world.nurse.familyName}`,
  });
  const count = async (table: "ehealth_support_request" | "mail_outbox") =>
    (await database.db.selectFrom(table).select("id").execute()).length;

  beforeAll(async () => {
    database = await kind.open();
    world = await buildWorkplaceWorld(database.db, THURSDAY_10);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("refuses a 20 MB screenshot and a PDF named .png at the field, and stores nothing", async () => {
    const big = new Uint8Array(20 * 1024 * 1024);
    big.set(PNG);
    const [tooLarge, notImage, empty] = await Promise.all(
      [
        { ...form(), screenshot: big },
        { ...form(), screenshot: PDF_AS_PNG },
        { ...form(), institution: "", description: " ", occurredTime: "25:00" },
      ].map((f) => fileSupportRequest(database.db, nurse(), f, THURSDAY_10).catch((e: unknown) => e)),
    );
    expect(tooLarge).toBeInstanceOf(SupportInputError);
    expect((tooLarge as SupportInputError).fields).toEqual({ screenshot: "too-large" });
    expect((notImage as SupportInputError).fields).toEqual({ screenshot: "not-image" });
    expect((empty as SupportInputError).fields).toEqual({
      institution: "missing",
      occurredTime: "invalid",
      description: "missing",
    });
    expect(await count("ehealth_support_request")).toBe(0);
    expect(await count("mail_outbox")).toBe(0);
  });

  it("refuses someone without a right at the institution, and records the attempt", async () => {
    const outsider = {
      personCode: world.outsider.personalCode,
      subject: `PNOLV-${world.outsider.personalCode}`,
      name: "X",
    };
    await expect(fileSupportRequest(database.db, outsider, form(), THURSDAY_10)).rejects.toMatchObject({
      code: "forbidden",
    });
    const denied = await database.db
      .selectFrom("audit_log")
      .select(["actor", "outcome"])
      .where("action", "=", "ehealth.support.filed")
      .execute();
    expect(denied).toEqual([{ actor: outsider.subject, outcome: "denied" }]);
    expect(await count("ehealth_support_request")).toBe(0);
  });

  it("files with a screenshot: due in 10 working days over the holidays, confirmed by e-mail, audited without the text", async () => {
    const filed = await fileSupportRequest(database.db, nurse(), { ...form(), screenshot: PNG }, THURSDAY_10);
    expect(filed.answerDue).toBe("2026-12-28");
    expect(filed.reference).toMatch(/^2026-\d{6}$/);
    const [queued] = await supportQueue(database.db, THURSDAY_10);
    expect(queued).toMatchObject({
      reference: filed.reference,
      institutionName: world.hospital.name,
      status: "open",
      answerDue: "2026-12-28",
      hasScreenshot: true,
      overdue: false,
    });
    // 14:05 typed in Riga in winter is 12:05 UTC.
    expect(queued!.occurredAt.toISOString()).toBe("2026-12-09T12:05:00.000Z");
    expect(await supportScreenshot(database.db, filed.id)).toEqual({ mediaType: "image/png", data: PNG });
    const mail = await database.db.selectFrom("mail_outbox").selectAll().execute();
    expect(mail.map((m) => [m.kind, m.to_address, m.send_by])).toEqual([
      ["ehealth.support.filed", "masa@slimnica.example", "2026-12-10"],
    ]);
    expect(mail[0]!.body_text).toContain(`Nr. ${filed.reference}. Atbildēsim līdz 28.12.2026.`);
    const audit = await database.db
      .selectFrom("audit_log")
      .select(["action", "object", "purpose", "outcome"])
      .where("outcome", "=", "success")
      .where("action", "like", "ehealth.support.%")
      .execute();
    expect(audit).toEqual([
      {
        action: "ehealth.support.filed",
        object: `support:${filed.reference}`,
        purpose: `institution=${world.hospital.registrationNumber}; screenshot=yes`,
        outcome: "success",
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain("dokumentu");
  });

  it("is overdue the day after its due day, until answered; the answer is mailed and shown to the requester", async () => {
    expect((await supportQueue(database.db, new Date("2026-12-28T20:00:00Z")))[0]!.overdue).toBe(false);
    const late = new Date("2026-12-29T07:00:00Z");
    const [request] = await supportQueue(database.db, late);
    expect(request!.overdue).toBe(true);
    await expect(
      replyToSupportRequest(database.db, request!.id, { text: " ", close: false }, "PNOLV-op", late),
    ).rejects.toMatchObject({ code: "bad-input", field: "reply" });
    await replyToSupportRequest(
      database.db,
      request!.id,
      { text: "Kļūda novērsta; lūdzu, mēģiniet vēlreiz.", close: false },
      `PNOLV-${world.operator.personalCode}`,
      late,
    );
    const [answered] = await supportQueue(database.db, late);
    expect(answered).toMatchObject({ status: "answered", overdue: false });
    const reply = await database.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("kind", "=", "ehealth.support.answered")
      .execute();
    expect(reply.map((m) => m.to_address)).toEqual(["masa@slimnica.example"]);
    expect(reply[0]!.body_text).toContain("Kļūda novērsta; lūdzu, mēģiniet vēlreiz.");
    const own = await ownSupportRequests(database.db, world.nurse.personalCode, late);
    expect(own.map((r) => [r.status, r.replyText])).toEqual([
      ["answered", "Kļūda novērsta; lūdzu, mēģiniet vēlreiz."],
    ]);
    // Nobody else sees it in their own list.
    expect(await ownSupportRequests(database.db, world.administrator.personalCode, late)).toEqual([]);
    const history = await database.db
      .selectFrom("ehealth_support_event")
      .select("status")
      .where("request_id", "=", request!.id)
      .orderBy("seq")
      .execute();
    expect(history.map((h) => h.status)).toEqual(["open", "answered"]);
    // Closed: out of the queue, and no second answer.
    await replyToSupportRequest(database.db, request!.id, { text: "Slēgts.", close: true }, "PNOLV-op", late);
    expect(await supportQueue(database.db, late)).toEqual([]);
    await expect(
      replyToSupportRequest(database.db, request!.id, { text: "Vēl.", close: false }, "PNOLV-op", late),
    ).rejects.toMatchObject({ code: "conflict" });
  });
});
