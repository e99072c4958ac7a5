/**
 * The mutual-TLS listener over real sockets on 127.0.0.1 (ANX2-7, ANX2-9, ANX2-11, DEV-4): a bound
 * connection certificate gets its binding; unbound, foreign, expired, weak and TLS 1.1 clients are
 * refused with a recorded reason; a revocation cuts a live keep-alive connection within one CRL
 * refresh (1 s here) and refuses the next handshake; a released hold restores access.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import { bindSystemCertificate, certificateFingerprint } from "./binding-store.ts";
import { DEFAULT_KEY_POLICY } from "./core/key-policy.ts";
import { type SystemAccessListener, startSystemAccessListener } from "./listener.ts";
import { WHOAMI_PATH } from "./routes.ts";
import { openConnection } from "./testing/tls-client.ts";

const HOSPITAL = "40003000001";
const BASE_URL = "http://127.0.0.1:9/testbed";

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"]);
    return true;
  } catch {
    return false;
  }
}
const OPENSSL = hasOpenssl();

const tlsOptionsOf = (c: {
  certificate: Uint8Array;
  privateKey: { export: IssuedCredential["privateKey"]["export"] };
}) => ({
  cert: certificateToPem(c.certificate),
  key: privateKeyToPem(c.privateKey as IssuedCredential["privateKey"]),
});

describe.each(testDatabaseKinds())("system-access listener on $name", (kind) => {
  let dir: string;
  let pki: TestPki;
  let db: TestDatabase;
  let listener: SystemAccessListener;

  async function bind(credential: IssuedCredential, systemName: string): Promise<void> {
    await bindSystemCertificate(db.db, {
      certificate: credential.certificate,
      registrationNumber: HOSPITAL,
      systemName,
      actor: "cli",
      now: new Date(),
    });
  }

  /** Waits for the audit record of `action` about `serial` (or any, without), returning its purpose. */
  async function auditRecord(action: string, serial?: string, purpose?: string): Promise<string | null> {
    for (let i = 0; i < 100; i++) {
      let query = db.db.selectFrom("audit_log").select(["purpose", "outcome"]).where("action", "=", action);
      if (serial) query = query.where("object", "=", `certificate:${serial}`);
      if (purpose) query = query.where("purpose", "=", purpose);
      const row = await query.orderBy("seq", "desc").executeTakeFirst();
      if (row) return row.purpose;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${action} audit record for ${serial ?? "any certificate"}`);
  }

  /** Connects, asks whoami, and expects to be cut off without an answer. */
  async function expectRefused(options: Parameters<typeof openConnection>[1]): Promise<void> {
    const connection = await openConnection(listener.port, options).catch(() => undefined);
    if (!connection) return; // refused inside the handshake
    await expect(connection.get(WHOAMI_PATH)).rejects.toThrow(/closed the connection/);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tilts-system-access-"));
    pki = TestPki.create(join(dir, "pki"), { baseUrl: BASE_URL });
    db = await kind.open();
    await db.db
      .insertInto("ehealth_institution")
      .values({
        registration_number: HOSPITAL,
        name: "Sistēmu slimnīca",
        kind: "hospital",
        staff_size: "large",
        contact_email: "it@slimnica.example",
        status: "active",
        status_changed_at: new Date(),
        created_at: new Date(),
      })
      .execute();
    const server = issueInstitution(pki, {
      name: "Tilts e-health system access",
      registrationNumber: "90000000001",
    });
    listener = await startSystemAccessListener({
      db: db.db,
      host: "127.0.0.1",
      port: 0,
      serverKey: privateKeyToPem(server.privateKey),
      serverCertificate: certificateToPem(server.certificate),
      clientCas: () => [pki.ca("org").certificate],
      keyPolicy: DEFAULT_KEY_POLICY,
      crlRefreshMs: 1000,
      // The test PKI's CRL as its /testbed/crl/org.crl route serves it (the URL in every certificate).
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
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a bound system's whoami with its institution and system", async () => {
    const credential = issueInstitution(pki, { name: "Sistēmu slimnīca", registrationNumber: HOSPITAL });
    await bind(credential, "HIS");
    for (const version of ["TLSv1.2", "TLSv1.3"] as const) {
      const connection = await openConnection(listener.port, {
        ...tlsOptionsOf(credential),
        minVersion: version,
        maxVersion: version,
      });
      const answer = await connection.get(WHOAMI_PATH);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        institution: { registrationNumber: HOSPITAL, name: "Sistēmu slimnīca" },
        system: { name: "HIS" },
        certificate: { serial: credential.record.serial },
      });
      expect(connection.socket.getProtocol()).toBe(version);
      connection.socket.destroy();
    }
    // The admission is audited (auditRecord throws when no record exists; this one has no purpose).
    expect(await auditRecord("ehealth.system-access.connected", credential.record.serial)).toBeNull();
  });

  it("refuses an unbound certificate", async () => {
    const credential = issueInstitution(pki, { name: "Sistēmu slimnīca", registrationNumber: HOSPITAL });
    await expectRefused(tlsOptionsOf(credential));
    expect(await auditRecord("ehealth.system-access.refused", credential.record.serial)).toBe(
      "reason=not-bound",
    );
  });

  it("refuses a certificate from another CA, even when bound", async () => {
    const other = TestPki.create(join(dir, "other-pki"), { baseUrl: BASE_URL });
    const credential = issueInstitution(other, { name: "Sistēmu slimnīca", registrationNumber: HOSPITAL });
    await bind(credential, "foreign HIS");
    await expectRefused(tlsOptionsOf(credential));
    expect(await auditRecord("ehealth.system-access.refused", credential.record.serial)).toBe(
      "reason=signature-invalid",
    );
  });

  it("refuses an expired certificate", async () => {
    const credential = issueInstitution(pki, {
      name: "Sistēmu slimnīca",
      registrationNumber: HOSPITAL,
      notBefore: new Date(Date.now() - 40 * 86_400_000),
      validityDays: 30,
    });
    await bind(credential, "old HIS");
    await expectRefused(tlsOptionsOf(credential));
    expect(await auditRecord("ehealth.system-access.refused", credential.record.serial)).toBe(
      "reason=expired",
    );
  });

  it.skipIf(!OPENSSL)(
    "refuses an RSA-1024 key (ANX2-7), openssl-issued under the organisation CA",
    async () => {
      const ca = join(pki.stateDir, "ca");
      const key = join(dir, "weak.key.pem");
      const cert = join(dir, "weak.crt.pem");
      writeFileSync(
        join(dir, "weak.ext"),
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n" +
          `crlDistributionPoints=URI:${BASE_URL}/crl/org.crl\n`,
      );
      execFileSync(
        "openssl",
        [
          "req",
          "-new",
          "-newkey",
          "rsa:1024",
          "-nodes",
          "-keyout",
          key,
          "-subj",
          "/C=LV/O=Weak/CN=Weak",
          "-out",
          join(dir, "weak.csr"),
        ],
        { stdio: "ignore" },
      );
      execFileSync(
        "openssl",
        [
          "x509",
          "-req",
          "-in",
          join(dir, "weak.csr"),
          "-CA",
          join(ca, "org.crt.pem"),
          "-CAkey",
          join(ca, "org.key.pem"),
          "-set_serial",
          "0x5eed1024",
          "-days",
          "30",
          "-sha256",
          "-extfile",
          join(dir, "weak.ext"),
          "-out",
          cert,
        ],
        { stdio: "ignore" },
      );
      const { readFileSync } = await import("node:fs");
      await expectRefused({
        cert: readFileSync(cert, "utf8"),
        key: readFileSync(key, "utf8"),
        ciphers: "DEFAULT@SECLEVEL=0",
      });
      expect(await auditRecord("ehealth.system-access.refused", "5eed1024")).toBe("reason=weak-key");
    },
  );

  it("refuses the systems of an institution whose access was suspended (CON-6)", async () => {
    const pharmacy = "40003000002";
    await db.db
      .insertInto("ehealth_institution")
      .values({
        registration_number: pharmacy,
        name: "Aptieka",
        kind: "pharmacy",
        staff_size: "small",
        contact_email: "it@aptieka.example",
        status: "active",
        status_changed_at: new Date(),
        created_at: new Date(),
      })
      .execute();
    const credential = issueInstitution(pki, { name: "Aptieka", registrationNumber: pharmacy });
    await bindSystemCertificate(db.db, {
      certificate: credential.certificate,
      registrationNumber: pharmacy,
      systemName: "pharmacy system",
      actor: "cli",
      now: new Date(),
    });
    const before = await openConnection(listener.port, tlsOptionsOf(credential));
    expect((await before.get(WHOAMI_PATH)).status).toBe(200);
    before.socket.destroy();
    await db.db
      .updateTable("ehealth_institution")
      .set({ status: "suspended" })
      .where("registration_number", "=", pharmacy)
      .execute();
    await expectRefused(tlsOptionsOf(credential));
    expect(await auditRecord("ehealth.system-access.refused", credential.record.serial)).toBe(
      "reason=institution-inactive",
    );
  });

  it("refuses a TLS 1.1 client inside the handshake", async () => {
    const credential = issueInstitution(pki, { name: "Sistēmu slimnīca", registrationNumber: HOSPITAL });
    await bind(credential, "legacy HIS");
    await expect(
      openConnection(listener.port, {
        ...tlsOptionsOf(credential),
        minVersion: "TLSv1",
        maxVersion: "TLSv1.1",
        ciphers: "DEFAULT@SECLEVEL=0",
      }),
    ).rejects.toThrow();
    expect(
      await auditRecord("ehealth.system-access.refused", undefined, "reason=tls:unsupported-protocol"),
    ).toBe("reason=tls:unsupported-protocol");
  });

  it("cuts a live keep-alive connection when the certificate is revoked, and refuses the next handshake", async () => {
    const credential = issueInstitution(pki, { name: "Sistēmu slimnīca", registrationNumber: HOSPITAL });
    await bind(credential, "lab system");
    const connection = await openConnection(listener.port, tlsOptionsOf(credential));
    expect((await connection.get(WHOAMI_PATH)).status).toBe(200);
    expect((await connection.get(WHOAMI_PATH)).status).toBe(200); // the same connection, kept alive
    pki.revoke(credential.certificate, "keyCompromise");
    // One refresh is enough: once it has run, the server holds no connection of this certificate.
    await listener.revocation.refreshNow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(listener.guard.openConnections(certificateFingerprint(credential.certificate))).toBe(0);
    await connection.closed;
    expect(await auditRecord("ehealth.system-access.closed", credential.record.serial)).toBe(
      "reason=revoked",
    );
    await expectRefused(tlsOptionsOf(credential));
    expect(await auditRecord("ehealth.system-access.refused", credential.record.serial)).toBe(
      "reason=revoked",
    );
  });

  it("suspends on a hold and restores access when the hold is released", async () => {
    const credential = issueInstitution(pki, { name: "Sistēmu slimnīca", registrationNumber: HOSPITAL });
    await bind(credential, "pharmacy system");
    const connection = await openConnection(listener.port, tlsOptionsOf(credential));
    expect((await connection.get(WHOAMI_PATH)).status).toBe(200);
    pki.revoke(credential.certificate, "certificateHold");
    await connection.closed; // by the listener's own 1 s refresh timer
    expect(await auditRecord("ehealth.system-access.closed", credential.record.serial)).toBe("reason=held");
    await expectRefused(tlsOptionsOf(credential));
    pki.releaseHold(credential.certificate);
    expect(await auditRecord("ehealth.system-access.restored", credential.record.serial)).toBe(
      "reason=hold-released",
    );
    const again = await openConnection(listener.port, tlsOptionsOf(credential));
    expect((await again.get(WHOAMI_PATH)).status).toBe(200);
    again.socket.destroy();
  });

  it.skipIf(!OPENSSL)(
    "serves openssl s_client with a good certificate and cuts it off once revoked",
    async () => {
      const credential = issueInstitution(pki, { name: "Sistēmu slimnīca", registrationNumber: HOSPITAL });
      await bind(credential, "s_client");
      const cert = join(dir, "s_client.crt.pem");
      const key = join(dir, "s_client.key.pem");
      writeFileSync(cert, tlsOptionsOf(credential).cert);
      writeFileSync(key, tlsOptionsOf(credential).key, { mode: 0o600 });
      const call = () =>
        new Promise<string>((resolve) => {
          const child = execFile(
            "openssl",
            ["s_client", "-connect", `127.0.0.1:${listener.port}`, "-cert", cert, "-key", key, "-quiet"],
            { timeout: 15_000 },
            (_error, stdout) => resolve(stdout),
          );
          child.stdin?.end(`GET ${WHOAMI_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        });
      const good = await call();
      expect(good).toMatch(/^HTTP\/1\.1 200/);
      expect(good).toContain(`"registrationNumber":"${HOSPITAL}"`);
      pki.revoke(credential.certificate, "superseded");
      await listener.revocation.refreshNow();
      const revoked = await call();
      expect(revoked).not.toContain("HTTP/1.1");
      expect(await auditRecord("ehealth.system-access.refused", credential.record.serial)).toBe(
        "reason=revoked",
      );
    },
  );
});
