/**
 * The access report pages against the running platform (issue 6 item 5, CON-9): a person's own
 * report after citizen sign-in, the operator's report of any patient, the administrator's report
 * of their institution, CSV export, paging, refusals — and that every viewing is itself recorded.
 */
import { defaultStandInPersons } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless, TestPlatform } from "../../identity/testing/test-platform.ts";
import { type AccessEntry, recordAccess } from "../access-log/index.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import {
  insertAdministrator,
  insertAttestation,
  insertOperatorStaff,
  insertUser,
  setAdministratorStatus,
} from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import { reportAddress, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";

const [operatorPerson, adminPerson, citizen, doctor] = defaultStandInPersons();
const HOSPITAL = "40003000001";
const OTHER = "40003000002";
const T0 = new Date("2026-03-02T10:00:00.000Z");

describe.each(testDatabaseKinds())("access report pages ($name)", (kind) => {
  let platform: TestPlatform;
  const browsers = new Map<string, Browserless>();

  async function as(person: typeof citizen, signIn: "citizen" | "professional"): Promise<Browserless> {
    const key = `${person!.personalCode}/${signIn}`;
    if (!browsers.has(key)) browsers.set(key, (await signInToEhealth(platform, person!, signIn)).browser);
    return browsers.get(key)!;
  }

  async function auditRows(action: string) {
    return platform.database.db
      .selectFrom("audit_log")
      .select(["actor", "acting_for", "subject_person", "purpose", "legal_ground", "outcome", "object"])
      .where("action", "=", action)
      .orderBy("seq")
      .execute();
  }

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, { ehealth: { seedDemo: false } });
    const db = platform.database.db;
    const why = { actor: "PNOLV-system", ground: "test set-up", evidence: "test", at: T0 };
    for (const [registrationNumber, name] of [
      [HOSPITAL, "Rīgas Austrumu slimnīca"],
      [OTHER, "=Ģimenes ārsta prakse"],
    ] as const) {
      await insertInstitution(
        db,
        { registrationNumber, name, kind: "hospital", staffSize: "large", contactEmail: "x@example.lv" },
        "system",
        T0,
      );
      await insertContract(
        db,
        { registrationNumber, number: `L-${registrationNumber}`, scope: "portal", concludedOn: "2026-01-01" },
        T0,
      );
    }
    await insertOperatorStaff(
      db,
      { personCode: operatorPerson!.personalCode, givenName: "Olga", familyName: "Operatore" },
      T0,
    );
    await grantRight(
      db,
      { personCode: operatorPerson!.personalCode, registrationNumber: null, role: "operator" },
      why,
    );
    const admin = await insertAdministrator(
      db,
      {
        registrationNumber: HOSPITAL,
        personCode: adminPerson!.personalCode,
        givenName: "Andris",
        familyName: "Administrators",
        email: "admin@example.lv",
        appointedOn: "2026-01-01",
      },
      T0,
    );
    await insertAttestation(db, {
      signer: { kind: "administrator", administrator: admin },
      formVersion: "1",
      signedAt: T0,
      evidence: "test",
    });
    await grantRight(
      db,
      {
        personCode: adminPerson!.personalCode,
        registrationNumber: HOSPITAL,
        role: "institution-administrator",
      },
      why,
    );
    await insertUser(
      db,
      {
        registrationNumber: HOSPITAL,
        personCode: doctor!.personalCode,
        givenName: "Dace",
        familyName: "Daktere",
        profession: "doctor",
        workplace: "A",
      },
      T0,
    );
    const access: AccessEntry = {
      user: doctor!.personalCode,
      institution: HOSPITAL,
      patient: citizen!.personalCode,
      action: "ehealth.document.read",
      purpose: "treatment",
      legalGround: "gdpr-9-2-h",
      outcome: "success",
      object: "document:1",
    };
    await recordAccess(db, access, T0);
    await recordAccess(
      db,
      { ...access, institution: OTHER, object: '=HYPERLINK("http://x")' },
      new Date(T0.getTime() + 60_000),
    );
    await recordAccess(
      db,
      { ...access, patient: doctor!.personalCode, object: "document:2" },
      new Date(T0.getTime() + 120_000),
    );
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it("CON-9: a person signed in as a citizen sees who accessed their data, and the viewing is recorded", async () => {
    const browser = await as(citizen, "citizen");
    const before = (await auditRows("ehealth.report.viewed")).length;
    const page = await browser.request("/ehealth/my-report/?lang=en");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Who accessed my data");
    expect(html).toContain('<a href="/">To the home page</a>');
    expect(html).toContain("Dace Daktere");
    expect(html).toContain("Rīgas Austrumu slimnīca");
    expect(html).toContain("Opened a document");
    // Names and roles, never the staff's personal codes or record identifiers.
    expect(html).not.toContain(doctor!.personalCode);
    expect(html).not.toContain("document:1");
    expect(html).toContain("treatment");
    expect(html).toContain("02.03.2026 12:00:00"); // Riga time, as people write dates
    expect(html).not.toContain("document:2"); // someone else's data
    const viewed = await auditRows("ehealth.report.viewed");
    expect(viewed.slice(before)).toEqual([
      {
        actor: `PNOLV-${citizen!.personalCode}`,
        acting_for: null,
        subject_person: `PNOLV-${citizen!.personalCode}`,
        purpose: "own-data",
        legal_ground: "gdpr-15",
        outcome: "success",
        object: "report:patient",
      },
    ]);
  }, 60_000);

  it("a refused attempt on the person's data shows as refused, without who tried", async () => {
    const stranger = defaultStandInPersons()[7]!;
    await recordAccess(
      platform.database.db,
      {
        user: stranger.personalCode,
        institution: OTHER,
        patient: citizen!.personalCode,
        action: "ehealth.patient.found",
        purpose: "treatment",
        legalGround: null,
        outcome: "denied",
        refusal: "no-right:patient.find",
      },
      new Date(T0.getTime() + 180_000),
    );
    const html = await (await (await as(citizen, "citizen")).request("/ehealth/my-report/?lang=en")).text();
    expect(html).toContain("A refused attempt to access (who tried is not shown)");
    expect(html).not.toContain(stranger.personalCode);
    expect(html).not.toContain(stranger.familyName);
    expect(html).not.toContain("no-right");
  }, 60_000);

  it("exports the own report as CSV: BOM, CRLF, formula cells neutralised, export recorded", async () => {
    const browser = await as(citizen, "citizen");
    const response = await browser.request("/ehealth/my-report/export.csv?lang=en");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="access-report-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    // A person's own export: names and roles, no personal codes or record identifiers.
    expect(lines[0]).toBe("Time (Latvia),Who,Role,Institution,Action,Purpose,Legal ground,Outcome");
    // The export itself is recorded before the rows are read, so it is the newest line.
    expect(lines[1]).toContain("Downloaded an access report,viewing own data,gdpr-15");
    // Then the other institution's access: its name and object start with "=".
    const reads = lines.filter((l) => l.includes("Opened a document"));
    expect(reads).toHaveLength(2);
    expect(reads[0]).toContain(`'=Ģimenes ārsta prakse`);
    expect(reads[1]).toContain("Dace Daktere,doctor,Rīgas Austrumu slimnīca");
    expect(lines.join("\n")).not.toContain(doctor!.personalCode);
    expect(lines.at(-1)).toBe("");
    expect((await auditRows("ehealth.report.exported")).at(-1)).toMatchObject({
      actor: `PNOLV-${citizen!.personalCode}`,
      subject_person: `PNOLV-${citizen!.personalCode}`,
      outcome: "success",
    });
  }, 60_000);

  it("the operator sees any patient's report across institutions; the view shows in the patient's own report", async () => {
    const browser = await as(operatorPerson, "professional");
    const empty = await browser.request("/ehealth/reports/operator?lang=en");
    expect(empty.status).toBe(200);
    expect(await empty.text()).not.toContain("<table");
    // The filter form is posted; the report's address names the patient by a reference only.
    const address = await reportAddress(browser, "/ehealth/reports/operator", {
      kind: "patient",
      id: citizen!.personalCode,
    });
    expect(address).not.toContain(citizen!.personalCode);
    const page = await browser.request(`${address}&lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Rīgas Austrumu slimnīca");
    expect(html).toContain("=Ģimenes ārsta prakse");
    expect(html).toContain(`<a href="/ehealth/operator/">Back to the operator's workplace</a>`);
    expect((await auditRows("ehealth.report.viewed")).at(-1)).toMatchObject({
      actor: `PNOLV-${operatorPerson!.personalCode}`,
      acting_for: "operator",
      subject_person: `PNOLV-${citizen!.personalCode}`,
      purpose: "supervision",
      outcome: "success",
    });
    const own = await (await as(citizen, "citizen")).request("/ehealth/my-report/?lang=en");
    expect(await own.text()).toContain("Viewed an access report");
  }, 60_000);

  it("answers a bad filter with 400 and the form's error, recording nothing", async () => {
    const browser = await as(operatorPerson, "professional");
    const before = (await auditRows("ehealth.report.viewed")).length;
    const path = "/ehealth/reports/operator";
    const patient = { kind: "patient", id: citizen!.personalCode };
    const addresses = [
      await reportAddress(browser, path, { kind: "patient", id: "12345" }),
      await reportAddress(browser, path, { kind: "institution", id: "abc" }),
      await reportAddress(browser, path, { ...patient, from: "2026-02-30" }),
      await reportAddress(browser, path, { ...patient, from: "2026-03-05", to: "2026-03-01" }),
      `${await reportAddress(browser, path, patient)}&after=zzz`,
      // A personal code typed into the address is not taken.
      `${path}?kind=patient&id=${citizen!.personalCode}`,
    ];
    for (const address of addresses) {
      const response = await browser.request(`${address}&lang=en`);
      expect(response.status, address).toBe(400);
      expect(await response.text()).toContain("Please correct:");
    }
    expect((await auditRows("ehealth.report.viewed")).length).toBe(before);
  }, 60_000);

  it("an administrator sees only their institution's accesses", async () => {
    const browser = await as(adminPerson, "professional");
    const page = await browser.request("/ehealth/reports/institution?lang=en");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("document:1");
    expect(html).toContain("document:2");
    expect(html).not.toContain("HYPERLINK");
    const one = await browser.request(
      `${await reportAddress(browser, "/ehealth/reports/institution", { kind: "patient", id: doctor!.personalCode })}&lang=en`,
    );
    const oneHtml = await one.text();
    expect(oneHtml).toContain("document:2");
    expect(oneHtml).not.toContain("document:1");
    expect((await auditRows("ehealth.report.viewed")).at(-1)).toMatchObject({
      acting_for: HOSPITAL,
      subject_person: `PNOLV-${doctor!.personalCode}`,
      purpose: "institution-report",
    });
    const other = await browser.request(`/ehealth/reports/institution?lang=en&institution=${OTHER}&kind=all`);
    expect(other.status).toBe(403);
  }, 60_000);

  it("the operator may open an institution's report too, recorded as acting for the operator", async () => {
    const browser = await as(operatorPerson, "professional");
    const page = await browser.request(`/ehealth/reports/institution?lang=en&institution=${OTHER}&kind=all`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("HYPERLINK");
    expect(html).not.toContain("document:1");
    expect((await auditRows("ehealth.report.viewed")).at(-1)).toMatchObject({
      actor: `PNOLV-${operatorPerson!.personalCode}`,
      acting_for: "operator",
      subject_person: null,
      object: `report:institution:${OTHER}`,
      outcome: "success",
    });
  }, 60_000);

  it("CON-6: a suspended administrator is refused their institution's report", async () => {
    const db = platform.database.db;
    const admin = await db
      .selectFrom("ehealth_administrator")
      .select("id")
      .where("person_code", "=", adminPerson!.personalCode)
      .executeTakeFirstOrThrow();
    await setAdministratorStatus(db, admin.id, "suspended", "test");
    try {
      const browser = await as(adminPerson, "professional");
      const response = await browser.request(
        `/ehealth/reports/institution?lang=en&institution=${HOSPITAL}&kind=all`,
      );
      expect(response.status).toBe(403);
      const html = await response.text();
      expect(html).toContain("report.institution");
      // Sign-out, the reason in the reader's language and a next step (not the policy's English).
      expect(html).toContain('action="/ehealth/signout/professional"');
      expect(html).toContain("What to do next");
      expect(html).not.toMatch(/Reason: the /);
      expect((await auditRows("ehealth.report.viewed")).at(-1)).toMatchObject({
        actor: `PNOLV-${adminPerson!.personalCode}`,
        acting_for: HOSPITAL,
        outcome: "denied",
        purpose: expect.stringMatching(/^institution-report; refused=/),
      });
    } finally {
      await setAdministratorStatus(db, admin.id, "active", "test over");
    }
  }, 60_000);

  it("refuses a professional without the operator's role at the workplace gate and records the refusal", async () => {
    const browser = await as(doctor, "professional");
    const response = await browser.request("/ehealth/reports/operator?lang=en&kind=patient");
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain("the operator's workplace");
    // Refused before the report was looked at: the record names no patient.
    expect((await auditRows("ehealth.workplace.refused")).at(-1)).toMatchObject({
      actor: `PNOLV-${doctor!.personalCode}`,
      subject_person: null,
      object: "workplace:operator",
      outcome: "denied",
    });
    const csv = await browser.request("/ehealth/reports/operator/export.csv?kind=patient");
    expect(csv.status).toBe(403);
  }, 60_000);

  it("a malformed paging cursor is a 400 with a message, not a server error", async () => {
    const browser = await as(operatorPerson, "professional");
    const address = await reportAddress(browser, "/ehealth/reports/operator", {
      kind: "patient",
      id: citizen!.personalCode,
    });
    for (const after of ["x.y", `1.${"9".repeat(19)}`]) {
      const response = await browser.request(`${address}&after=${after}`);
      expect(response.status, after).toBe(400);
    }
  }, 60_000);

  it("pages 50 rows at a time with an 'older records' link", async () => {
    const db = platform.database.db;
    for (let i = 0; i < 55; i++)
      await recordAccess(
        db,
        {
          user: doctor!.personalCode,
          institution: HOSPITAL,
          patient: operatorPerson!.personalCode,
          action: "ehealth.patient.found",
          purpose: "emergency",
          legalGround: "gdpr-9-2-c",
          outcome: "success",
          object: `probe:${i}`,
        },
        new Date(T0.getTime() - i * 1000),
      );
    const browser = await as(operatorPerson, "professional");
    const address = await reportAddress(browser, "/ehealth/reports/operator", {
      kind: "patient",
      id: operatorPerson!.personalCode,
    });
    const first = await (await browser.request(`${address}&lang=en`)).text();
    expect(first.match(/probe:\d+/g)).toHaveLength(50);
    const older = /<a href="([^"]+)" rel="next">/.exec(first)?.[1]?.replaceAll("&amp;", "&");
    expect(older).toContain("after=");
    const second = await (await browser.request(older!)).text();
    expect(second.match(/probe:\d+/g)).toEqual(["probe:50", "probe:51", "probe:52", "probe:53", "probe:54"]);
    expect(second).toContain("Back to the newest");
  }, 60_000);

  it("sends a visitor without a session to sign in", async () => {
    const { Browserless } = await import("../../identity/testing/test-platform.ts");
    const response = await new Browserless(platform.base).request("/ehealth/my-report/");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      `/ehealth/signin/citizen?return=${encodeURIComponent("/ehealth/my-report/")}`,
    );
  });
});
