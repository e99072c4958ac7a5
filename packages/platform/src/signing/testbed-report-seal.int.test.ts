/**
 * With the testbed (development), the composition issues the verification page's report seal
 * from the test PKI on first start — key encrypted at rest like every platform key — so the
 * signed validation report is offered without configuration; the report verifies against the
 * testbed's root with its time-stamp from the testbed's TSA over HTTP.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPemBlocks, verifyDocument } from "@tilts/trust";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { httpFetchers } from "../cli/commands/sign-http.ts";
import { loadConfig } from "../config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { buildServer } from "../http/server.ts";
import { freePort } from "../identity/testing/test-platform.ts";
import { composeModules } from "../modules.ts";
import { testbedReportSealPath } from "./index.ts";
import {
  multipartUpload,
  openVerificationWorld,
  type VerificationWorld,
} from "./testing/verification-world.ts";

let app: FastifyInstance;
let database: TestDatabase;
let dataDir: string;
let world: VerificationWorld;
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "tilts-report-seal-"));
  world = openVerificationWorld();
  const port = await freePort();
  config = loadConfig({
    env: { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", DATA_DIR: dataDir },
  });
  expect(config.testbed).toBe(true);
  database = await testDatabaseKinds()[0]!.open();
  const modules = await composeModules(config, { ehealth: { seedDemo: false } });
  app = await buildServer({ config, database, logger: false, modules });
  await app.listen({ port, host: "127.0.0.1" });
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
  world?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it("issues the seal once, its key encrypted, and the report it seals verifies against the testbed's root", async () => {
  const sealFile = testbedReportSealPath(config);
  expect(config.signingReportSeal).toBe(sealFile);
  const labels = readPemBlocks(readFileSync(sealFile, "utf8")).map((block) => block.label);
  expect(labels[0]).toBe("ENCRYPTED PRIVATE KEY");
  expect(labels.slice(1).every((label) => label === "CERTIFICATE")).toBe(true);

  // Any signed document will do: the report is about it, sealed by the service.
  const edoc = await world.signEdoc(
    [{ name: "a.txt", content: new TextEncoder().encode("teksts"), mediaType: "text/plain" }],
    world.person("320000-00006"),
    "B",
  );
  const { payload, headers } = multipartUpload("document", "a.edoc", edoc);
  const page = await app.inject({ method: "POST", url: "/verify?lang=lv", headers, payload });
  expect(page.statusCode).toBe(200);
  const reportHref = /href="(\/verify\/[A-Za-z0-9_-]{43}\/report\.pdf\?lang=lv)"/.exec(page.body)?.[1];
  expect(reportHref).toBeDefined();
  const report = await app.inject({ method: "GET", url: reportHref as string });
  expect(report.statusCode).toBe(200);
  expect(report.headers["content-type"]).toBe("application/pdf");

  const root = readPemBlocks(readFileSync(join(dataDir, "testbed", "pki", "ca", "root.crt.pem"), "utf8"))[0]!;
  const checked = await verifyDocument(new Uint8Array(report.rawPayload), {
    anchors: [root.der],
    fetchers: httpFetchers(),
    fileName: "parbaudes-parskats.pdf",
  });
  expect(checked.signatures).toHaveLength(1);
  expect(checked.signatures[0]).toMatchObject({ indication: "TOTAL-PASSED", format: "PAdES-BASELINE-T" });
  expect(checked.signatures[0]?.signedBy).toContain("Tilts parakstu pārbaudes pakalpojums");
}, 240_000);
