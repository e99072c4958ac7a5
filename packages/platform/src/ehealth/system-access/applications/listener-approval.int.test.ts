/**
 * Over the real mutual-TLS listener, in production mode (PGlite and PostgreSQL): a certificate
 * approved through a connection application connects; one only filed is refused `not-bound`;
 * one bound without an approved system version (the CLI's way) is refused `version-not-approved`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildCrl,
  certificateToPem,
  type IssuedCredential,
  issueInstitution,
  privateKeyToPem,
  TestPki,
} from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../../db/testing.ts";
import { createCdaSchemaValidator } from "../../core/cda-schema.ts";
import type { Caller } from "../../services/authorize.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../../testing/workplace-fixture.ts";
import { bindSystemCertificate } from "../binding-store.ts";
import { DEFAULT_KEY_POLICY } from "../core/key-policy.ts";
import { type SystemAccessListener, startSystemAccessListener } from "../listener.ts";
import { WHOAMI_PATH } from "../routes.ts";
import { openConnection } from "../testing/tls-client.ts";
import {
  type ApplicationDeps,
  approveConnectionApplication,
  approveSystemVersion,
  fileConnectionApplication,
} from "./application-service.ts";

const BASE_URL = "http://127.0.0.1:9/testbed";

const tlsOptionsOf = (c: IssuedCredential) => ({
  cert: certificateToPem(c.certificate),
  key: privateKeyToPem(c.privateKey),
});

describe.each(testDatabaseKinds())("approved connections over mutual TLS on $name", (kind) => {
  let dir: string;
  let pki: TestPki;
  let db: TestDatabase;
  let world: WorkplaceWorld;
  let listener: SystemAccessListener;
  let deps: ApplicationDeps;
  let administrator: Caller;
  let operator: Caller;

  const issue = () => issueInstitution(pki, { name: world.hospital.name, registrationNumber: "40003000001" });
  const file = (c: IssuedCredential, systemName: string) =>
    fileConnectionApplication(deps, administrator, world.hospital.registrationNumber, {
      systemName,
      systemVersion: "5.0",
      certificatePem: certificateToPem(c.certificate),
      contactEmail: "it@slimnica.example",
    });
  const refusal = async (action: string, serial: string): Promise<string | null | undefined> => {
    for (let i = 0; i < 100; i++) {
      const row = await db.db
        .selectFrom("audit_log")
        .select("purpose")
        .where("action", "=", action)
        .where("object", "=", `certificate:${serial}`)
        .executeTakeFirst();
      if (row) return row.purpose;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  };
  const expectRefused = async (c: IssuedCredential) => {
    const connection = await openConnection(listener.port, tlsOptionsOf(c)).catch(() => undefined);
    if (connection) await expect(connection.get(WHOAMI_PATH)).rejects.toThrow(/closed the connection/);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tilts-connection-tls-"));
    pki = TestPki.create(join(dir, "pki"), { baseUrl: BASE_URL });
    db = await kind.open();
    world = await buildWorkplaceWorld(db.db);
    deps = {
      db: db.db,
      rules: { clientCas: () => [pki.ca("org").certificate], keyPolicy: DEFAULT_KEY_POLICY },
      requireApprovedVersion: true,
    };
    administrator = { personCode: world.administrator.personalCode, level: "high" };
    operator = { personCode: world.operator.personalCode, level: "high" };
    const server = issueInstitution(pki, { name: "Tilts system access", registrationNumber: "90000000001" });
    listener = await startSystemAccessListener({
      db: db.db,
      host: "127.0.0.1",
      port: 0,
      serverKey: privateKeyToPem(server.privateKey),
      serverCertificate: certificateToPem(server.certificate),
      clientCas: () => [pki.ca("org").certificate],
      keyPolicy: DEFAULT_KEY_POLICY,
      requireApprovedVersion: true,
      crlRefreshMs: 60_000,
      fetchCrl: async (url) => (url === `${BASE_URL}/crl/org.crl` ? buildCrl(pki, "org") : undefined),
      documents: {
        schema: await createCdaSchemaValidator(),
        trust: { anchors: () => [pki.ca("root").certificate] },
      },
    });
  }, 180_000);
  afterAll(async () => {
    await listener?.close();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("admits the certificate approved through its application, with the system it names", async () => {
    const approved = issue();
    await approveSystemVersion(deps, operator, {
      systemName: "Slimnīcas HIS",
      systemVersion: "5.0",
      ground: "scenāriju pārskats",
    });
    await approveConnectionApplication(deps, operator, await file(approved, "Slimnīcas HIS"));
    const connection = await openConnection(listener.port, tlsOptionsOf(approved));
    const answer = await connection.get(WHOAMI_PATH);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      institution: { registrationNumber: "40003000001" },
      system: { name: "Slimnīcas HIS" },
      certificate: { serial: approved.record.serial },
    });
    connection.socket.destroy();
  });

  it("refuses a certificate whose application is only filed", async () => {
    const filed = issue();
    await file(filed, "Laboratorijas sistēma");
    await expectRefused(filed);
    expect(await refusal("ehealth.system-access.refused", filed.record.serial)).toBe("reason=not-bound");
  });

  it("refuses, in production, a binding without an approved system version", async () => {
    const cliBound = issue();
    await bindSystemCertificate(db.db, {
      certificate: cliBound.certificate,
      registrationNumber: "40003000001",
      systemName: "Vecā sistēma",
      actor: "cli",
      now: new Date(),
    });
    await expectRefused(cliBound);
    expect(await refusal("ehealth.system-access.refused", cliBound.record.serial)).toBe(
      "reason=version-not-approved",
    );
  });
});
