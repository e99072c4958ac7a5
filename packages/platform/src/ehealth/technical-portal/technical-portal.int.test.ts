/**
 * The technical portal on the composed platform, PGlite and PostgreSQL: every page answers
 * without sign-in in Latvian and English and the home page links it; the test persons data set
 * downloads as CSV and JSON; the sample CDA passes the CDA R2 schema; the OpenAPI document
 * downloaded from the web port is the one a real mutual-TLS listener serves, it validates, and
 * every example call of the API page, sent as written to that listener with a bound connection
 * certificate, reaches its service (ANX2-13, DEV-2, DEV-6).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Validator } from "@seriousme/openapi-schema-validator";
import { buildCrl, certificateToPem, issueInstitution, privateKeyToPem, TestPki } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { TestPlatform } from "../../identity/testing/test-platform.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import { bindSystemCertificate } from "../system-access/binding-store.ts";
import { DEFAULT_KEY_POLICY } from "../system-access/core/key-policy.ts";
import { type SystemAccessListener, startSystemAccessListener } from "../system-access/listener.ts";
import { type SystemClient, systemClient } from "../system-access/testing/https-client.ts";
import {
  FIXTURE,
  sampleDocument,
  seedServiceFixture,
  signWith,
} from "../system-access/testing/service-fixture.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { TECHNICAL_PORTAL_PATHS as PATHS } from "./paths.ts";
import { EXAMPLE_FILES, exampleRequests, typeScriptExample } from "./request-examples.ts";
import type { OpenApiDocument } from "./system-openapi.ts";
import { testPersonRows } from "./test-persons.ts";

const PAGES = {
  [PATHS.overview]: {
    lv: "Tehniskais portāls iestāžu sistēmu izstrādātājiem",
    en: "Technical portal for software vendors",
  },
  [PATHS.api]: { lv: "Iestāžu sistēmu tīmekļa pakalpojumi", en: "Web services for institutions' systems" },
  [PATHS.cda]: { lv: "Pieņemtie klīniskie dokumenti", en: "Clinical documents accepted" },
  [PATHS.classifiers]: { lv: "Klasifikatori", en: "Classifiers" },
  [PATHS.testPersons]: { lv: "Testa personu datu kopa", en: "Test persons data set" },
};
const BASE_URL = "http://127.0.0.1:9/testbed";

describe.each(testDatabaseKinds())("technical portal on $name", (kind) => {
  let platform: TestPlatform;
  let dir: string;
  let listener: SystemAccessListener;
  let client: SystemClient;
  let pki: TestPki;
  let hospitalTls: { cert: string; key: string };

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, { ehealth: { seedDemo: false } });
    dir = mkdtempSync(join(tmpdir(), "tilts-technical-portal-"));
    pki = TestPki.create(join(dir, "pki"), { baseUrl: BASE_URL });
    const db = platform.database.db;
    await seedServiceFixture(db, new Date());
    const server = issueInstitution(pki, { name: "Tilts system access", registrationNumber: "90000000001" });
    listener = await startSystemAccessListener({
      db,
      host: "127.0.0.1",
      port: 0,
      serverKey: privateKeyToPem(server.privateKey),
      serverCertificate: certificateToPem(server.certificate),
      clientCas: () => [pki.ca("org").certificate],
      keyPolicy: DEFAULT_KEY_POLICY,
      crlRefreshMs: 60_000,
      fetchCrl: async (url) => (url === `${BASE_URL}/crl/org.crl` ? buildCrl(pki, "org") : undefined),
      documents: {
        schema: await createCdaSchemaValidator(),
        trust: { anchors: () => [pki.ca("root").certificate] },
      },
    });
    const hospital = issueInstitution(pki, {
      name: "Sistēmu slimnīca",
      registrationNumber: FIXTURE.hospital,
    });
    await bindSystemCertificate(db, {
      certificate: hospital.certificate,
      registrationNumber: FIXTURE.hospital,
      systemName: "HIS",
      actor: "cli",
      now: new Date(),
    });
    hospitalTls = { cert: certificateToPem(hospital.certificate), key: privateKeyToPem(hospital.privateKey) };
    client = systemClient(listener.port, hospitalTls);
  }, 240_000);

  afterAll(async () => {
    client?.close();
    await listener?.close();
    await platform?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) => platform.app.inject({ method: "GET", url });

  it("answers every page without sign-in, in Latvian and in English", async () => {
    for (const [path, titles] of Object.entries(PAGES))
      for (const lang of ["lv", "en"] as const) {
        const answer = await get(`${path}?lang=${lang}`);
        expect(answer.statusCode, `${path} ${lang}`).toBe(200);
        expect(answer.headers["content-type"]).toMatch(/^text\/html/);
        expect(answer.body).toContain(`<html lang="${lang}"`);
        expect(answer.body).toContain(`<h1>${titles[lang]}</h1>`);
      }
  });

  it("is linked from the home page", async () => {
    expect((await get("/?lang=lv")).body).toContain(`href="${PATHS.overview}"`);
  });

  it("states the security rules of the running configuration and the planned maintenance", async () => {
    const page = (await get(`${PATHS.overview}?lang=lv`)).body;
    expect(page).toContain(`vismaz ${platform.config.systemAccessMinRsaBits} biti`);
    expect(page).toContain("TLS 1.2, TLS 1.3");
    expect(page).toContain("ECDHE-ECDSA-AES256-GCM-SHA384");
    expect(page).toContain('href="/ehealth/maintenance"');
    expect(page).toContain("Plānotu darbu nav.");
  });

  it("downloads the test persons data set as CSV and JSON, synthetic people with their roles", async () => {
    const rows = testPersonRows();
    const csv = await get(PATHS.testPersonsCsv);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    expect(csv.headers["content-disposition"]).toContain("attachment");
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines).toHaveLength(rows.length + 1);
    const doctor = rows.find((r) => r.role === "doctor")!;
    expect(lines).toContain(
      `${doctor.personalCode},${doctor.givenName},${doctor.familyName},${doctor.birthDate ?? ""},${doctor.gender ?? ""},doctor,${doctor.institution?.registrationNumber},${doctor.institution?.name}`,
    );
    const json = await get(PATHS.testPersonsJson);
    expect(json.headers["content-type"]).toMatch(/^application\/json/);
    expect(json.json()).toEqual({ synthetic: true, persons: rows });
    const page = (await get(`${PATHS.testPersons}?lang=lv`)).body;
    expect(page).toContain("neviena no tām nav reāla persona");
    expect(page).toContain(doctor.personalCode);
  });

  it("offers a sample CDA that passes the CDA R2 schema", async () => {
    const sample = await get(PATHS.sampleCda);
    expect(sample.statusCode).toBe(200);
    expect(sample.headers["content-type"]).toMatch(/^application\/xml/);
    const result = await (await createCdaSchemaValidator()).validate(sample.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(sample.body).toContain('code="18842-5"');
  });

  it("serves the OpenAPI document the listener serves, and it validates", async () => {
    const downloaded = await get(PATHS.openApi);
    expect(downloaded.statusCode).toBe(200);
    const fromListener = await client.send("GET", "/system/v1/openapi.json");
    expect(fromListener.status).toBe(200);
    expect(downloaded.json()).toEqual(fromListener.json());
    const validator = new Validator();
    const result = await validator.validate(downloaded.json() as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((await get(`${PATHS.api}?lang=en`)).body).toContain(`href="${PATHS.openApi}"`);
    // ANX2-20: the personal-data note of the reading services is on the Latvian page too.
    expect((await get(`${PATHS.api}?lang=lv`)).body).toContain("nedrīkst glabāt pastāvīgi");
  });

  it("has example calls that reach their services on a real listener as written", async () => {
    const document = (await get(PATHS.openApi)).json() as OpenApiDocument;
    const signed = await signWith(
      pki,
      issueInstitution(pki, { name: "Sistēmu slimnīca", registrationNumber: FIXTURE.hospital }),
      sampleDocument(new Date()),
    );
    for (const example of exampleRequests(document)) {
      const answer = await client.send(example.method, example.path, {
        headers: {
          ...example.headers,
          ...(example.body ? { "content-type": example.body.contentType } : {}),
        },
        ...(example.body ? { body: signed } : {}),
      });
      const documented = Object.keys(
        document.paths[example.operation.split(" ")[1]!]![example.method.toLowerCase()]!.responses,
      );
      expect(documented, example.operation).toContain(String(answer.status));
      if (answer.status >= 400) {
        const code = (answer.json() as { code: string }).code;
        // The call reached its service: the route, the headers and the body were accepted.
        expect(
          ["not-found", "bad-request", "bad-professional", "unsupported-media-type"],
          example.operation,
        ).not.toContain(code);
      }
    }
  });

  it("runs the TypeScript examples as written against the listener", async () => {
    const document = (await get(PATHS.openApi)).json() as OpenApiDocument;
    const work = mkdtempSync(join(dir, "examples-"));
    writeFileSync(join(work, EXAMPLE_FILES.certificate), hospitalTls.cert);
    writeFileSync(join(work, EXAMPLE_FILES.key), hospitalTls.key);
    writeFileSync(join(work, EXAMPLE_FILES.ca), certificateToPem(pki.ca("org").certificate));
    writeFileSync(
      join(work, "signed-document.xml"),
      await signWith(
        pki,
        issueInstitution(pki, { name: "Sistēmu slimnīca", registrationNumber: FIXTURE.hospital }),
        sampleDocument(new Date()),
      ),
    );
    const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
    const run = async (operation: string): Promise<string> => {
      const example = exampleRequests(document).find((e) => e.operation === operation)!;
      const file = join(work, `${operation.replace(/\W+/g, "-")}.ts`);
      writeFileSync(file, typeScriptExample(example, `https://127.0.0.1:${listener.port}`));
      // The test PKI issues the listener no server name; everything else of the call is as written.
      const { stdout } = await promisify(execFile)(tsx, [file], {
        cwd: work,
        env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: "0", NODE_NO_WARNINGS: "1" },
      });
      return stdout;
    };
    expect(await run("POST /system/v1/documents")).toMatch(/^201 application\/json/);
    const listed = await run("GET /system/v1/documents");
    expect(listed).toMatch(/^200 application\/json/);
    expect(listed).toContain(FIXTURE.doctor);
  }, 60_000);
});
