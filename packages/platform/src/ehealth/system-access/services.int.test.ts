/**
 * The system web services over real mutual-TLS sockets (node:https as the client), on PGlite and
 * PostgreSQL: a system with a testbed connection certificate submits a signed CDA, lists and
 * fetches it (ANX2-12, ANX2-16, ANX2-20); unsigned, wrongly signed, tampered, schema-invalid and
 * oversized documents are refused with their codes as RFC 9457 problem documents; the rights
 * policy decides on the system channel and every call is an access record (CON-9).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import {
  buildCrl,
  certificateToPem,
  type IssuedCredential,
  issueInstitution,
  privateKeyToPem,
  TestPki,
} from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import { MAX_DOCUMENT_BYTES } from "../documents/index.ts";
import { bindSystemCertificate } from "./binding-store.ts";
import { DEFAULT_KEY_POLICY } from "./core/key-policy.ts";
import { type SystemAccessListener, startSystemAccessListener } from "./listener.ts";
import { type SystemClient, systemClient } from "./testing/https-client.ts";
import { FIXTURE, sampleDocument, seedServiceFixture, signWith } from "./testing/service-fixture.ts";
import { DOCUMENTS_PATH } from "./web-services/document-routes.ts";

const BASE_URL = "http://127.0.0.1:9/testbed";
const ACTING = {
  "tilts-professional": FIXTURE.doctor,
  "tilts-purpose": "treatment",
  "tilts-patient": FIXTURE.patient,
};
const XML = { ...ACTING, "content-type": "application/xml" };

describe.each(testDatabaseKinds())("system web services on $name", (kind) => {
  let dir: string;
  let pki: TestPki;
  let db: TestDatabase;
  let listener: SystemAccessListener;
  let client: SystemClient;
  let hospitalCredential: IssuedCredential;
  let signed: string;

  const problem = (answer: { status: number; headers: Record<string, unknown>; json(): unknown }) => {
    expect(answer.headers["content-type"]).toMatch(/^application\/problem\+json/);
    return answer.json() as { code: string; status: number; type: string; missingRight?: string };
  };
  const accessRecords = (action: string) =>
    db.db
      .selectFrom("audit_log")
      .select(["actor", "acting_for", "subject_person", "purpose", "outcome", "object"])
      .where("action", "=", action)
      .orderBy("seq", "asc")
      .execute();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tilts-system-services-"));
    pki = TestPki.create(join(dir, "pki"), { baseUrl: BASE_URL });
    db = await kind.open();
    await seedServiceFixture(db.db, new Date());
    const server = issueInstitution(pki, { name: "Tilts system access", registrationNumber: "90000000001" });
    listener = await startSystemAccessListener({
      db: db.db,
      host: "127.0.0.1",
      port: 0,
      serverKey: privateKeyToPem(server.privateKey),
      serverCertificate: certificateToPem(server.certificate),
      clientCas: () => [pki.ca("org").certificate],
      keyPolicy: DEFAULT_KEY_POLICY,
      crlRefreshMs: 60_000,
      // Planned windows read on every request, so the maintenance test sees its row at once.
      maintenanceRefreshMs: 0,
      fetchCrl: async (url) => (url === `${BASE_URL}/crl/org.crl` ? buildCrl(pki, "org") : undefined),
      documents: {
        schema: await createCdaSchemaValidator(),
        trust: { anchors: () => [pki.ca("root").certificate] },
      },
    });
    hospitalCredential = issueInstitution(pki, {
      name: "Sistēmu slimnīca",
      registrationNumber: FIXTURE.hospital,
    });
    await bindSystemCertificate(db.db, {
      certificate: hospitalCredential.certificate,
      registrationNumber: FIXTURE.hospital,
      systemName: "HIS",
      actor: "cli",
      now: new Date(),
    });
    client = systemClient(listener.port, {
      cert: certificateToPem(hospitalCredential.certificate),
      key: privateKeyToPem(hospitalCredential.privateKey),
    });
    signed = await signWith(pki, hospitalCredential, sampleDocument(new Date()));
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await listener?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("accepts a signed CDA, lists its metadata and returns its bytes unchanged", async () => {
    const submitted = await client.send("POST", DOCUMENTS_PATH, { headers: XML, body: signed });
    expect(submitted.status).toBe(201);
    const { id, signature } = submitted.json() as { id: string; signature: { status: string } };
    expect(signature.status).toBe("valid");
    expect(submitted.headers.location).toBe(`${DOCUMENTS_PATH}/${id}`);

    const listed = await client.send("GET", DOCUMENTS_PATH, { headers: ACTING });
    expect(listed.status).toBe(200);
    expect(listed.headers["cache-control"]).toBe("no-store");
    const { documents } = listed.json() as { documents: Record<string, unknown>[] };
    const entry = documents.find((d) => d.id === id);
    expect(entry).toMatchObject({
      institution: FIXTURE.hospital,
      author: FIXTURE.doctor,
      type: { code: "18842-5" },
      signature: { status: "valid" },
    });
    // Metadata only (ANX2-20): nothing of the document's content travels in the list.
    expect(listed.body.toString("utf8")).not.toContain("ClinicalDocument");

    const fetched = await client.send("GET", `${DOCUMENTS_PATH}/${id}`, { headers: ACTING });
    expect(fetched.status).toBe(200);
    expect(fetched.headers["content-type"]).toMatch(/^application\/xml/);
    expect(fetched.headers["cache-control"]).toBe("no-store");
    expect(fetched.body.equals(Buffer.from(signed, "utf8"))).toBe(true);

    // Each call is an access record of the professional, for the institution, about the patient.
    for (const action of ["ehealth.document.uploaded", "ehealth.documents.listed", "ehealth.document.read"]) {
      const records = await accessRecords(action);
      expect(records.some((r) => r.outcome === "success")).toBe(true);
      expect(records.at(-1)).toMatchObject({
        actor: `PNOLV-${FIXTURE.doctor}`,
        acting_for: FIXTURE.hospital,
        subject_person: `PNOLV-${FIXTURE.patient}`,
        purpose: "treatment",
      });
    }
  });

  it("refuses an unsigned document with signature-missing and stores nothing", async () => {
    const before = (await db.db.selectFrom("ehealth_document").select("id").execute()).length;
    const answer = await client.send("POST", DOCUMENTS_PATH, {
      headers: XML,
      body: sampleDocument(new Date()),
    });
    expect(answer.status).toBe(422);
    expect(problem(answer)).toMatchObject({
      code: "signature-missing",
      type: "urn:tilts:system-services:problem:signature-missing",
    });
    expect((await db.db.selectFrom("ehealth_document").select("id").execute()).length).toBe(before);
    const refused = await accessRecords("ehealth.document.uploaded");
    expect(refused.at(-1)).toMatchObject({
      outcome: "failure",
      purpose: "treatment; refused=invalid-document:signature-missing",
    });
  });

  it("refuses a document signed under a CA it does not trust (signature-indeterminate)", async () => {
    const foreign = TestPki.create(join(dir, "foreign-pki"), { baseUrl: BASE_URL });
    const stranger = issueInstitution(foreign, {
      name: "Sveša iestāde",
      registrationNumber: FIXTURE.hospital,
    });
    const body = await signWith(foreign, stranger, sampleDocument(new Date()));
    const answer = await client.send("POST", DOCUMENTS_PATH, { headers: XML, body });
    expect(answer.status).toBe(422);
    expect(problem(answer).code).toBe("signature-indeterminate");
  });

  it("refuses a document changed after signing (signature-invalid)", async () => {
    const tampered = signed.replace("Anna", "Inna");
    expect(tampered).not.toBe(signed);
    const answer = await client.send("POST", DOCUMENTS_PATH, { headers: XML, body: tampered });
    expect(answer.status).toBe(422);
    expect(problem(answer).code).toBe("signature-invalid");
  });

  it("refuses a schema-invalid document with the schema's errors", async () => {
    const invalid = sampleDocument(new Date()).replace("<title>", "<unexpected/><title>");
    const answer = await client.send("POST", DOCUMENTS_PATH, { headers: XML, body: invalid });
    expect(answer.status).toBe(422);
    const body = problem(answer) as { code: string; schemaErrors?: { message: string }[] };
    expect(body.code).toBe("schema-invalid");
    expect(body.schemaErrors?.length).toBeGreaterThan(0);
  });

  it("refuses an oversized document before reading it whole (document-too-large)", async () => {
    const oversized = new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x20);
    const answer = await client.send("POST", DOCUMENTS_PATH, { headers: XML, body: oversized });
    expect(answer.status).toBe(413);
    expect(problem(answer).code).toBe("document-too-large");
  });

  it("refuses another media type, a malformed professional and a right the professional lacks", async () => {
    const json = await client.send("POST", DOCUMENTS_PATH, {
      headers: { ...ACTING, "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(415);
    expect(problem(json).code).toBe("unsupported-media-type");

    const badProfessional = await client.send("GET", DOCUMENTS_PATH, {
      headers: { ...ACTING, "tilts-professional": "123" },
    });
    expect(badProfessional.status).toBe(400);
    expect(problem(badProfessional).code).toBe("bad-professional");

    // A pharmacist may read documents, not submit them; nor read them for treatment (CON-9).
    const asPharmacist = {
      ...XML,
      "tilts-professional": FIXTURE.pharmacist,
      "tilts-purpose": "prescription",
    };
    const upload = await client.send("POST", DOCUMENTS_PATH, { headers: asPharmacist, body: signed });
    expect(upload.status).toBe(403);
    expect(problem(upload)).toMatchObject({
      code: "no-right",
      missingRight: expect.stringContaining("document.upload"),
    });
    const wrongPurpose = await client.send("GET", DOCUMENTS_PATH, {
      headers: { ...ACTING, "tilts-professional": FIXTURE.pharmacist },
    });
    expect(wrongPurpose.status).toBe(403);
    expect(problem(wrongPurpose).code).toBe("purpose-not-allowed");
    const denied = await accessRecords("ehealth.documents.listed");
    expect(denied.at(-1)).toMatchObject({ outcome: "denied", actor: `PNOLV-${FIXTURE.pharmacist}` });
  });

  it("answers a right check and the classifiers", async () => {
    const allowed = await client.send("GET", "/system/v1/rights/document.upload", { headers: ACTING });
    expect(allowed.json()).toEqual({ action: "document.upload", allowed: true, role: "doctor" });
    const refused = await client.send("GET", "/system/v1/rights/document.upload", {
      headers: { ...ACTING, "tilts-professional": FIXTURE.pharmacist },
    });
    expect(refused.json()).toMatchObject({ allowed: false, reason: "no-right" });

    const purposes = await client.send("GET", "/system/v1/classifiers/purposes");
    expect(purposes.status).toBe(200);
    const codes = (purposes.json() as { codes: { code: string }[] }).codes.map((c) => c.code);
    expect(codes).toContain("treatment");
    // Versioned: the ETag names the version, and a client that holds it gets 304 without a body.
    const etag = purposes.headers.etag as string;
    expect(etag).toBe('"purposes-1"');
    const again = await client.send("GET", "/system/v1/classifiers/purposes", {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const fhir = await client.send("GET", "/system/v1/fhir/CodeSystem/purposes");
    expect(fhir.headers["content-type"]).toMatch(/^application\/fhir\+json/);
    expect(fhir.json()).toMatchObject({
      resourceType: "CodeSystem",
      version: "1",
      content: "complete",
      concept: expect.arrayContaining([expect.objectContaining({ code: "treatment" })]),
    });
    const fhirAgain = await client.send("GET", "/system/v1/fhir/CodeSystem/purposes", {
      headers: { "if-none-match": fhir.headers.etag as string },
    });
    expect(fhirAgain.status).toBe(304);
    const unknown = await client.send("GET", "/system/v1/classifiers/nothing");
    expect(unknown.status).toBe(404);
    expect(problem(unknown).code).toBe("classifier-not-found");
  });

  it("publishes an OpenAPI 3.1 document that validates, with examples and the ANX2-20 note", async () => {
    const answer = await client.send("GET", "/system/v1/openapi.json");
    expect(answer.status).toBe(200);
    const document = answer.json() as {
      openapi: string;
      paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        DOCUMENTS_PATH,
        `${DOCUMENTS_PATH}/{id}`,
        "/system/v1/rights/{action}",
        "/system/v1/classifiers/{name}",
        "/system/v1/fhir/ValueSet/{name}",
      ]),
    );
    expect(document.components.schemas).toHaveProperty("Problem");
    // The "changes since version N" form is described, with an example of each change.
    expect(JSON.stringify(document.components.schemas.ClassifierChanges)).toContain('"retired"');
    expect(JSON.stringify(document.paths["/system/v1/fhir/ValueSet/{name}"])).toContain('"expansion"');
    expect(JSON.stringify(document.components.schemas.DocumentMetadata)).toContain("examples");
    for (const [path, method] of [
      [DOCUMENTS_PATH, "get"],
      [`${DOCUMENTS_PATH}/{id}`, "get"],
    ] as const)
      expect(document.paths[path]?.[method]?.description).toContain("ANX2-20");
  });
  it("answers 503 with Retry-After and a problem document during a planned maintenance window (ANX2-15)", async () => {
    const now = Date.now();
    const row = await db.db
      .insertInto("ehealth_maintenance_window")
      .values({
        starts_at: new Date(now - 60_000),
        ends_at: new Date(now + 600_000),
        description_lv: "Pārbaude.",
        description_en: "Test.",
        scheduled_by: "cli",
        scheduled_at: new Date(now - 3_600_000),
        cancelled_at: null,
        cancelled_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    try {
      const answer = await client.send("GET", DOCUMENTS_PATH, { headers: ACTING });
      expect(answer.status).toBe(503);
      expect(Number(answer.headers["retry-after"])).toBeGreaterThan(500);
      expect(Number(answer.headers["retry-after"])).toBeLessThanOrEqual(600);
      expect(problem(answer)).toMatchObject({ code: "maintenance", status: 503 });
    } finally {
      await db.db
        .updateTable("ehealth_maintenance_window")
        .set({ cancelled_at: new Date(), cancelled_by: "cli" })
        .where("id", "=", row.id)
        .execute();
    }
    expect((await client.send("GET", DOCUMENTS_PATH, { headers: ACTING })).status).toBe(200);
  });
});
