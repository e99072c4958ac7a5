/**
 * The operator sees the anti-copying detections in the workplace (ANX2-18): signed in through the
 * broker and the eParaksts stand-in, the operator's list shows who was suspended, for which
 * pattern and whether it was lifted, in Latvian and English; a professional is refused (403).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless, TestPlatform } from "../../identity/testing/test-platform.ts";
import { csrfTokenOf, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";
import { liftDetection, listDetections } from "./detection-store.ts";
import { COPYING_PATH } from "./detections-page.tsx";
import { recordDetection } from "./record-detection.ts";

describe("the operator's list of anti-copying detections", () => {
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  let operator: Browserless;

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, { ehealth: { seedDemo: false } });
    world = await buildWorkplaceWorld(platform.database.db);
    const db = platform.database.db;
    const now = new Date();
    await recordDetection(
      db,
      {
        subjectKind: "professional",
        subject: world.doctor.personalCode,
        registrationNumber: world.hospital.registrationNumber,
        pattern: "sequential-codes",
        detail: "run=5",
      },
      undefined,
      now,
    );
    const system = await recordDetection(
      db,
      {
        subjectKind: "system",
        subject: `${world.hospital.registrationNumber}:HIS`,
        registrationNumber: world.hospital.registrationNumber,
        pattern: "unrelated-patients",
        detail: "patients=31/day",
      },
      undefined,
      now,
    );
    await liftDetection(db, { id: system, actor: "cli", reason: "nakts apmaiņa saskaņota ar iestādi" }, now);
    ({ browser: operator } = await signInToEhealth(platform, world.operator, "professional"));
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it("lists who was suspended and why, open and lifted, in Latvian and English", async () => {
    const home = await (await operator.request("/ehealth/operator/")).text();
    expect(home).toContain(`href="${COPYING_PATH}"`);
    const lv = await operator.request(COPYING_PATH);
    const lvHtml = await lv.text();
    expect(lv.status).toBe(200);
    expect(lvHtml).toContain(`ārstniecības persona ${world.doctor.personalCode}`);
    expect(lvHtml).toContain("pacienti pēc kārtas personas kodu secībā (run=5)");
    expect(lvHtml).toContain("atvērts — skatīšana apturēta");
    expect(lvHtml).toContain(`sistēma ${world.hospital.registrationNumber}:HIS`);
    expect(lvHtml).toContain("nakts apmaiņa saskaņota ar iestādi");
    const en = await (await operator.request(`${COPYING_PATH}?lang=en`)).text();
    expect(en).toContain(
      "many patients without a treatment relationship to the institution (patients=31/day)",
    );
    expect(en).toContain("open — reading suspended");
  });

  it("lifts an open detection with a reason (400 without one, 409 once lifted), audited", async () => {
    const [open] = await listDetections(platform.database.db);
    const id = open?.id as number;
    // Back to Latvian (the previous test chose English for the session).
    const list = await (await operator.request(`${COPYING_PATH}?lang=lv`)).text();
    const missing = await operator.request(`${COPYING_PATH}/${id}/lift`, {
      form: { _csrf: csrfTokenOf(list), reason: " " },
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Norādiet atcelšanas iemeslu");
    const lifted = await operator.request(`${COPYING_PATH}/${id}/lift`, {
      form: { _csrf: csrfTokenOf(list), reason: "izvērtēts: ārsta darba saraksts" },
    });
    expect(lifted.status).toBe(303);
    const after = await (await operator.request(lifted.headers.get("location") ?? "")).text();
    expect(after).toContain("Apturēšana atcelta");
    expect(after).toContain("izvērtēts: ārsta darba saraksts");
    expect(await listDetections(platform.database.db)).toEqual([]);
    const again = await operator.request(`${COPYING_PATH}/${id}/lift`, {
      form: { _csrf: csrfTokenOf(list), reason: "vēlreiz" },
    });
    expect(again.status).toBe(409);
    const records = await platform.database.db
      .selectFrom("audit_log")
      .select(["actor", "purpose"])
      .where("action", "=", "ehealth.copying.lifted")
      .where("object", "=", `copying-detection:${id}`)
      .execute();
    expect(records).toEqual([
      { actor: `PNOLV-${world.operator.personalCode}`, purpose: "reason=izvērtēts: ārsta darba saraksts" },
    ]);
  });

  it("is the operator's only: an institution's administrator is refused", async () => {
    const { browser } = await signInToEhealth(platform, world.administrator, "professional");
    const answer = await browser.request(COPYING_PATH);
    expect(answer.status).toBe(403);
  });
});
