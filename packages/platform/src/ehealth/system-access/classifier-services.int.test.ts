/**
 * The classifier web services read from the operator's store (ANX2-17), on PGlite and PostgreSQL,
 * through Fastify's inject behind the same routes and hooks the mutual-TLS listener serves (the
 * TLS path itself is services.int.test.ts's): the list; one classifier with its ETag, 304 on
 * If-None-Match and a new ETag after a load; "since version N" with what happened to each code;
 * the FHIR CodeSystem and the ValueSet of the codes valid today; an unknown name as a problem
 * document. DEV-5: with the production rule on, an institution without a classifier contract is
 * refused with its own problem type, and served once the operator records one.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { loadClassifier, recordClassifierContract } from "../classifiers/index.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import type { UploadCheckPorts } from "../documents/index.ts";
import type { SystemBinding } from "./binding-store.ts";
import { registerSystemRoutes } from "./routes.ts";
import { FIXTURE, seedServiceFixture } from "./testing/service-fixture.ts";

const NOW = new Date("2026-12-07T10:00:00Z");
const BINDING: SystemBinding = {
  fingerprint: "a".repeat(64),
  serial: "01",
  registrationNumber: FIXTURE.hospital,
  institutionName: "Sistēmu slimnīca",
  systemName: "HIS",
};
const HEADER = "code,display_lv,display_en,valid_from,valid_to";

describe.each(testDatabaseKinds())("classifier web services ($name)", (kind) => {
  let database: TestDatabase;
  let documents: UploadCheckPorts;
  let app: FastifyInstance;
  let production: FastifyInstance;

  async function server(requireClassifierContract: boolean): Promise<FastifyInstance> {
    const instance = Fastify({ logger: false });
    await registerSystemRoutes(instance, {
      db: database.db,
      documents,
      bindingOf: () => BINDING,
      now: () => NOW,
      copying: (await import("../copying/index.ts")).DEFAULT_COPYING_SETTINGS,
      requireClassifierContract,
      // The purposes are read afresh on each call, so a loaded version applies at once.
      purposesRefreshMs: 0,
    });
    await instance.ready();
    return instance;
  }
  const get = (url: string, headers: Record<string, string> = {}, on = app) =>
    on.inject({ method: "GET", url, headers });

  beforeAll(async () => {
    database = await kind.open();
    await seedServiceFixture(database.db, NOW);
    documents = { schema: await createCdaSchemaValidator(), trust: { anchors: () => [] } };
    app = await server(false);
    production = await server(true);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await production?.close();
    await database?.close();
  });

  it("lists the classifiers and serves one with an ETag; 304 until a load makes a new version", async () => {
    const list = await get("/system/v1/classifiers");
    expect(list.json().classifiers).toContainEqual({
      name: "countries",
      version: 1,
      url: "urn:iso:std:iso:3166",
      title: { lv: "Valstis", en: "Countries" },
    });

    const first = await get("/system/v1/classifiers/document-types");
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"document-types-1"');
    expect(first.json().codes).toContainEqual({
      code: "18842-5",
      display: { lv: "Izraksts no slimnīcas", en: "Discharge summary" },
      validFrom: "2024-01-01",
      validTo: null,
    });
    const held = await get("/system/v1/classifiers/document-types", {
      "if-none-match": '"document-types-1"',
    });
    expect(held.statusCode).toBe(304);
    expect(held.body).toBe("");

    await loadClassifier(database.db, {
      name: "document-types",
      bytes: new TextEncoder().encode(
        [
          HEADER,
          "18842-5,Izraksts no slimnīcas,Discharge summary,2024-01-01,",
          "11502-2,Laboratorijas izmeklējumu rezultāti,Laboratory report,2024-01-01,2026-12-06",
          "34133-9,Epizodes kopsavilkums,Summary of episode note,2027-01-01,",
        ].join("\n"),
      ),
      source: "document-types.csv",
      actor: "cli",
      now: NOW,
    });
    const stale = await get("/system/v1/classifiers/document-types", {
      "if-none-match": '"document-types-1"',
    });
    expect(stale.statusCode).toBe(200);
    expect(stale.headers.etag).toBe('"document-types-2"');
  });

  it("answers what changed since a version, with what happened to each code", async () => {
    const since = await get("/system/v1/classifiers/document-types?since=1");
    expect(since.statusCode).toBe(200);
    expect(since.json()).toEqual({
      name: "document-types",
      version: 2,
      system: "http://loinc.org",
      since: 1,
      changes: [
        {
          code: "11502-2",
          display: { lv: "Laboratorijas izmeklējumu rezultāti", en: "Laboratory report" },
          validFrom: "2024-01-01",
          validTo: "2026-12-06",
          change: "changed",
          version: 2,
        },
        {
          code: "11506-3",
          display: { lv: "Progresa piezīmes", en: "Progress note" },
          validFrom: "2024-01-01",
          validTo: null,
          change: "retired",
          version: 2,
        },
        {
          code: "34133-9",
          display: { lv: "Epizodes kopsavilkums", en: "Summary of episode note" },
          validFrom: "2027-01-01",
          validTo: null,
          change: "added",
          version: 2,
        },
      ],
    });
    expect((await get("/system/v1/classifiers/document-types?since=2")).json().changes).toEqual([]);
    const bad = await get("/system/v1/classifiers/document-types?since=-1");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("bad-request");
  });

  it("serves the FHIR CodeSystem (every published code) and the ValueSet (codes valid today)", async () => {
    const codeSystem = await get("/system/v1/fhir/CodeSystem/document-types");
    expect(codeSystem.headers["content-type"]).toMatch(/^application\/fhir\+json/);
    const cs = codeSystem.json();
    expect(cs).toMatchObject({
      resourceType: "CodeSystem",
      url: "http://loinc.org",
      version: "2",
      content: "complete",
    });
    expect(cs.concept.map((c: { code: string }) => c.code)).toEqual(["11502-2", "18842-5", "34133-9"]);

    const valueSet = await get("/system/v1/fhir/ValueSet/document-types");
    expect(valueSet.statusCode).toBe(200);
    expect(valueSet.headers.etag).toBe('"document-types-2-2026-12-07"');
    const vs = valueSet.json();
    expect(vs).toMatchObject({
      resourceType: "ValueSet",
      url: "urn:tilts:valueset:document-types",
      version: "2",
      compose: { include: [{ system: "http://loinc.org", version: "2" }] },
      expansion: { timestamp: NOW.toISOString(), total: 1 },
    });
    // 11502-2 ended yesterday, 34133-9 starts next year, 11506-3 is retired: only one is valid today.
    expect(vs.expansion.contains).toEqual([
      {
        system: "http://loinc.org",
        version: "2",
        code: "18842-5",
        display: "Izraksts no slimnīcas",
        designation: [{ language: "en", value: "Discharge summary" }],
      },
    ]);
    const again = await get("/system/v1/fhir/ValueSet/document-types", {
      "if-none-match": valueSet.headers.etag as string,
    });
    expect(again.statusCode).toBe(304);

    const unknown = await get("/system/v1/fhir/ValueSet/nothing");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(unknown.json().code).toBe("classifier-not-found");
  });

  it("DEV-5: in production refuses an institution without a classifier contract, serves it with one", async () => {
    for (const url of [
      "/system/v1/classifiers",
      "/system/v1/classifiers/purposes",
      "/system/v1/fhir/CodeSystem/purposes",
      "/system/v1/fhir/ValueSet/purposes",
    ]) {
      const refused = await get(url, {}, production);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(refused.json()).toMatchObject({
        type: "urn:tilts:system-services:problem:classifier-contract-missing",
        code: "classifier-contract-missing",
      });
    }
    // Development needs no contract.
    expect((await get("/system/v1/classifiers/purposes")).statusCode).toBe(200);

    await recordClassifierContract(
      database.db,
      { registrationNumber: FIXTURE.hospital, number: "KL-1", concludedOn: "2026-12-01" },
      "cli",
      NOW,
    );
    expect((await get("/system/v1/classifiers/purposes", {}, production)).statusCode).toBe(200);
  });

  it("accepts a stated purpose only while the purposes classifier holds it valid (CON-9)", async () => {
    const right = (purpose: string) =>
      get("/system/v1/rights/document.read", {
        "tilts-professional": FIXTURE.doctor,
        "tilts-purpose": purpose,
      }).then((answer) => answer.json());
    expect(await right("treatment")).toMatchObject({ allowed: true, role: "doctor" });
    expect(await right("holiday")).toMatchObject({ allowed: false, reason: "purpose-required" });

    // The operator dates "treatment" to end yesterday: from the next call it is refused like an unknown one.
    await loadClassifier(database.db, {
      name: "purposes",
      bytes: new TextEncoder().encode(
        [
          HEADER,
          "treatment,ārstēšana,treatment,2024-01-01,2026-12-06",
          "emergency,neatliekamā palīdzība,emergency care,2024-01-01,",
          "prescription,recepte,prescription,2024-01-01,",
          "laboratory,laboratorijas izmeklējumi,laboratory tests,2024-01-01,",
          "registration,pacienta reģistrācija,patient registration,2024-01-01,",
        ].join("\n"),
      ),
      source: "purposes.csv",
      actor: "cli",
      now: NOW,
    });
    expect(await right("treatment")).toMatchObject({ allowed: false, reason: "purpose-required" });
    expect(await right("emergency")).toMatchObject({ allowed: true, role: "doctor" });
  });
});
