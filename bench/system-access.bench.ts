/**
 * The mutual-TLS listener for institutions' systems (ANX2-7, ANX2-9; ehealth/system-access):
 *
 *   npx tsx bench/run.ts system-access
 *
 * - a new connection: TLS handshake with a client certificate, our check (strict RFC 5280 path,
 *   cached CRL, binding lookup, the `connected` audit record) and one whoami; against a baseline
 *   of a bare node TLS server with the same key, certificate and settings that answers at once;
 * - a request on an open keep-alive connection;
 * - revocation: from `revoke` in the test PKI to the server holding no connection of the
 *   certificate, with the CRL refreshed every second (ANX2-9: "within one refresh") — the
 *   median over several revocations, expected ≤ the refresh interval plus one CRL fetch.
 * PGlite in memory; 127.0.0.1 sockets; the CRL served in process (no HTTP).
 *
 * Then the document service (ANX2-12), on PostgreSQL when TEST_DATABASE_URL is set (a database
 * of its own, dropped afterwards), else PGlite: 16 keep-alive mTLS clients submit a 50 kB signed
 * CDA (XAdES-LT) as fast as they are answered; documents accepted per second and p99 latency,
 * against the same listener answering a bare insert of the same bytes (no parse, schema,
 * signature, rights or access record). Clients run in the same process as the server, for both.
 * Before the load, each stage of one upload's checks alone (parse, schema, header, signature).
 *
 * BENCH_DOCUMENTS_ONLY=1 runs the document service alone; BENCH_CPU_PROFILE=<folder> writes a CPU
 * profile of each load (cpu-profile.ts) and prints where its time went.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createServer as createTlsServer } from "node:tls";
import { buildCrl, certificateToPem, issueInstitution, privateKeyToPem, TestPki } from "@tilts/testbed";
import { parseXml, SignatureCheckCache, serializeXml, verifyParsedXmlDocument } from "@tilts/trust";
import { sql } from "kysely";
import pg from "pg";
import { type OpenDatabase, openDatabase } from "../packages/platform/src/db/database.ts";
import { migrateToLatest } from "../packages/platform/src/db/migrations.ts";
import { createCdaSchemaValidator } from "../packages/platform/src/ehealth/core/cda-schema.ts";
import { readCdaHeader } from "../packages/platform/src/ehealth/documents/cda-header.ts";
import {
  checkUpload,
  type UploadCheckPorts,
} from "../packages/platform/src/ehealth/documents/check-upload.ts";
import { envelopedSignatureOf } from "../packages/platform/src/ehealth/documents/signature-check.ts";
import { createUploadCheckWorkers } from "../packages/platform/src/ehealth/documents/upload-check-workers.ts";
import {
  bindSystemCertificate,
  certificateFingerprint,
} from "../packages/platform/src/ehealth/system-access/binding-store.ts";
import { DEFAULT_KEY_POLICY } from "../packages/platform/src/ehealth/system-access/core/key-policy.ts";
import {
  startSystemAccessListener,
  TLS_SIGNATURE_ALGORITHMS,
  TLS12_CIPHERS,
} from "../packages/platform/src/ehealth/system-access/listener.ts";
import { WHOAMI_PATH } from "../packages/platform/src/ehealth/system-access/routes.ts";
import {
  type SystemClient,
  systemClient,
} from "../packages/platform/src/ehealth/system-access/testing/https-client.ts";
import {
  FIXTURE,
  sampleDocument,
  seedServiceFixture,
  signWith,
} from "../packages/platform/src/ehealth/system-access/testing/service-fixture.ts";
import { openConnection } from "../packages/platform/src/ehealth/system-access/testing/tls-client.ts";
import { DOCUMENTS_PATH } from "../packages/platform/src/ehealth/system-access/web-services/document-routes.ts";
import { profiled } from "./cpu-profile.ts";
import { formatRate, measure, median } from "./measure.ts";

const HOSPITAL = "40003000001";
const BASE_URL = "http://127.0.0.1:9/testbed";

export default async function main(): Promise<void> {
  if (process.env.BENCH_DOCUMENTS_ONLY === "1") return measureDocumentService();
  const dir = mkdtempSync(join(tmpdir(), "tilts-bench-system-access-"));
  const pki = TestPki.create(join(dir, "pki"), { baseUrl: BASE_URL });
  const database = await openDatabase({ kind: "pglite" });
  await migrateToLatest(database.db);
  await database.db
    .insertInto("ehealth_institution")
    .values({
      registration_number: HOSPITAL,
      name: "Slimnīca",
      kind: "hospital",
      staff_size: "large",
      contact_email: "it@slimnica.example",
      status: "active",
      status_changed_at: new Date(),
      created_at: new Date(),
    })
    .execute();
  const server = issueInstitution(pki, { name: "Tilts system access", registrationNumber: "90000000000" });
  const serverTls = { key: privateKeyToPem(server.privateKey), cert: certificateToPem(server.certificate) };
  const listener = await startSystemAccessListener({
    db: database.db,
    host: "127.0.0.1",
    port: 0,
    serverKey: serverTls.key,
    serverCertificate: serverTls.cert,
    clientCas: () => [pki.ca("org").certificate],
    keyPolicy: DEFAULT_KEY_POLICY,
    crlRefreshMs: 1000,
    fetchCrl: async (url) => (url === `${BASE_URL}/crl/org.crl` ? buildCrl(pki, "org") : undefined),
    documents: {
      schema: await createCdaSchemaValidator(),
      trust: { anchors: () => [pki.ca("root").certificate] },
    },
  });
  let systems = 0;
  const boundClient = async () => {
    const credential = issueInstitution(pki, { name: "Slimnīca", registrationNumber: HOSPITAL });
    await bindSystemCertificate(database.db, {
      certificate: credential.certificate,
      registrationNumber: HOSPITAL,
      systemName: `system ${++systems}`,
      actor: "bench",
      now: new Date(),
    });
    return {
      credential,
      tls: { cert: certificateToPem(credential.certificate), key: privateKeyToPem(credential.privateKey) },
    };
  };

  const client = await boundClient();
  // Baseline: node's TLS alone, same credential and settings, answering without any check.
  const bare = createTlsServer({
    ...serverTls,
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: "TLSv1.2",
    ciphers: TLS12_CIPHERS,
    sigalgs: TLS_SIGNATURE_ALGORITHMS,
  });
  bare.on("secureConnection", (socket) =>
    socket.once("data", () => socket.end("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")),
  );
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const barePort = (bare.address() as { port: number }).port;

  const connectAndAsk = async (port: number) => {
    const connection = await openConnection(port, client.tls);
    await connection.get(WHOAMI_PATH);
    connection.socket.destroy();
  };
  console.log(
    formatRate(
      "bare TLS 1.3 handshake + answer (baseline)",
      await measure(() => connectAndAsk(barePort), 5, 500),
    ),
  );
  console.log(
    formatRate(
      "new connection: handshake + check + whoami",
      await measure(() => connectAndAsk(listener.port), 5, 500),
    ),
  );
  const open = await openConnection(listener.port, client.tls);
  console.log(
    formatRate("whoami on an open keep-alive connection", await measure(() => open.get(WHOAMI_PATH), 5, 500)),
  );
  open.socket.destroy();

  // Revocation → no connection left, with the listener's own 1 s refresh timer.
  const delays: number[] = [];
  for (let i = 0; i < 7; i++) {
    const { credential, tls } = await boundClient();
    const connection = await openConnection(listener.port, tls);
    await connection.get(WHOAMI_PATH);
    const fingerprint = certificateFingerprint(credential.certificate);
    const start = performance.now();
    pki.revoke(credential.certificate, "keyCompromise");
    while (listener.guard.openConnections(fingerprint) > 0) await new Promise((r) => setTimeout(r, 5));
    delays.push(performance.now() - start);
    await connection.closed;
  }
  console.log(
    `revocation → connections closed (refresh 1000 ms, ${delays.length} runs): median ${median(delays).toFixed(0)} ms, max ${Math.max(...delays).toFixed(0)} ms`,
  );

  bare.close();
  await listener.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
  await measureDocumentService();
}

const CLIENTS = 16;
const DOCUMENT_BYTES = 50_000;
const ROUND_MS = 4000;
const ROUNDS = 3;

/** A database for the document benchmark: a fresh PostgreSQL database, or PGlite. */
async function benchDatabase(): Promise<{ db: OpenDatabase; label: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({ kind: "pglite" });
    return { db, label: "PGlite in memory", drop: async () => {} };
  }
  const name = `tilts_bench_${randomBytes(5).toString("hex")}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgresql", url: url.toString() });
  return { db, label: "PostgreSQL", drop: () => admin(serverUrl, `drop database ${name}`) };
}

async function admin(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** `CLIENTS` loops posting `body` to `path` for `ROUND_MS`; answers other than 201 are errors. */
async function load(
  clients: SystemClient[],
  path: string,
  headers: Record<string, string>,
  body: Uint8Array,
) {
  const latencies: number[] = [];
  const deadline = performance.now() + ROUND_MS;
  const start = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        const answer = await client.send("POST", path, { headers, body });
        if (answer.status !== 201)
          throw new Error(`${path} answered ${answer.status}: ${answer.body.toString()}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { perSecond: (latencies.length * 1000) / (performance.now() - start), latencies };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/** The machine's load, printed beside each figure: the project's machines are shared. */
