/**
 * `tilts start` with SYSTEM_ACCESS_PORT, as an operator meets it: a real process from
 * bin/tilts.js, the listener's credential issued from the testbed PKI on first start, CRLs
 * fetched over HTTP from the testbed's distribution point on the web port, a certificate bound
 * with `tilts ehealth system bind`, revoked with `tilts testbed revoke` (ANX2-9, DEV-4).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { certificateToPem, issueInstitution, privateKeyToPem, TestPki } from "@tilts/testbed";
import { afterAll, describe, expect, it } from "vitest";
import { keyEncryptionOf, loadConfig } from "../../config/config.ts";
import { openDatabase } from "../../db/database.ts";
import { bindSystemCertificate } from "./binding-store.ts";
import { WHOAMI_PATH } from "./routes.ts";
import { systemClient } from "./testing/https-client.ts";
import { FIXTURE, sampleDocument, seedServiceFixture, signWith } from "./testing/service-fixture.ts";
import { openConnection } from "./testing/tls-client.ts";
import { DOCUMENTS_PATH } from "./web-services/document-routes.ts";

const bin = fileURLToPath(new URL("../../../bin/tilts.js", import.meta.url));
const HOSPITAL = "90000000001"; // the demo hospital the testbed seeds
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LOG_LEVEL: "warn",
  SYSTEM_ACCESS_PORT: "0",
  SYSTEM_ACCESS_CRL_REFRESH_SECONDS: "1",
};

const running = new Set<ChildProcess>();
const dataDir = mkdtempSync(join(tmpdir(), "tilts-system-access-start-"));
const workersDataDir = mkdtempSync(join(tmpdir(), "tilts-system-access-workers-"));
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workersDataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts the server; resolves with the system-access port once it says it is running. */
async function start(port: number, dir = dataDir, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, "start", "--port", String(port), "--data-dir", dir], {
    env: { ...env, ...extraEnv },
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const systemsPort = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      const match = /systems: +https:\/\/127\.0\.0\.1:(\d+)\/system\/v1\/whoami/.exec(stdout);
      if (match && stdout.includes("Stop with")) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`server exited early: ${stderr}`)));
  });
  return {
    systemsPort,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

describe("tilts start with SYSTEM_ACCESS_PORT", () => {
  it("refuses an unbound certificate, admits it once bound, and cuts it off when revoked", async () => {
    const webPort = await freePort();
    let server = await start(webPort);
    // The listener's credential and the PKI now exist; a hospital system gets its certificate.
    // The server's test PKI keeps its keys encrypted under the data folder's key-encryption secret.
    const pki = TestPki.load(join(dataDir, "testbed", "pki"), {
      keyPassphrase: keyEncryptionOf(loadConfig({ env: { DATA_DIR: dataDir } })).pkcs8Passphrase(),
    });
    const credential = issueInstitution(pki, {
      name: "Demo klīniskā slimnīca",
      registrationNumber: HOSPITAL,
    });
    const tls = {
      cert: certificateToPem(credential.certificate),
      key: privateKeyToPem(credential.privateKey),
    };
    const unbound = await openConnection(server.systemsPort, tls);
    await expect(unbound.get(WHOAMI_PATH)).rejects.toThrow(/closed the connection/);
    expect(await server.stop()).toBe(0);

    const certFile = join(dataDir, "his.crt.pem");
    writeFileSync(certFile, tls.cert);
    const bound = await cli([
      "ehealth",
      "system",
      "bind",
      certFile,
      "--institution",
      HOSPITAL,
      "--system",
      "HIS",
      "--data-dir",
      dataDir,
      "--json",
    ]);
    expect(bound.stderr).toBe("");
    expect(JSON.parse(bound.stdout)).toMatchObject({ registrationNumber: HOSPITAL, systemName: "HIS" });

    server = await start(webPort);
    const connection = await openConnection(server.systemsPort, tls);
    expect(await connection.get(WHOAMI_PATH)).toMatchObject({
      status: 200,
      body: { institution: { registrationNumber: HOSPITAL }, system: { name: "HIS" } },
    });
    const revoked = await cli(["testbed", "revoke", credential.record.serial, "--data-dir", dataDir]);
    expect(revoked.code).toBe(0);
    await connection.closed; // the next CRL refresh (1 s) cuts it
    expect(await server.stop()).toBe(0);

    const opened = await openDatabase({ kind: "pglite", dataDir });
    try {
      const records = await opened.db
        .selectFrom("audit_log")
        .select(["action", "purpose"])
        .where("object", "=", `certificate:${credential.record.serial}`)
        .orderBy("seq")
        .execute();
      expect(records).toEqual([
        { action: "ehealth.system-access.refused", purpose: "reason=not-bound" },
        { action: "ehealth.system-access.bound", purpose: "system=HIS" },
        { action: "ehealth.system-access.connected", purpose: null },
        { action: "ehealth.system-access.closed", purpose: "reason=revoked" },
      ]);
    } finally {
      await opened.close();
    }
  }, 180_000);

  it("checks a submitted document in the upload-check workers of the compiled CLI (ANX2-12, SIG-5)", async () => {
    // Workers run the platform's sources found by package name (core/worker-pool): from the
    // bundle of bin/tilts.js a worker that cannot load its module would answer every check 500.
    const workers = { SYSTEM_ACCESS_CHECK_WORKERS: "2" };
    const webPort = await freePort();
    let server = await start(webPort, workersDataDir, workers);
    const pki = TestPki.load(join(workersDataDir, "testbed", "pki"), {
      keyPassphrase: keyEncryptionOf(loadConfig({ env: { DATA_DIR: workersDataDir } })).pkcs8Passphrase(),
    });
    const credential = issueInstitution(pki, {
      name: "Sistēmu slimnīca",
      registrationNumber: FIXTURE.hospital,
    });
    // `tilts start` prints its banner before it listens for SIGTERM: a served request first.
    expect((await fetch(`http://127.0.0.1:${webPort}/readyz`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    const opened = await openDatabase({ kind: "pglite", dataDir: workersDataDir });
    try {
      await seedServiceFixture(opened.db, new Date());
      await bindSystemCertificate(opened.db, {
        certificate: credential.certificate,
        registrationNumber: FIXTURE.hospital,
        systemName: "HIS",
        actor: "cli",
        now: new Date(),
      });
    } finally {
      await opened.close();
    }

    server = await start(webPort, workersDataDir, workers);
    const client = systemClient(server.systemsPort, {
      cert: certificateToPem(credential.certificate),
      key: privateKeyToPem(credential.privateKey),
    });
    const headers = {
      "tilts-professional": FIXTURE.doctor,
      "tilts-purpose": "treatment",
      "tilts-patient": FIXTURE.patient,
      "content-type": "application/xml",
    };
    try {
      const signed = await signWith(pki, credential, sampleDocument(new Date()));
      const accepted = await client.send("POST", DOCUMENTS_PATH, { headers, body: signed });
      expect(accepted.status).toBe(201);
      expect(accepted.json()).toMatchObject({ signature: { status: "valid" } });

      const invalid = await client.send("POST", DOCUMENTS_PATH, {
        headers,
        body: signed.replace("<title>", "<unexpected/><title>"),
      });
      expect(invalid.status).toBe(422);
      expect(invalid.json()).toMatchObject({ code: "schema-invalid" });
    } finally {
      client.close();
      expect(await server.stop()).toBe(0);
    }
  }, 180_000);
});
