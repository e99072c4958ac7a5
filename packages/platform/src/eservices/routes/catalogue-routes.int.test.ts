/**
 * The public catalogue over HTTP (ESV-1), on a database (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): two e-services registered the real way (signed at XAdES-LT,
 * submitted, registered) and one still in the queue; the page in Latvian and English, search by
 * words and audience, one e-service's page, the JSON API and the DCAT-AP feed — no sign-in.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { TEST_KEY_ENCRYPTION_SECRET } from "../../core/keys/testing/test-secret.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildServer } from "../../http/server.ts";
import { listQueue, registerForm } from "../agency.ts";
import type { EservicesDatabase } from "../database.ts";
import { eservicesModule } from "../module.ts";
import { addRepresentative } from "../representatives.ts";
import { submitSignedForm } from "../submission.ts";
import {
  HOSPITAL,
  openSigningWorld,
  type SigningWorld,
  sampleForm,
  unsignedFormEdoc,
} from "../testing/signed-forms.ts";

const REPRESENTATIVE = "320000-00006";
let world: SigningWorld;
const signed: Uint8Array[] = [];

beforeAll(async () => {
  world = openSigningWorld();
  const person = world.person(REPRESENTATIVE);
  const forms = [
    sampleForm(),
    sampleForm({
      nameLv: "Komersanta licences pagarināšana",
      nameEn: "Renewing a trader's licence",
      descriptionLv: "Uzņēmums tiešsaistē pagarina savu licenci.",
      descriptionEn: "A company renews its licence online.",
      audiences: ["businesses"],
      channels: ["institution-website"],
    }),
    sampleForm({ nameLv: "Vēl neizskatīts pakalpojums", nameEn: "A service not yet decided" }),
  ];
  for (const form of forms) signed.push(await world.sign(unsignedFormEdoc(form), person, "LT"));
}, 120_000);
afterAll(() => world?.close());

describe.each(testDatabaseKinds())("public e-service catalogue ($name)", (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dir: string;
  const identifiers: string[] = [];

  beforeAll(async () => {
    database = await kind.open();
    const db: Kysely<EservicesDatabase> = database.db;
    await addRepresentative(
      db,
      { institutionRegistrationNumber: HOSPITAL, personalCode: REPRESENTATIVE, fullName: "Jānis Bērziņš" },
      "cli",
      new Date(),
    );
    const ports = { anchors: world.anchors, maxBytes: 2 * 1024 * 1024 };
    for (const bytes of signed) await submitSignedForm(db, bytes, ports, new Date());
    const queue = await listQueue(db);
    for (const form of queue.slice(0, 2)) {
      const done = await registerForm(
        db,
        form.id,
        { name: "Aivars Ozols", email: "aivars.ozols@agentura.example.lv" },
        { actor: "cli", now: new Date() },
      );
      identifiers.push(done.identifier);
    }
    dir = mkdtempSync(join(tmpdir(), "tilts-eservices-catalogue-"));
    const config = loadConfig({
      env: {
        LOG_LEVEL: "silent",
        DATA_DIR: dir,
        PUBLIC_URL: "https://tilts.example.lv",
        KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET,
      },
    });
    app = await buildServer({ config, database, modules: [eservicesModule()], logger: false });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ESV-1: the catalogue page lists the registered e-services in Latvian, not the one still in the queue", async () => {
    const page = await app.inject({ method: "GET", url: "/eservices" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="lv"');
    expect(page.body).toContain("E-pakalpojumu katalogs");
    expect(page.body).toContain("Ārsta apmeklējuma pieraksts");
    expect(page.body).toContain("Komersanta licences pagarināšana");
    expect(page.body).not.toContain("Vēl neizskatīts pakalpojums");
    // Audiences by their Latvian names, never the codes.
    expect(page.body).toContain("iedzīvotājiem");
    // Nothing English or code-like in what a reader sees (tags and attribute values aside).
    const visible = page.body.replace(/<[^>]*>/g, " ");
    for (const english of ["Search", "JSON", "DCAT", "Everyone", "citizens", "businesses", "state-portal"])
      expect(visible).not.toContain(english);
  });

  it("ESV-1: the same page in English through the language switch", async () => {
    const page = await app.inject({ method: "GET", url: "/eservices?lang=en" });
    expect(page.body).toContain('<html lang="en"');
    expect(page.body).toContain("E-service catalogue");
    expect(page.body).toContain("Renewing a trader's licence");
    expect(page.body).toContain("Latviski");
  });

  it("ESV-1: searches by words in names and descriptions, and by audience", async () => {
    const byWord = await app.inject({
      method: "GET",
      url: `/eservices?q=${encodeURIComponent("licenci tiešsaistē")}`,
    });
    expect(byWord.body).toContain("Komersanta licences pagarināšana");
    expect(byWord.body).not.toContain("Ārsta apmeklējuma pieraksts");
    const byAudience = await app.inject({ method: "GET", url: "/api/eservices?audience=citizens" });
    expect(byAudience.json().eservices.map((e: { name: { en: string } }) => e.name.en)).toEqual([
      "Booking a doctor's appointment",
    ]);
    const nothing = await app.inject({ method: "GET", url: "/eservices?q=%25" });
    expect(nothing.body).toContain("Neviens e-pakalpojums neatbilst meklētajam.");
  });

  it("ESV-1: one e-service's page with its identifier, channels and registration date dd.mm.gggg", async () => {
    const page = await app.inject({ method: "GET", url: `/eservices/${identifiers[0]}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(identifiers[0]!);
    expect(page.body).toContain("valsts portālā Latvija.lv");
    expect(page.body).toMatch(/<dd>\d{2}\.\d{2}\.\d{4}<\/dd>/);
    const missing = await app.inject({ method: "GET", url: "/eservices/ESP-1999-00001" });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain("E-pakalpojums nav atrasts");
  });

  it("ESV-1: the JSON API answers the registered e-services, without contact persons", async () => {
    const answer = await app.inject({ method: "GET", url: "/api/eservices" });
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.count).toBe(2);
    expect(body.eservices.map((e: { identifier: string }) => e.identifier).sort()).toEqual(
      [...identifiers].sort(),
    );
    expect(body.eservices[0]).toMatchObject({ institution: { registration_number: HOSPITAL } });
    expect(answer.body).not.toContain("Inese");
    expect(answer.body).not.toContain("Aivars");
    const tooLong = await app.inject({ method: "GET", url: `/api/eservices?q=${"a".repeat(201)}` });
    expect(tooLong.statusCode).toBe(400);
  });

  it("ESV-1: the DCAT-AP feed is a dcat:Catalog of cpsv:PublicService entries", async () => {
    const feed = await app.inject({ method: "GET", url: "/eservices/catalogue.dcat.jsonld" });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers["content-type"]).toContain("application/ld+json");
    const catalogue = feed.json();
    expect(catalogue["@type"]).toBe("dcat:Catalog");
    expect(catalogue["dcat:service"]).toHaveLength(2);
    expect(catalogue["dcat:service"][0]["@id"]).toBe(`https://tilts.example.lv/eservices/${identifiers[0]}`);
    expect(catalogue["dcat:service"][0]["@type"]).toContain("cpsv:PublicService");
  });
});
