/**
 * The patient's own-data pages through the server (PGlite, and PostgreSQL when TEST_DATABASE_URL
 * is set): a citizen opens their documents, restricts one with a confirmation, a nurse of another
 * institution opens it in an emergency, and the patient sees that on the document and in their
 * access report; another patient's document is 404; the pages read as Latvian or English.
 */
import type { TestPerson } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { TestPlatform } from "../../identity/testing/test-platform.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import { listDocuments, readDocument, seedDemoDocuments } from "../documents/index.ts";
import { createTestSession, type TestSession } from "../testing/session.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";

const cdaPerson = (p: TestPerson) => ({
  personalCode: p.personalCode,
  givenName: p.givenName,
  familyName: p.familyName,
});

describe.each(testDatabaseKinds())("the patient's own-data pages ($name)", (kind) => {
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  let session: TestSession;
  let mine: string;
  let someoneElses: string;

  const get = (url: string) =>
    platform.app.inject({ method: "GET", url, headers: { accept: "text/html", cookie: session.cookie } });
  const post = (url: string, fields: Record<string, string>) =>
    platform.app.inject({
      method: "POST",
      url,
      headers: {
        accept: "text/html",
        cookie: session.cookie,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
    });

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, { ehealth: { seedDemo: false } });
    const db = platform.database.db;
    world = await buildWorkplaceWorld(db);
    const schema = await createCdaSchemaValidator();
    // The practice wrote the documents; the nurse works at the hospital (another institution).
    await seedDemoDocuments(db, {
      patients: [cdaPerson(world.outsider), cdaPerson(world.administrator)],
      author: cdaPerson(world.smallUser),
      institution: world.practice,
      ports: { schema, trust: { anchors: () => [] } },
      now: new Date(),
    });
    mine = (await listDocuments(db, world.outsider.personalCode))[0]!.id;
    someoneElses = (await listDocuments(db, world.administrator.personalCode))[0]!.id;
    session = await createTestSession(db, world.outsider, "citizen", { level: "substantial" });
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it("lists the patient's documents in Latvian with the date as people write it and a link to the access report", async () => {
    const page = await get("/ehealth/my-data/");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Mani veselības dati");
    expect(page.body).toContain(world.practice.name);
    expect(page.body).toContain('href="/ehealth/my-report/"');
    expect(page.body).toMatch(/<time[^>]*>\d{2}\.\d{2}\.\d{4}<\/time>/);
    expect(page.body).toContain("visām ārstniecības iestādēm");
    expect(page.body).toContain("Izraksts no slimnīcas");
    expect(page.body).not.toContain("Discharge summary");
    expect(page.body).not.toContain(someoneElses);
    expect((await get("/ehealth/my-data/?lang=en")).body).toContain("My health data");
  });

  it("tells a patient with no documents and no consents so", async () => {
    const nurse = await createTestSession(platform.database.db, world.nurse, "citizen");
    const page = await platform.app.inject({
      method: "GET",
      url: "/ehealth/my-data/",
      headers: { accept: "text/html", cookie: nurse.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Jums vēl nav dokumentu.");
    expect(page.body).toContain("Jums nav reģistrētu informēto piekrišanu.");
  });

  it("answers 404 for another patient's document, reading or restricting it", async () => {
    expect((await get(`/ehealth/my-data/${someoneElses}`)).statusCode).toBe(404);
    expect(
      (await post(`/ehealth/my-data/${someoneElses}/restriction`, { restricted: "yes", confirm: "yes" }))
        .statusCode,
    ).toBe(404);
  });

  it("restricts only with the confirmation ticked", async () => {
    const unconfirmed = await post(`/ehealth/my-data/${mine}/restriction`, { restricted: "yes" });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain("atzīmējiet apstiprinājumu");
    const done = await post(`/ehealth/my-data/${mine}/restriction`, { restricted: "yes", confirm: "yes" });
    expect(done.statusCode).toBe(303);
    const page = await get(String(done.headers.location));
    expect(page.body).toContain("Piekļuve dokumentam ierobežota.");
    expect(page.body).toContain("Atcelt ierobežojumu");
  });

  it("shows the patient a nurse's emergency read of the restricted document, on the document and in the report", async () => {
    const nurse = {
      personCode: world.nurse.personalCode,
      level: "high" as const,
      institution: world.hospital.registrationNumber,
      now: new Date(),
    };
    const db = platform.database.db;
    await expect(
      readDocument(db, { ...nurse, purpose: "treatment" }, world.outsider.personalCode, mine),
    ).rejects.toMatchObject({ code: "document-not-found" });
    await readDocument(db, { ...nurse, purpose: "emergency" }, world.outsider.personalCode, mine);

    const document = await get(`/ehealth/my-data/${mine}`);
    const nurseName = `${world.nurse.givenName} ${world.nurse.familyName}`;
    expect(document.body).toContain(`Neatliekamā situācijā atvēra ${nurseName}, ${world.hospital.name}`);
    const report = await get("/ehealth/my-report/");
    expect(report.body).toContain("Jūsu ierobežoto dokumentu atvēra neatliekamā situācijā");
    expect(report.body).toContain("Ierobežoja piekļuvi dokumentam");
    const english = await get("/ehealth/my-report/?lang=en");
    expect(english.body).toContain("Your restricted document was opened in an emergency");
  });

  it("lifts the restriction: the nurse reads it for treatment again", async () => {
    const done = await post(`/ehealth/my-data/${mine}/restriction`, { restricted: "no", confirm: "yes" });
    expect(done.statusCode).toBe(303);
    expect((await get(String(done.headers.location))).body).toContain("Piekļuves ierobežojums atcelts.");
    const read = await readDocument(
      platform.database.db,
      {
        personCode: world.nurse.personalCode,
        level: "high",
        institution: world.hospital.registrationNumber,
        purpose: "treatment",
        now: new Date(),
      },
      world.outsider.personalCode,
      mine,
    );
    expect(read.id).toBe(mine);
  });
});
