/**
 * The operator's registration forms over HTTP, signed in through the real broker and eParaksts
 * stand-in (issue 6 item 3; CON-1, ANX1-3, ANX1-4): registering an institution, adding a contract,
 * appointing an administrator, adding a small institution's user — each with CSRF, server-side
 * checks with messages at the fields, PRG, its audit record; a taken registration number; a
 * refusal naming the missing right.
 */
import { defaultStandInPersons, type TestPerson } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOutbox } from "../../core/outbox/index.ts";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless, TestPlatform } from "../../identity/testing/test-platform.ts";
import { listContracts } from "../adapters/contract-store.ts";
import { listRights, rightHistory } from "../adapters/rights-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { csrfTokenOf, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";

const NEW_REG_NO = "40003000099";

describe.each(testDatabaseKinds())("operator's registration forms ($name)", (kind) => {
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  let operator: Browserless;
  const [newAdmin, newUser] = defaultStandInPersons().slice(16, 18) as [TestPerson, TestPerson];

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, { ehealth: { seedDemo: false } });
    world = await buildWorkplaceWorld(platform.database.db);
    ({ browser: operator } = await signInToEhealth(platform, world.operator, "professional"));
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
  });

  const page = async (browser: Browserless, path: string) => {
    const response = await browser.request(path);
    return { status: response.status, html: await response.text() };
  };
  const post = async (browser: Browserless, path: string, form: Record<string, string>) => {
    const csrf = csrfTokenOf((await page(browser, path)).html);
    const response = await browser.request(path, { form: { _csrf: csrf, ...form } });
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get("location"),
    };
  };
  const audit = (action: string) =>
    platform.database.db
      .selectFrom("audit_log")
      .select(["actor", "object", "outcome", "legal_ground"])
      .where("action", "=", action)
      .where("actor", "=", `PNOLV-${world.operator.personalCode}`)
      .execute();
  const institutionPath = (reg: string) => `/ehealth/operator/institutions/${reg}`;
  const institution = {
    registrationNumber: NEW_REG_NO,
    name: "Valmieras Testa klīnika",
    kind: "hospital",
    staffSize: "large",
    contactEmail: "klinika@example.test",
  };

  it("CON-1: the register form is linked from the workplace, in Latvian and English", async () => {
    const home = await page(operator, "/ehealth/operator/");
    expect(home.html).toContain('href="/ehealth/operator/register/institution"');
    const lv = await page(operator, "/ehealth/operator/register/institution");
    expect(lv.status).toBe(200);
    expect(lv.html).toContain("<h1>Reģistrēt iestādi</h1>");
    expect(lv.html).toMatch(/<label for="institution-registrationNumber">Reģistrācijas numurs<\/label>/);
    const en = await page(operator, "/ehealth/operator/register/institution?lang=en");
    expect(en.html).toContain("<h1>Register an institution</h1>");
    await page(operator, "/ehealth/operator/?lang=lv");
  });

  it("CON-1: bad fields come back with messages next to them and a summary (400), nothing saved", async () => {
    const bad = await post(operator, "/ehealth/operator/register/institution", {
      ...institution,
      registrationNumber: "4000300009",
      kind: "castle",
      contactEmail: "not-an-address",
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('class="error-summary"');
    expect(bad.html).toMatch(
      /id="institution-registrationNumber-error"[^>]*>Reģistrācijas numurs ir 11 cipari\./,
    );
    expect(bad.html).toMatch(/id="institution-kind-error"[^>]*>Izvēlieties iestādes veidu\./);
    expect(bad.html).toMatch(/id="institution-contactEmail-error"[^>]*>Norādiet derīgu e-pasta adresi\./);
    expect(bad.html).toContain('value="Valmieras Testa klīnika"');
    const rows = await platform.database.db
      .selectFrom("ehealth_institution")
      .select("registration_number")
      .execute();
    expect(rows.map((r) => r.registration_number)).not.toContain("4000300009");
  });

  it("CON-1: without the session's CSRF token the form is refused", async () => {
    const response = await operator.request("/ehealth/operator/register/institution", { form: institution });
    expect(response.status).toBe(403);
  });

  it("CON-1: registering an institution redirects to its page (PRG) and is audited", async () => {
    const done = await post(operator, "/ehealth/operator/register/institution", institution);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${institutionPath(NEW_REG_NO)}?done=registered`);
    const after = await page(operator, done.location!);
    expect(after.html).toContain("Iestāde reģistrēta.");
    expect(after.html).toContain("<h1>Valmieras Testa klīnika</h1>");
    expect(await audit("ehealth.institution.registered")).toContainEqual(
      expect.objectContaining({
        object: `institution:${NEW_REG_NO}`,
        outcome: "success",
        legal_ground: "CON-1",
      }),
    );
  });

  it("CON-1: a registration number already registered is a clear message at the field (409)", async () => {
    const again = await post(operator, "/ehealth/operator/register/institution", {
      ...institution,
      registrationNumber: world.hospital.registrationNumber,
    });
    expect(again.status).toBe(409);
    expect(again.html).toMatch(
      /id="institution-registrationNumber-error"[^>]*>Iestāde ar šo reģistrācijas numuru jau ir reģistrēta\./,
    );
  });

  it("CON-1: adding a contract checks the dates, then redirects and is audited", async () => {
    const path = `${institutionPath(NEW_REG_NO)}/register/contract`;
    expect((await page(operator, institutionPath(NEW_REG_NO))).html).toContain(`href="${path}"`);
    const bad = await post(operator, path, {
      number: "L-2026/99",
      scope: "portal",
      concludedOn: "2026-02-30",
      validFrom: "",
      validUntil: "",
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/id="contract-concludedOn-error"[^>]*>Norādiet esošu datumu/);
    const backwards = await post(operator, path, {
      number: "L-2026/99",
      scope: "both",
      concludedOn: "2026-03-01",
      validFrom: "2026-04-01",
      validUntil: "2026-03-31",
    });
    expect(backwards.status).toBe(400);
    expect(backwards.html).toMatch(/id="contract-validUntil-error"[^>]*>Beigu datums nevar būt pirms/);
    const done = await post(operator, path, {
      number: "L-2026/99",
      scope: "both",
      concludedOn: "2026-03-01",
      validFrom: "2026-04-01",
      validUntil: "2029-03-31",
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${institutionPath(NEW_REG_NO)}?done=contract`);
    expect((await page(operator, done.location!)).html).toContain("Līgums pievienots.");
    const contract = await platform.database.db
      .selectFrom("ehealth_contract")
      .selectAll()
      .where("registration_number", "=", NEW_REG_NO)
      .executeTakeFirstOrThrow();
    expect([contract.number, contract.scope, contract.valid_from, contract.valid_until]).toEqual([
      "L-2026/99",
      "both",
      "2026-04-01",
      "2029-03-31",
    ]);
    expect(await audit("ehealth.contract.added")).toContainEqual(
      expect.objectContaining({ object: `contract:${contract.id}`, outcome: "success" }),
    );
  });

  it("ANX1-4: appointing an administrator checks the personal code, then redirects, audits and queues the notice", async () => {
    const path = `${institutionPath(NEW_REG_NO)}/register/administrator`;
    const form = {
      personCode: newAdmin.personalCode.replace("-", ""),
      givenName: newAdmin.givenName,
      familyName: newAdmin.familyName,
      email: "jauns.admin@example.test",
      ground: "Annex 1 application of the clinic",
      evidence: "APP-2026-17",
    };
    // A wrong check digit: the shape is right, the platform's personal-code module refuses it.
    const wrongDigit = `${newAdmin.personalCode.slice(0, 11)}${(Number(newAdmin.personalCode.slice(11)) + 1) % 10}`;
    const bad = await post(operator, path, { ...form, personCode: wrongDigit, ground: "" });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/id="administrator-personCode-error"[^>]*>Personas kods nav derīgs/);
    expect(bad.html).toMatch(/id="administrator-ground-error"[^>]*>Norādiet pamatojumu\./);
    const done = await post(operator, path, form);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${institutionPath(NEW_REG_NO)}?done=administrator`);
    const after = await page(operator, done.location!);
    expect(after.html).toContain("Administrators iecelts");
    expect(after.html).toContain(newAdmin.personalCode); // stored normalised, with the hyphen
    const appointed = await audit("ehealth.administrator.appointed");
    expect(appointed).toContainEqual(expect.objectContaining({ outcome: "success" }));
    expect(appointed[0]?.object).toMatch(/^administrator:/);
    const mail = await platform.database.db
      .selectFrom("mail_outbox")
      .select("to_address")
      .where("kind", "=", "administrator.appointed")
      .execute();
    expect(mail.map((m) => m.to_address)).toContain("jauns.admin@example.test");
    const twice = await post(operator, path, form);
    expect(twice.status).toBe(409);
    expect(twice.html).toMatch(
      /id="administrator-personCode-error"[^>]*>Šī persona jau ir šīs iestādes administrators\./,
    );
  });

  it("ANX1-3: the operator adds a user to a small institution without an administrator", async () => {
    const practice = institutionPath(world.practice.registrationNumber);
    const path = `${practice}/register/user`;
    expect((await page(operator, practice)).html).toContain(`href="${path}"`);
    // The hospital has an administrator: no link there.
    expect((await page(operator, institutionPath(world.hospital.registrationNumber))).html).not.toContain(
      "/register/user",
    );
    const form = {
      personCode: newUser.personalCode,
      givenName: newUser.givenName,
      familyName: newUser.familyName,
      profession: "ģimenes ārsts",
      workplace: "Prakse",
      role: "doctor",
      ground: "Small institution's annex 1 application",
      evidence: "APP-2026-18",
    };
    const bad = await post(operator, path, { ...form, role: "", workplace: "" });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/id="user-role-error"[^>]*>Izvēlieties lomu\./);
    expect(bad.html).toMatch(/id="user-workplace-error"[^>]*>Aizpildiet šo lauku\./);
    const done = await post(operator, path, form);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${practice}?done=user`);
    const after = await page(operator, done.location!);
    expect(after.html).toContain("Lietotājs pievienots");
    expect(after.html).toContain(newUser.personalCode);
    const added = await audit("ehealth.user.added");
    expect(added).toContainEqual(expect.objectContaining({ outcome: "success", legal_ground: "ANX1-5" }));
    const rights = await platform.database.db
      .selectFrom("ehealth_right")
      .select(["role", "status"])
      .where("person_code", "=", newUser.personalCode)
      .execute();
    expect(rights).toContainEqual({ role: "doctor", status: "active" });
  });

  it("refuses the forms to a person without the operator's right, naming it, and saves nothing", async () => {
    const { browser } = await signInToEhealth(platform, world.doctor, "professional");
    const view = await page(browser, "/ehealth/operator/register/institution");
    expect(view.status).toBe(403);
    expect(view.html).toContain("operatora darba vieta");
    const csrf = csrfTokenOf((await page(browser, "/ehealth/portal/")).html);
    const refused = await browser.request("/ehealth/operator/register/institution", {
      form: { _csrf: csrf, ...institution, registrationNumber: "40003000098" },
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("operatora darba vieta");
    const contract = await page(
      browser,
      `${institutionPath(world.practice.registrationNumber)}/register/contract`,
    );
    expect(contract.status).toBe(403);
    const rows = await platform.database.db
      .selectFrom("ehealth_institution")
      .select("registration_number")
      .where("registration_number", "=", "40003000098")
      .execute();
    expect(rows).toEqual([]);
  }, 120_000);

  it("an institution's administrator cannot post the operator's user form to make himself a doctor", async () => {
    const { browser } = await signInToEhealth(platform, world.administrator, "professional");
    const reg = world.hospital.registrationNumber;
    const csrf = csrfTokenOf((await page(browser, `/ehealth/administrator/${reg}/`)).html);
    const refused = await browser.request(`${institutionPath(reg)}/register/user`, {
      form: {
        _csrf: csrf,
        personCode: world.administrator.personalCode,
        givenName: world.administrator.givenName,
        familyName: world.administrator.familyName,
        profession: "ārsts",
        workplace: "Kardioloģija",
        role: "doctor",
        ground: "pats sev",
        evidence: "nav",
      },
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("operatora darba vieta");
    const rights = await listRights(platform.database.db, { personCode: world.administrator.personalCode });
    expect(rights.map((r) => r.role)).toEqual(["institution-administrator"]);
  }, 120_000);

  // CON-14: "End this contract" on the institution page.
  const practiceContract = async () => {
    const [contract] = await listContracts(platform.database.db, world.practice.registrationNumber);
    if (!contract) throw new Error("the fixture gives the practice a contract");
    return contract;
  };
  const terminatePath = (id: string) =>
    `${institutionPath(world.practice.registrationNumber)}/contracts/${id}/terminate`;

  it("CON-14: a missing reason or a future end date comes back with messages and a summary (400), nothing changed", async () => {
    const contract = await practiceContract();
    const form = await page(operator, institutionPath(world.practice.registrationNumber));
    expect(form.html).toContain(`href="${terminatePath(contract.id)}"`);
    const empty = await page(operator, terminatePath(contract.id));
    expect(empty.status).toBe(200);
    expect(empty.html).toMatch(/<label for="terminate-reason">Izbeigšanas iemesls<\/label>/);
    expect(empty.html).toMatch(/id="terminate-endedOn"[^>]*value="\d{4}-\d{2}-\d{2}"/);
    const bad = await post(operator, terminatePath(contract.id), { reason: "", endedOn: "2999-01-01" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('class="error-summary"');
    expect(bad.html).toMatch(/id="terminate-reason-error"[^>]*>Norādiet līguma izbeigšanas iemeslu\./);
    expect(bad.html).toMatch(/id="terminate-endedOn-error"[^>]*>Beigu datums nevar būt vēlāks par šodienu/);
    expect((await practiceContract()).status).toBe("active");
  });

  it("CON-14: a person without the operator's right is refused, naming it, and nothing changes", async () => {
    const contract = await practiceContract();
    const { browser } = await signInToEhealth(platform, world.doctor, "professional");
    const view = await page(browser, terminatePath(contract.id));
    expect(view.status).toBe(403);
    const csrf = csrfTokenOf((await page(browser, "/ehealth/portal/")).html);
    const refused = await browser.request(terminatePath(contract.id), {
      form: { _csrf: csrf, reason: "no", endedOn: "2026-01-01" },
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("operatora darba vieta");
    expect((await practiceContract()).status).toBe("active");
  }, 120_000);

  it("CON-14: ending a contract suspends the users' rights with history, is audited, queues the notice (PRG)", async () => {
    const contract = await practiceContract();
    const reg = world.practice.registrationNumber;
    const activeBefore = (await listRights(platform.database.db, { registrationNumber: reg })).filter(
      (r) => r.status === "active",
    );
    expect(activeBefore.length).toBeGreaterThan(0);
    const endedOn = rigaDateOf(new Date());
    const done = await post(operator, terminatePath(contract.id), { reason: "the practice closed", endedOn });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${institutionPath(reg)}?done=terminated`);
    const after = await page(operator, done.location!);
    expect(after.html).toContain("Līgums izbeigts: lietotāju tiesības apturētas");
    expect(after.html).not.toContain(`href="${terminatePath(contract.id)}"`);
    const ended = await practiceContract();
    expect(ended).toMatchObject({ status: "terminated", validUntil: endedOn });
    const rights = await listRights(platform.database.db, { registrationNumber: reg });
    expect(rights.filter((r) => r.status === "active")).toEqual([]);
    const history = await rightHistory(platform.database.db, { registrationNumber: reg });
    for (const right of activeBefore) {
      expect(history.filter((h) => h.rightId === right.id).at(-1)).toMatchObject({
        event: "suspend",
        evidence: `contract:${contract.id}`,
        actor: `PNOLV-${world.operator.personalCode}`,
      });
    }
    expect(await audit("ehealth.contract.terminated")).toContainEqual({
      actor: `PNOLV-${world.operator.personalCode}`,
      object: `contract:${contract.id}`,
      outcome: "success",
      legal_ground: "CON-14",
    });
    const outbox = await listOutbox(platform.database.db, { registrationNumber: reg });
    expect(outbox).toContainEqual(
      expect.objectContaining({ kind: "contract.terminated", to: world.practice.contactEmail }),
    );
    // Once ended, the form says so instead of ending it twice.
    const again = await post(operator, terminatePath(contract.id), { reason: "again", endedOn });
    expect(again.status).toBe(409);
    expect(again.html).toContain("Šis līgums vairs nav aktīvs.");
  });
});
