/**
 * The operator sees the anti-copying detections in the workplace (ANX2-18): signed in through the
 * broker and the eParaksts stand-in, the operator's list shows who was suspended, for which
 * pattern and whether it was lifted, in Latvian and English; a professional is refused (403).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless, TestPlatform } from "../../identity/testing/test-platform.ts";
import { signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";
import { liftDetection } from "./detection-store.ts";
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

  it("is the operator's only: an institution's administrator is refused", async () => {
    const { browser } = await signInToEhealth(platform, world.administrator, "professional");
    const answer = await browser.request(COPYING_PATH);
    expect(answer.status).toBe(403);
  });
});