function load1(): string {
  return `load ${loadavg()[0]!.toFixed(1)}`;
}

/**
 * Where one upload's time goes (docs/performance.md): each stage of checkUpload alone, one
 * document at a time in this thread, median of 30 after 5 warm-ups, then the whole of it.
 */
async function measureStages(body: Uint8Array, ports: UploadCheckPorts): Promise<void> {
  const time = async (label: string, fn: () => unknown) => {
    for (let i = 0; i < 5; i++) await fn();
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      await fn();
      times.push(performance.now() - start);
    }
    console.log(`  ${label.padEnd(62)} ${median(times).toFixed(2).padStart(7)} ms  (${load1()})`);
  };
  const parsed = parseXml(body);
  const signature = envelopedSignatureOf(parsed.document)!;
  const signedContent = serializeXml(parsed.document, { xmlDeclaration: true, omit: signature });
  const anchors = await ports.trust.anchors();
  console.log(`stages of one upload (${body.length} B), one at a time:`);
  await time("hardened parse (parseXml)", () => parseXml(body));
  await time("signed content for the schema (serializeXml, signature left out)", () =>
    serializeXml(parsed.document, { xmlDeclaration: true, omit: signature }),
  );
  await time("CDA schema, libxml2 parse + validate (validateHardened)", () =>
    ports.schema.validateHardened(signedContent),
  );
  await time("header fields (readCdaHeader)", () => readCdaHeader(parsed.document));
  await time("signature on the parsed tree, nothing memoised", () =>
    verifyParsedXmlDocument(parsed, { anchors, signatureCache: new SignatureCheckCache() }),
  );
  const shared = new SignatureCheckCache();
  await time("signature on the parsed tree, CA signatures memoised", () =>
    verifyParsedXmlDocument(parsed, { anchors, signatureCache: shared }),
  );
  await time("whole checkUpload (as the service runs it)", () => checkUpload(body, FIXTURE.patient, ports));
}

