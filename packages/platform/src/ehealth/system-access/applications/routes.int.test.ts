/**
 * The connection-application pages over HTTP on PGlite and PostgreSQL (ANX2-3, ANX2-4): the
 * administrator files an application in Latvian (a bad certificate is refused with the message
 * next to the field), the operator sees it in the queue with the certificate's facts and due date
 * and approves or refuses it; an administrator of one institution cannot see or file for another.
 * The client CAs are SYSTEM_ACCESS_CLIENT_CAS, the file the listener reads.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificateToPem, issueInstitution, TestPki } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../../db/testing.ts";
import type { TestPlatform } from "../../../identity/testing/test-platform.ts";
import { createTestSession, type TestSession } from "../../testing/session.ts";
import { startEhealthTestPlatform } from "../../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../../testing/workplace-fixture.ts";
import { findActiveBinding } from "../binding-store.ts";
import { listConnectionApplications } from "./application-store.ts";
import { administratorConnectionsPath, approvePath, OPERATOR_CONNECTIONS_PATH, refusePath } from "./paths.ts";

describe.each(testDatabaseKinds())("connection application pages ($name)", (kind) => {
  let dir: string;
  let pki: TestPki;
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  let admin: TestSession;
  let operator: TestSession;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tilts-connection-pages-"));
    pki = TestPki.create(join(dir, "pki"), { baseUrl: "http://127.0.0.1:9/testbed" });
    const clientCas = join(dir, "client-cas.pem");
    writeFileSync(clientCas, certificateToPem(pki.ca("org").certificate));
    platform = await startEhealthTestPlatform(kind, {
      ehealth: { seedDemo: false },
      env: { SYSTEM_ACCESS_CLIENT_CAS: clientCas },
    });
    world = await buildWorkplaceWorld(platform.database.db);
    admin = await createTestSession(platform.database.db, world.administrator, "professional");
    operator = await createTestSession(platform.database.db, world.operator, "professional");
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (session: TestSession, url: string) =>
    platform.app.inject({ method: "GET", url, headers: { cookie: session.cookie } });
  const post = (session: TestSession, url: string, form: Record<string, string>) =>
    platform.app.inject({
      method: "POST",
      url,
      headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ _csrf: session.csrf, ...form }).toString(),
    });
  const hospitalPage = () => administratorConnectionsPath(world.hospital.registrationNumber);
  const fileForm = (systemName: string, pem: string) => ({
    systemName,
    systemVersion: "3.0",
    certificate: pem,
    contactEmail: "it@slimnica.example",
  });

  it("the administrator files an application; a bad certificate is refused next to its field", async () => {
    const overview = await get(admin, `/ehealth/administrator/${world.hospital.registrationNumber}/`);
    expect(overview.body).toContain(`href="${hospitalPage()}"`);
    const empty = await get(admin, hospitalPage());
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain("Sistēmu pieslēgumi");
    expect(empty.body).toContain("Pieteikumu vēl nav.");
    expect(empty.body).toContain(`value="${world.hospital.contactEmail}"`); // proposed for the decision

    const foreign = TestPki.create(join(dir, "foreign"), { baseUrl: "http://127.0.0.1:9/testbed" });
    const untrusted = issueInstitution(foreign, { name: "Svešā", registrationNumber: "40003000001" });
    const refused = await post(
      admin,
      hospitalPage(),
      fileForm("Slimnīcas HIS", certificateToPem(untrusted.certificate)),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(
      /<p class="error-message" id="connection-certificate-error">Sertifikātu nav izdevusi neviena no sertifikācijas iestādēm/,
    );
    expect(refused.body).toContain(
      'aria-describedby="connection-certificate-hint connection-certificate-error"',
    );
    expect(refused.body).toContain('value="Slimnīcas HIS"'); // what was typed stays

    const c = issueInstitution(pki, { name: world.hospital.name, registrationNumber: "40003000001" });
    const filed = await post(
      admin,
      hospitalPage(),
      fileForm("Slimnīcas HIS", certificateToPem(c.certificate)),
    );
    expect(filed.statusCode).toBe(303);
    expect(filed.headers.location).toBe(`${hospitalPage()}?done=filed`);
    const list = await get(admin, `${hospitalPage()}?done=filed`);
    expect(list.body).toContain("Pieteikums iesniegts.");
    expect(list.body).toContain(`sērijas numurs ${c.record.serial}`);
    expect(list.body).toContain("iesniegts");
    expect(list.body).toContain("RSA 2048");
  });

  it("an administrator cannot see or file for another institution (403, the missing right named)", async () => {
    const other = administratorConnectionsPath(world.practice.registrationNumber);
    const seen = await get(admin, other);
    expect(seen.statusCode).toBe(403);
    expect(seen.body).not.toContain("Sistēmu pieslēgumi</h1>");
    expect(seen.body).toContain("sistēmas pieslēguma pieteikšana"); // the missing right, in words
    const c = issueInstitution(pki, { name: world.practice.name, registrationNumber: "40003000001" });
    const filed = await post(admin, other, fileForm("Prakses sistēma", certificateToPem(c.certificate)));
    expect(filed.statusCode).toBe(403);
    const practice = await listConnectionApplications(platform.database.db, {
      registrationNumber: world.practice.registrationNumber,
    });
    expect(practice).toEqual([]);
  });

  it("the operator sees the queue with the certificate and due date, approves one and refuses another", async () => {
    const second = issueInstitution(pki, { name: world.hospital.name, registrationNumber: "40003000001" });
    expect(
      (
        await post(
          admin,
          hospitalPage(),
          fileForm("Laboratorijas sistēma", certificateToPem(second.certificate)),
        )
      ).statusCode,
    ).toBe(303);
    const [lab, his] = await listConnectionApplications(platform.database.db, { status: "submitted" }).then(
      (all) => [
        all.find((a) => a.systemName === "Laboratorijas sistēma"),
        all.find((a) => a.systemName === "Slimnīcas HIS"),
      ],
    );
    const queue = await get(operator, OPERATOR_CONNECTIONS_PATH);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`sērijas numurs ${his?.serial}`);
    expect(queue.body).toContain(`Izdevējs: ${his?.issuer}`);
    const due = his?.dueOn.split("-").reverse().join(".") as string;
    expect(queue.body).toContain(due);
    expect(queue.body).not.toContain("nokavēts");
    const home = await get(operator, "/ehealth/operator/");
    expect(home.body).toContain(`href="${OPERATOR_CONNECTIONS_PATH}"`);

    const approved = await post(operator, approvePath(his?.id as string), {});
    expect(approved.statusCode).toBe(303);
    expect(await findActiveBinding(platform.database.db, his?.fingerprint as string)).toBeDefined();
    const noReason = await post(operator, refusePath(lab?.id as string), { reason: "" });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain("Norādiet atteikuma iemeslu");
    const refused = await post(operator, refusePath(lab?.id as string), { reason: "Nepareizs sertifikāts" });
    expect(refused.statusCode).toBe(303);
    const again = await post(operator, approvePath(lab?.id as string), {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("Šis pieteikums jau ir izskatīts.");
    const mails = await platform.database.db
      .selectFrom("mail_outbox")
      .select("kind")
      .where("kind", "in", ["ehealth.connection-approved", "ehealth.connection-refused"])
      .execute();
    expect(mails.map((m) => m.kind).sort()).toEqual([
      "ehealth.connection-approved",
      "ehealth.connection-refused",
    ]);

    const list = await get(admin, `${hospitalPage()}?lang=en`);
    expect(list.body).toContain("approved");
    expect(list.body).toContain("Reason: Nepareizs sertifikāts");
  });

  it("the operator approves a system version from the queue page; a missing ground is shown at its field", async () => {
    const missing = await post(operator, `${OPERATOR_CONNECTIONS_PATH}/versions`, {
      systemName: "Slimnīcas HIS",
      systemVersion: "3.0",
      ground: "",
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="version-ground-error"');
    const added = await post(operator, `${OPERATOR_CONNECTIONS_PATH}/versions`, {
      systemName: "Slimnīcas HIS",
      systemVersion: "3.0",
      ground: "scenāriju pārskats 2026-12",
    });
    expect(added.statusCode).toBe(303);
    const page = await get(operator, `${OPERATOR_CONNECTIONS_PATH}?done=version&lang=lv`);
    expect(page.body).toContain("Sistēmas versija apstiprināta.");
    expect(page.body).toContain("scenāriju pārskats 2026-12");
  });

  /** The form as a browser sends it with a certificate file chosen (multipart/form-data). */
  const postWithFile = (
    session: TestSession,
    form: Record<string, string>,
    file: { name: string; data: Uint8Array },
    csrf = session.csrf,
  ) => {
    const boundary = "----tilts-connection-test";
    const part = (headers: string, content: Uint8Array | string) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`),
        Buffer.from(content),
        Buffer.from("\r\n"),
      ]);
    const payload = Buffer.concat([
      ...Object.entries({ _csrf: csrf, ...form }).map(([name, value]) =>
        part(`Content-Disposition: form-data; name="${name}"`, value),
      ),
      part(
        `Content-Disposition: form-data; name="certificateFile"; filename="${file.name}"\r\nContent-Type: application/octet-stream`,
        file.data,
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    return platform.app.inject({
      method: "POST",
      url: hospitalPage(),
      headers: { cookie: session.cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
      payload,
    });
  };

  it("the administrator files with the certificate as a PEM or a DER file; a bad file is refused next to it", async () => {
    const page = await get(admin, hospitalPage());
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain("Vai sertifikāta datne");

    const pem = issueInstitution(pki, { name: world.hospital.name, registrationNumber: "40003000001" });
    const byPem = await postWithFile(admin, fileForm("PEM HIS", ""), {
      name: "his.crt",
      data: new TextEncoder().encode(certificateToPem(pem.certificate)),
    });
    expect(byPem.statusCode).toBe(303);

    const der = issueInstitution(pki, { name: world.hospital.name, registrationNumber: "40003000001" });
    const derBytes = new Uint8Array(
      Buffer.from(certificateToPem(der.certificate).replace(/-----[A-Z ]+-----|\s/g, ""), "base64"),
    );
    const byDer = await postWithFile(admin, fileForm("DER HIS", ""), { name: "his.der", data: derBytes });
    expect(byDer.statusCode).toBe(303);
    const applications = await listConnectionApplications(platform.database.db, {
      registrationNumber: world.hospital.registrationNumber,
    });
    const serials = applications.map((a) => a.serial);
    expect(serials).toContain(pem.record.serial);
    expect(serials).toContain(der.record.serial);

    // The same checks as a pasted certificate: the DER file again is in use; junk is unreadable.
    const again = await postWithFile(admin, fileForm("DER HIS", ""), { name: "his.der", data: derBytes });
    expect(again.statusCode).toBe(400);
    expect(again.body).toMatch(
      /<p class="error-message" id="connection-certificateFile-error">Šis sertifikāts jau ir iesniegts/,
    );
    const junk = await postWithFile(admin, fileForm("Junk HIS", ""), {
      name: "junk.der",
      data: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]),
    });
    expect(junk.statusCode).toBe(400);
    expect(junk.body).toMatch(
      /<p class="error-message" id="connection-certificateFile-error">Datnē neizdevās nolasīt sertifikātu/,
    );
    expect(junk.body).toContain('value="Junk HIS"'); // what was typed stays
    const large = await postWithFile(admin, fileForm("Large HIS", ""), {
      name: "large.pem",
      data: new Uint8Array(64 * 1024 + 1),
    });
    expect(large.statusCode).toBe(400);
    expect(large.body).toContain("Datne ir par lielu");

    // The CSRF token travels inside the multipart body and is checked there.
    const forged = await postWithFile(
      admin,
      fileForm("Forged HIS", ""),
      { name: "his.crt", data: new TextEncoder().encode(certificateToPem(pem.certificate)) },
      "not-the-token",
    );
    expect(forged.statusCode).toBe(403);
  });
});
