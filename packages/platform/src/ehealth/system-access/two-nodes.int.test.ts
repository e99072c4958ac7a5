/**
 * Several nodes: two real `tilts start` processes (bin/tilts.js) on one PostgreSQL database serve
 * the same institutions. What one node counts or learns must hold on the other: an anti-copying
 * limit crossed half through each node trips (CON-3, ANX2-17); a revocation closes the connection
 * the other node holds within one CRL refresh and refuses the next handshake on both (ANX2-9,
 * DEV-4); a web session begun on one node is honoured by the other; a queued e-mail is sent once
 * although both nodes run the outbox's sender.
 *
 * How the nodes are set up, as an installation behind a load balancer would be: both have the
 * same PUBLIC_URL — node 1's address stands in for the balancer's — so the sign-in broker's
 * issuer and the portal's redirect addresses are one. Both run from one data folder, which holds
 * what nodes of one installation share by configuration — the key-encryption secret (keys in the
 * database open under it, CON-13), the system-access listener's credential and the client-CA file
 * — and the test PKI's state. Node 1 starts alone first: it creates the PKI (whose CRL
 * distribution points name PUBLIC_URL, node 1), its credential and the demo data; node 2 then
 * finds them all. Each node mounts /testbed, but every certificate's CRL distribution point is
 * node 1's, so both nodes' revocation caches fetch node 1's CRL — one testbed stands in for one
 * LVRTC, which all real nodes would ask. `tilts testbed revoke` writes the PKI's state, which node
 * 1's testbed reads on every CRL request. Each node has its own SMTP stand-in (its /testbed/mail).
 *
 * PostgreSQL only (PGlite is one process's embedded database): skipped without TEST_DATABASE_URL.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificateToPem, issueInstitution, privateKeyToPem, TestPki } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyEncryptionOf, loadConfig } from "../../config/config.ts";
import { openDatabase } from "../../db/database.ts";
import { freshPostgresDatabase } from "../../db/testing.ts";
import { loopbackFetch } from "../../identity/testing/test-platform.ts";
import { demoPeople } from "../cli/demo-people.ts";
import { DEMO_INSTITUTIONS } from "../demo/index.ts";
import { csrfTokenOf, signInToEhealth } from "../testing/sign-in.ts";
import { WHOAMI_PATH } from "./routes.ts";
import { type SystemClient, systemClient } from "./testing/https-client.ts";
import { freePorts, type ProcessEnv, type RunningNode, runCli, startNode } from "./testing/node-process.ts";
import { type OpenConnection, openConnection } from "./testing/tls-client.ts";
import { DOCUMENTS_PATH } from "./web-services/document-routes.ts";
import { PROBLEM_TYPE_PREFIX } from "./web-services/problems.ts";

const serverUrl = process.env.TEST_DATABASE_URL;
const HOSPITAL = DEMO_INSTITUTIONS.hospital.registrationNumber;
const REFRESH_SECONDS = 2;
/** The system's own limit: patients a day (a day's window, so the test never straddles a window's end). */
const SYSTEM_PATIENTS_PER_DAY = 4;
/** A closure or refusal waits at most one refresh plus this (a CRL fetch and the audit write, on a loaded machine). */
const SLACK_MS = 1_500;

