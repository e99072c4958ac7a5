/**
 * Support requests over HTTP (CON-2, CON-12) on both databases: the nurse files the multipart form
 * with a screenshot and sees the reference and due date; the operator's queue lists it and serves
 * the screenshot with a CSP that runs nothing; a 20 MB upload and a PDF named .png come back with
 * the message next to the screenshot field and nothing stored; the answer reaches the requester's
 * page; another institution's administrator does not see the request, and the queue is the
 * operator's only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { TestPlatform } from "../../identity/testing/test-platform.ts";
import { createTestSession, type TestSession } from "../testing/session.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const BOUNDARY = "----tilts-support-test";

function multipart(
  fields: Record<string, string>,
  file?: { name: string; type: string; data: Buffer },
): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="screenshot"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.data,
      Buffer.from("\r\n"),
    );
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

describe.each(testDatabaseKinds())("support requests over HTTP ($name)", (kind) => {
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  let nurse: TestSession;
  let operator: TestSession;
  let administrator: TestSession;

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, { ehealth: { seedDemo: false } });
    world = await buildWorkplaceWorld(platform.database.db);
    nurse = await createTestSession(platform.database.db, world.nurse, "professional");
    operator = await createTestSession(platform.database.db, world.operator, "professional");
    administrator = await createTestSession(platform.database.db, world.administrator, "professional");
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
  });

  const get = (session: TestSession, url: string) =>
    platform.app.inject({ url, headers: { cookie: session.cookie, accept: "text/html" } });
  const file = (
    session: TestSession,
    fields: Record<string, string>,
    screenshot?: Parameters<typeof multipart>[1],
  ) =>
    platform.app.inject({
      method: "POST",
      url: "/ehealth/portal/support/",
      headers: { cookie: session.cookie, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipart({ _csrf: session.csrf, ...fields }, screenshot),
    });
  const form = () => ({
    institution: world.hospital.registrationNumber,
    occurredDate: "7.12.2026",
    occurredTime: "9:30",
    description: "Dokumentu saraksts neielādējas.",
    contactEmail: "masa@slimnica.example",
  });
  const stored = async () =>
    (await platform.database.db.selectFrom("ehealth_support_request").select("id").execute()).length;

  it("refuses a PDF named .png and a 20 MB upload next to the screenshot field, storing nothing", async () => {
    const pdf = await file(nurse, form(), {
      name: "ekrans.png",
      type: "image/png",
      data: Buffer.from("%PDF-1.7\n"),
    });
    expect(pdf.statusCode).toBe(400);
    expect(pdf.body).toMatch(/id="support-screenshot-error"[^>]*>Fails nav PNG, JPEG vai WebP attēls\./);
    expect(pdf.body).toContain('aria-describedby="support-screenshot-hint support-screenshot-error"');
    expect(pdf.body).toContain("Dokumentu saraksts neielādējas."); // what was typed stays
    const big = Buffer.alloc(20 * 1024 * 1024);
    PNG.copy(big);
    const tooLarge = await file(nurse, form(), { name: "liels.png", type: "image/png", data: big });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.body).toMatch(/id="support-screenshot-error"[^>]*>Attēls ir lielāks par 5 MB\./);
    expect(await stored()).toBe(0);
  });

  it("files with a screenshot; the operator's queue has it with its due date and serves the image safely", async () => {
    const filed = await file(nurse, form(), {
      name: "ekrans.png",
      type: "application/octet-stream",
      data: PNG,
    });
    expect(filed.statusCode).toBe(303);
    const location = String(filed.headers.location);
    const mine = await get(nurse, location);
    expect(mine.body).toMatch(
      /Pieprasījums Nr\. 2\d{3}-\d{6} nosūtīts\. Atbildēsim līdz \d{2}\.\d{2}\.\d{4}\./,
    );
    const queue = await get(operator, "/ehealth/operator/support/");
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(world.hospital.name);
    const [row] = await platform.database.db
      .selectFrom("ehealth_support_request")
      .select(["id", "reference", "answer_due"])
      .execute();
    expect(queue.body).toContain(row!.reference);
    const [y, m, d] = row!.answer_due.split("-");
    expect(queue.body).toContain(`${d}.${m}.${y}`);
    const image = await get(operator, `/ehealth/operator/support/${row!.id}/screenshot`);
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
    expect(image.headers["content-security-policy"]).toBe("default-src 'none'; sandbox");
    expect(image.headers["x-content-type-options"]).toBe("nosniff");
    expect(image.rawPayload.equals(PNG)).toBe(true);
    // Not the nurse's, nor the administrator's: the operator's workplace refuses them.
    expect((await get(nurse, `/ehealth/operator/support/${row!.id}/screenshot`)).statusCode).toBe(403);
    expect((await get(administrator, "/ehealth/operator/support/")).statusCode).toBe(403);
    // The administrator of the same institution does not see the nurse's request in the portal.
    expect((await get(administrator, "/ehealth/portal/support/")).body).not.toContain(row!.reference);
  });

  it("the operator's answer is mailed and shows on the requester's page; an empty one is refused at the field", async () => {
    const [row] = await platform.database.db.selectFrom("ehealth_support_request").select(["id"]).execute();
    const reply = (text: string) =>
      platform.app.inject({
        method: "POST",
        url: `/ehealth/operator/support/${row!.id}/reply`,
        headers: { cookie: operator.cookie, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ _csrf: operator.csrf, reply: text }).toString(),
      });
    const unknown = await platform.app.inject({
      method: "POST",
      url: "/ehealth/operator/support/999999/reply",
      headers: { cookie: operator.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ _csrf: operator.csrf, reply: "" }).toString(),
    });
    expect(unknown.statusCode).toBe(404);
    const empty = await reply("");
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/id="support-reply-text-error"[^>]*>Aizpildiet šo lauku\./);
    expect((await reply("Lūdzu, atjaunojiet lapu.")).statusCode).toBe(303);
    const mail = await platform.database.db
      .selectFrom("mail_outbox")
      .select(["to_address", "body_text"])
      .where("kind", "=", "ehealth.support.answered")
      .execute();
    expect(mail.map((m) => m.to_address)).toEqual(["masa@slimnica.example"]);
    const mine = await get(nurse, "/ehealth/portal/support/?lang=en");
    expect(mine.body).toContain("Lūdzu, atjaunojiet lapu.");
    expect(mine.body).toContain("answered");
  });
});
