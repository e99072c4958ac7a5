/**
 * The institution administrator's workplace over HTTP (issue 6 item 2; ANX1-5): signed in at
 * level high through the broker, the institution from their grants, users and rights, grant /
 * change / suspend / restore / annul with a required ground and evidence, the full history,
 * refusals naming the missing right, Latvian and English.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless, TestPlatform } from "../../identity/testing/test-platform.ts";
import { csrfTokenOf, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";

describe.each(testDatabaseKinds())("administrator's workplace ($name)", (kind) => {
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  let admin: Browserless;
  let base: string;

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, { ehealth: { seedDemo: false } });
    world = await buildWorkplaceWorld(platform.database.db);
    ({ browser: admin } = await signInToEhealth(platform, world.administrator, "professional"));
    base = `/ehealth/administrator/${world.hospital.registrationNumber}`;
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
  });

  const page = async (browser: Browserless, path: string) => {
    const response = await browser.request(path);
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get("location"),
    };
  };
  const rightsOf = (personCode: string) =>
    platform.database.db
      .selectFrom("ehealth_right")
      .selectAll()
      .where("person_code", "=", personCode)
      .where("registration_number", "=", world.hospital.registrationNumber)
      .execute();

  it("takes the administrator to the institution their grant names, with its users and rights", async () => {
    const entry = await page(admin, "/ehealth/administrator/");
    expect(entry.status).toBe(303);
    expect(entry.location).toBe(`${base}/`);
    const overview = await page(admin, `${base}/`);
    expect(overview.status).toBe(200);
    expect(overview.html).toContain(world.hospital.name);
    expect(overview.html).toContain(`${world.doctor.givenName} ${world.doctor.familyName}`);
    expect(overview.html).toContain("Pilna tiesību vēsture");
    expect(overview.html).toContain('href="/ehealth/reports/institution"');
    expect(overview.html).toContain("fixture-1"); // the nurse's grant in the history
  });

  it("ANX1-5: a grant needs a role, a ground and evidence — each message next to its field", async () => {
    const overview = await page(admin, `${base}/`);
    const refused = await admin.request(`${base}/grant`, {
      form: {
        _csrf: csrfTokenOf(overview.html),
        user: world.doctorUser.id,
        role: "",
        ground: "",
        evidence: "",
      },
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('id="grant-role-error"');
    expect(html).toMatch(/id="grant-ground-error"[^>]*>Norādiet pamatojumu\./);
    expect(html).toMatch(/id="grant-evidence-error"[^>]*>Norādiet pierādījumu/);
    expect(html).toContain('role="alert"');
    expect(await rightsOf(world.doctor.personalCode)).toEqual([]);
  });

  it("ANX1-5: grants, changes, suspends and restores a right; every step is in the history and the audit log", async () => {
    const overview = await page(admin, `${base}/`);
    const granted = await admin.request(`${base}/grant`, {
      form: {
        _csrf: csrfTokenOf(overview.html),
        user: world.doctorUser.id,
        role: "doctor",
        ground: "Employed as a cardiologist",
        evidence: "Order 12/2026",
      },
    });
    expect(granted.status).toBe(303);
    expect(granted.headers.get("location")).toBe(`${base}/?done=grant`);
    const [right] = await rightsOf(world.doctor.personalCode);
    expect(right).toMatchObject({ role: "doctor", status: "active" });

    const rightPath = `${base}/right/${right!.id}`;
    const rightPage = await page(admin, rightPath);
    expect(rightPage.html).toContain("Employed as a cardiologist");
    const suspended = await admin.request(`${rightPath}/status`, {
      form: { _csrf: csrfTokenOf(rightPage.html), event: "suspend", ground: "On leave", evidence: "HR-77" },
    });
    expect(suspended.status).toBe(303);
    const afterSuspend = await page(admin, suspended.headers.get("location")!);
    expect(afterSuspend.html).toContain("Piekļuve apturēta.");
    expect(afterSuspend.html).not.toContain("nosūtāmo vēstuļu rindā"); // the administrator's own change: no CON-5 notice
    expect((await rightsOf(world.doctor.personalCode))[0]!.status).toBe("suspended");

    const restored = await admin.request(`${rightPath}/status`, {
      form: { _csrf: csrfTokenOf(afterSuspend.html), event: "restore", ground: "Back", evidence: "HR-78" },
    });
    expect(restored.status).toBe(303);
    const afterRestore = await page(admin, restored.headers.get("location")!);
    const changed = await admin.request(`${rightPath}/role`, {
      form: {
        _csrf: csrfTokenOf(afterRestore.html),
        role: "nurse",
        ground: "Reassigned",
        evidence: "Order 13/2026",
      },
    });
    expect(changed.status).toBe(303);

    const history = await platform.database.db
      .selectFrom("ehealth_right_history")
      .select(["event", "role", "previous_role", "ground", "evidence", "actor"])
      .where("right_id", "=", right!.id)
      .orderBy("seq")
      .execute();
    expect(history.map((h) => h.event)).toEqual(["grant", "suspend", "restore", "change"]);
    expect(history[3]).toMatchObject({ role: "nurse", previous_role: "doctor", evidence: "Order 13/2026" });
    expect(new Set(history.map((h) => h.actor))).toEqual(
      new Set([`PNOLV-${world.administrator.personalCode}`]),
    );
    const audit = await platform.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("actor", "=", `PNOLV-${world.administrator.personalCode}`)
      .where("outcome", "=", "success")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["ehealth.right.granted", "ehealth.right.suspended", "ehealth.right.changed"]),
    );
    const final = await page(admin, `${rightPath}?lang=en`);
    expect(final.html).toContain("History of this right");
    expect(final.html).toContain("role changed");
    await page(admin, `${rightPath}?lang=lv`);
  });

  it("a second grant of a role already held is refused next to the role field", async () => {
    const overview = await page(admin, `${base}/`);
    const again = await admin.request(`${base}/grant`, {
      form: {
        _csrf: csrfTokenOf(overview.html),
        user: world.nurseUser.id,
        role: "nurse",
        ground: "Duplicate",
        evidence: "D-1",
      },
    });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Personai šī loma šajā iestādē jau ir.");
  });

  it("refuses another institution's rights, naming the missing right (and audits the refusal)", async () => {
    const other = await page(admin, `/ehealth/administrator/${world.practice.registrationNumber}/`);
    expect(other.status).toBe(403);
    expect(other.html).toContain(`rights.view@${world.practice.registrationNumber}`);
    // Sign-out and a next step on the refusal page; the reason in Latvian, not the policy's English.
    expect(other.html).toContain('action="/ehealth/signout/professional"');
    expect(other.html).toContain("Ko darīt tālāk");
    expect(other.html).toContain("sazinieties ar savas iestādes administratoru vai e-veselības operatoru");
    expect(other.html).not.toContain("no right to");
    const denied = await platform.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("actor", "=", `PNOLV-${world.administrator.personalCode}`)
      .where("outcome", "=", "denied")
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it("a person who administers nothing is told so by the workplace gate, and the attempt is recorded", async () => {
    const { browser } = await signInToEhealth(platform, world.outsider, "professional");
    const refused = await page(browser, "/ehealth/administrator/");
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Šī darba vieta jums nav pieejama");
    expect(refused.html).toContain("iestādes administratora darba vieta");
    const audit = await platform.database.db
      .selectFrom("audit_log")
      .select(["action", "object", "outcome"])
      .where("actor", "=", `PNOLV-${world.outsider.personalCode}`)
      .execute();
    expect(audit).toContainEqual({
      action: "ehealth.workplace.refused",
      object: "workplace:administrator",
      outcome: "denied",
    });
  }, 120_000);

  it("an unsigned visitor is sent to sign in and comes back", async () => {
    const { Browserless } = await import("../../identity/testing/test-platform.ts");
    const visitor = new Browserless(platform.base);
    const first = await page(visitor, `${base}/`);
    expect(first.status).toBe(303);
    expect(first.location).toBe(`/ehealth/signin/professional?return=${encodeURIComponent(`${base}/`)}`);
  });
});
