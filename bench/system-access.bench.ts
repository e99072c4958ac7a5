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
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createServer as createTlsServer } from "node:tls";
import { buildCrl, certificateToPem, issueInstitution, privateKeyToPem, TestPki } from "@tilts/testbed";
import { openDatabase } from "../packages/platform/src/db/database.ts";
import { migrateToLatest } from "../packages/platform/src/db/migrations.ts";
import { createCdaSchemaValidator } from "../packages/platform/src/ehealth/core/cda-schema.ts";
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
import { openConnection } from "../packages/platform/src/ehealth/system-access/testing/tls-client.ts";
import { formatRate, measure, median } from "./measure.ts";

const HOSPITAL = "40003000001";
const BASE_URL = "http://127.0.0.1:9/testbed";

export default async function main(): Promise<void> {
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
}