async function measureDocumentService(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tilts-bench-system-documents-"));
  const pki = TestPki.create(join(dir, "pki"), { baseUrl: BASE_URL });
  const { db: database, label, drop } = await benchDatabase();
  try {
    await migrateToLatest(database.db);
    await seedServiceFixture(database.db, new Date());
    await sql`create table bench_bare_document (id uuid primary key, content bytea not null)`.execute(
      database.db,
    );
    const server = issueInstitution(pki, { name: "Tilts system access", registrationNumber: "90000000000" });
    const checks: UploadCheckPorts = {
      schema: await createCdaSchemaValidator(),
      trust: { anchors: () => [pki.ca("root").certificate] },
    };
    const startListener = (documents: UploadCheckPorts) =>
      startSystemAccessListener({
        db: database.db,
        host: "127.0.0.1",
        port: 0,
        serverKey: privateKeyToPem(server.privateKey),
        serverCertificate: certificateToPem(server.certificate),
        clientCas: () => [pki.ca("org").certificate],
        keyPolicy: DEFAULT_KEY_POLICY,
        crlRefreshMs: 60_000,
        fetchCrl: async (url) => (url === `${BASE_URL}/crl/org.crl` ? buildCrl(pki, "org") : undefined),
        documents,
        // The baseline: the same listener, TLS and binding check, storing the bytes as they come.
        additionalRoutes: (app) =>
          app.post(BARE_PATH, async (request, reply) => {
            await sql`insert into bench_bare_document (id, content) values (${randomUUID()}, ${request.body as Buffer})`.execute(
              database.db,
            );
            return reply.code(201).send({});
          }),
      });
    const listener = await startListener(checks);
    const credential = issueInstitution(pki, { name: "Slimnīca", registrationNumber: FIXTURE.hospital });
    await bindSystemCertificate(database.db, {
      certificate: credential.certificate,
      registrationNumber: FIXTURE.hospital,
      systemName: "HIS",
      actor: "bench",
      now: new Date(),
    });
    const tls = {
      cert: certificateToPem(credential.certificate),
      key: privateKeyToPem(credential.privateKey),
    };
    // Padded so that the signed document (signature, certificates and OCSP answers included) is 50 kB.
    const bare = (await signWith(pki, credential, sampleDocument(new Date()))).length;
    const signed = await signWith(pki, credential, sampleDocument(new Date(), DOCUMENT_BYTES - bare));
    const body = new TextEncoder().encode(signed);
    const headers = {
      "content-type": "application/xml",
      "tilts-professional": FIXTURE.doctor,
      "tilts-purpose": "treatment",
      "tilts-patient": FIXTURE.patient,
    };
    let clients = Array.from({ length: CLIENTS }, () => systemClient(listener.port, tls));
    const report = async (name: string, path: string) => {
      const rates: number[] = [];
      const latencies: number[] = [];
      await load(clients, path, headers, body); // warm-up: connections open, code compiled
      await profiled(name.split(":")[0]!.replaceAll(" ", "-"), async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const result = await load(clients, path, headers, body);
          rates.push(result.perSecond);
          latencies.push(...result.latencies);
        }
      });
      console.log(
        `${name.padEnd(48)} ${median(rates).toFixed(1).padStart(8)} docs/s  p50 ${percentile(latencies, 0.5).toFixed(1).padStart(6)} ms  p99 ${percentile(latencies, 0.99).toFixed(1).padStart(7)} ms  (${load1()})`,
      );
      return median(rates);
    };
    console.log(
      `document service, ${label}, ${CLIENTS} keep-alive mTLS clients, ${body.length} B signed CDA:`,
    );
    await measureStages(body, checks);
    const baseline = await report("bare insert of the same bytes (baseline)", BARE_PATH);
    const documents = await report("submit: checks + signature + store + record", DOCUMENTS_PATH);
    console.log(`documents / baseline: ${(documents / baseline).toFixed(2)}`);
    for (const client of clients) client.close();
    await listener.close();

    // The same service with the checks in worker threads, one per core (upload-check-workers.ts).
    const workers = createUploadCheckWorkers();
    try {
      const threaded = await startListener({ ...checks, workers });
      clients = Array.from({ length: CLIENTS }, () => systemClient(threaded.port, tls));
      const inWorkers = await report(
        `submit, checks in ${availableParallelism()} worker threads`,
        DOCUMENTS_PATH,
      );
      console.log(`documents in workers / baseline: ${(inWorkers / baseline).toFixed(2)}`);
      for (const client of clients) client.close();
      await threaded.close();
    } finally {
      await workers.close();
    }
  } finally {
    await database.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const BARE_PATH = "/bench/bare-insert";