/** Rejects when `promise` has not settled within `ms`: no wait in this test may hang CI. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe.skipIf(!serverUrl)("two tilts start nodes on one PostgreSQL (needs TEST_DATABASE_URL)", () => {
  const { cast } = demoPeople();
  let dataDir: string;
  const nodes: RunningNode[] = [];
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined;
  let env: ProcessEnv;
  let tls: { cert: string; key: string };
  let serial: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "tilts-two-nodes-"));
    database = await freshPostgresDatabase(serverUrl as string);
    const ports = await freePorts(2);
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: "warn",
      DATABASE_URL: database.url,
      PUBLIC_URL: `http://127.0.0.1:${ports[0]}`,
      SYSTEM_ACCESS_PORT: "0",
      SYSTEM_ACCESS_CRL_REFRESH_SECONDS: String(REFRESH_SECONDS),
      // Only the system's limit is low; the detectors are set out of the way (the demo's patients
      // are neither a code-order run nor all related to the hospital).
      COPYING_SYSTEM_LIMITS: `${SYSTEM_PATIENTS_PER_DAY} patients/day`,
      COPYING_SEQUENTIAL_RUN: "1000",
      COPYING_UNRELATED_PATIENTS_PER_DAY: "100000",
    };
    for (const port of ports) nodes.push(await startNode({ port, dataDir, env }));
    // The hospital's system gets a connection certificate from the test PKI and is bound with the CLI.
    const pki = TestPki.load(join(dataDir, "testbed", "pki"), {
      keyPassphrase: keyEncryptionOf(loadConfig({ env: { DATA_DIR: dataDir } })).pkcs8Passphrase(),
    });
    const credential = issueInstitution(pki, {
      name: DEMO_INSTITUTIONS.hospital.name,
      registrationNumber: HOSPITAL,
    });
    serial = credential.record.serial;
    tls = { cert: certificateToPem(credential.certificate), key: privateKeyToPem(credential.privateKey) };
    const certFile = join(dataDir, "his.crt.pem");
    writeFileSync(certFile, tls.cert);
    const bound = await runCli(
      ["ehealth", "system", "bind", certFile, "--institution", HOSPITAL, "--system", "HIS", "--json"],
      { ...env, DATA_DIR: dataDir },
    );
    expect(bound.stderr).toBe("");
    expect(bound.code).toBe(0);
  }, 300_000);

  afterAll(async () => {
    // Stopped whatever state a failure left them in (SIGTERM, then SIGKILL to the process
    // group after 10 s), then the database dropped.
    await Promise.all(nodes.map((node) => node.stop(10_000)));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("a limit crossed half on each node trips on both (CON-3, ANX2-17)", async () => {
    const clients: SystemClient[] = nodes.map((node) => systemClient(node.systemsPort, tls));
    try {
      const list = (client: SystemClient, patient: string) =>
        client.send("GET", DOCUMENTS_PATH, {
          headers: {
            "tilts-professional": cast.hospitalDoctor.personalCode,
            "tilts-purpose": "treatment",
            "tilts-patient": patient,
          },
        });
      const patients = cast.patients.slice(0, SYSTEM_PATIENTS_PER_DAY + 2).map((p) => p.personalCode);
      const statuses: number[] = [];
      // Node 1, node 2, node 1, … : each node alone sees fewer reads than the limit.
      for (const [i, patient] of patients.slice(0, SYSTEM_PATIENTS_PER_DAY).entries())
        statuses.push((await list(clients[i % 2] as SystemClient, patient)).status);
      expect(statuses).toEqual(Array(SYSTEM_PATIENTS_PER_DAY).fill(200));
      // The fifth patient is node 1's third and node 2's third read: both refuse it.
      for (const client of clients) {
        const refused = await list(client, patients[SYSTEM_PATIENTS_PER_DAY] as string);
        expect(refused.status).toBe(429);
        expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
        expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
        expect(refused.json()).toMatchObject({
          type: `${PROBLEM_TYPE_PREFIX}copying-limit-reached`,
          code: "copying-limit-reached",
          status: 429,
        });
      }
    } finally {
      for (const client of clients) client.close();
    }
  }, 60_000);

  it("a revocation closes the connections both nodes hold within one refresh and refuses the next handshake on both (ANX2-9)", async () => {
    const held: OpenConnection[] = [];
    for (const node of nodes) {
      const connection = await openConnection(node.systemsPort, tls);
      held.push(connection);
      expect(await connection.get(WHOAMI_PATH)).toMatchObject({
        status: 200,
        body: { institution: { registrationNumber: HOSPITAL }, system: { name: "HIS" } },
      });
    }
    const revoked = await runCli(["testbed", "revoke", serial, "--data-dir", dataDir], env);
    expect(revoked.code).toBe(0);
    const revokedAt = Date.now();
    const closedAfter = await Promise.all(
      held.map((connection, i) =>
        within(
          connection.closed.then(() => Date.now() - revokedAt),
          REFRESH_SECONDS * 1000 + SLACK_MS,
          `the connection held to node ${i + 1} closed`,
        ),
      ),
    );
    expect(closedAfter.every((ms) => ms <= REFRESH_SECONDS * 1000 + SLACK_MS)).toBe(true);
    for (const node of nodes) {
      const attempt = await within(openConnection(node.systemsPort, tls), 10_000, "a new handshake");
      await expect(within(attempt.get(WHOAMI_PATH), 10_000, "the refusal")).rejects.toThrow(
        /closed the connection/,
      );
    }

    // Both closures and both refusals are in the one audit log the nodes share.
    const opened = await openDatabase({ kind: "postgresql", url: (database as { url: string }).url });
    try {
      const records = await opened.db
        .selectFrom("audit_log")
        .select(["action", "purpose"])
        .where("object", "=", `certificate:${serial}`)
        .where("action", "in", ["ehealth.system-access.closed", "ehealth.system-access.refused"])
        .orderBy("action")
        .execute();
      expect(records).toEqual([
        { action: "ehealth.system-access.closed", purpose: "reason=revoked" },
        { action: "ehealth.system-access.closed", purpose: "reason=revoked" },
        { action: "ehealth.system-access.refused", purpose: "reason=revoked" },
        { action: "ehealth.system-access.refused", purpose: "reason=revoked" },
      ]);
    } finally {
      await opened.close();
    }
  }, 60_000);

  it("a web session begun on node 1 is honoured by node 2: its form is accepted there and the patient page opens on either", async () => {
    const [one, two] = nodes as [RunningNode, RunningNode];
    const { browser } = await signInToEhealth({ base: one.webUrl }, cast.hospitalDoctor, "professional", {
      returnTo: "/ehealth/portal/",
    });
    // Without the session's cookie node 2 sends the browser to sign in; with it, the portal opens.
    const stranger = await loopbackFetch(`${two.webUrl}/ehealth/portal/`, { redirect: "manual" });
    expect(stranger.status).toBe(303);
    const homeOnTwo = await browser.request(`${two.webUrl}/ehealth/portal/`);
    expect(homeOnTwo.status).toBe(200);
    expect(await homeOnTwo.text()).toContain(cast.hospitalDoctor.familyName);
    // The page came from node 1, its form goes to node 2 (the anti-forgery token holds on both).
    const homeOnOne = await (await browser.request(`${one.webUrl}/ehealth/portal/`)).text();
    const found = await browser.request(`${two.webUrl}/ehealth/portal/find`, {
      form: {
        _csrf: csrfTokenOf(homeOnOne),
        institution: HOSPITAL,
        patient: (cast.patients[0] as { personalCode: string }).personalCode,
        purpose: "treatment",
      },
    });
    expect(found.status).toBe(303);
    const location = found.headers.get("location") as string;
    expect(location).toMatch(/^\/ehealth\/portal\/patient\?/);
    // The patient's reference was sealed on node 2 for this session; node 1 opens it.
    const patientPage = await browser.request(`${one.webUrl}${location}`);
    expect(patientPage.status).toBe(200);
  }, 120_000);

  it("an e-mail queued once is sent once, although both nodes run the outbox's sender", async () => {
    // Planned maintenance ten days ahead, at night (Riga time): every active institution is told.
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const scheduled = await runCli(
      [
        "ehealth",
        "maintenance",
        "schedule",
        "--start",
        `${day}T21:00+02:00`,
        "--end",
        `${day}T23:00+02:00`,
        "--description-lv",
        "Datubāzes atjaunināšana",
        "--description-en",
        "Database upgrade",
        "--json",
      ],
      { ...env, DATA_DIR: dataDir },
    );
    expect(scheduled.stderr).toBe("");
    const { notified } = JSON.parse(scheduled.stdout) as { notified: number };
    expect(notified).toBeGreaterThan(1);

    const opened = await openDatabase({ kind: "postgresql", url: (database as { url: string }).url });
    try {
      // Every message of the outbox (the maintenance notices and any other) must be sent once.
      const outbox = () =>
        opened.db.selectFrom("mail_outbox").select(["kind", "status", "attempts"]).execute();
      const deadline = Date.now() + 60_000;
      let rows = await outbox();
      while (rows.some((row) => row.status !== "sent") && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        rows = await outbox();
      }
      expect(rows.filter((row) => row.kind === "ehealth.maintenance.scheduled")).toHaveLength(notified);
      expect(rows.map((row) => [row.status, row.attempts])).toEqual(Array(rows.length).fill(["sent", 1]));
      // What reached the two nodes' SMTP stand-ins: each message once, on one node or the other.
      let received = 0;
      for (const node of nodes) {
        const page = await (await loopbackFetch(`${node.webUrl}/testbed/mail/`)).text();
        received += page.split('<h2 id="mail-').length - 1;
      }
      expect(received).toBe(rows.length);
    } finally {
      await opened.close();
    }
  }, 120_000);

  it("both nodes stop cleanly, and the audit log they appended to together verifies as one chain (CON-9)", async () => {
    expect(await Promise.all(nodes.map((node) => node.stop()))).toEqual([0, 0]);
    const verified = await runCli(["audit", "verify", "--json"], { ...env, DATA_DIR: dataDir });
    expect(verified.stderr).toBe("");
    const report = JSON.parse(verified.stdout) as { intact: boolean; records: number; unlinked: number };
    expect(report).toMatchObject({ intact: true, unlinked: 0 });
    expect(verified.code).toBe(0);
  }, 60_000);
});
