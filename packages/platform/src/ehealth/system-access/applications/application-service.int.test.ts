/**
 * Connection applications on PGlite and PostgreSQL (ANX2-3, ANX2-4, DEV-4): the administrator
 * files one with a certificate judged at once by the listener's rules; the operator's queue shows
 * the due date on the operator's calendar and the overdue mark; approval binds the certificate,
 * queues the institution's e-mail and is audited, all in one transaction; a refusal says why; in
 * production only an approved system version is approved. Another institution's administrator
 * and a doctor are refused by the rights policy.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificateToPem, type IssuedCredential, issueInstitution, TestPki } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../../db/testing.ts";
import { insertCalendarEntry } from "../../calendar/calendar-store.ts";
import { EhealthError } from "../../errors.ts";
import type { Caller } from "../../services/authorize.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../../testing/workplace-fixture.ts";
import { findActiveBinding } from "../binding-store.ts";
import { DEFAULT_KEY_POLICY } from "../core/key-policy.ts";
import {
  type ApplicationDeps,
  type ApplicationInput,
  approveConnectionApplication,
  approveSystemVersion,
  fileConnectionApplication,
  institutionApplications,
  operatorQueue,
  refuseConnectionApplication,
} from "./application-service.ts";
import { getConnectionApplication } from "./application-store.ts";

const BASE_URL = "http://127.0.0.1:9/testbed";
/** Wednesday 9 December 2026, 10:00 Riga time. */
const WEDNESDAY = new Date("2026-12-09T08:00:00Z");
/** Friday 18 December 2026, 10:00 Riga time: the term runs over a weekend and Christmas. */
const FRIDAY = new Date("2026-12-18T08:00:00Z");

const rejection = async (promise: Promise<unknown>): Promise<EhealthError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EhealthError);
  return error as EhealthError;
};

describe.each(testDatabaseKinds())("connection applications on $name", (kind) => {
  let dir: string;
  let pki: TestPki;
  let db: TestDatabase;
  let world: WorkplaceWorld;
  let clock = WEDNESDAY;
  let deps: ApplicationDeps;
  let administrator: Caller;
  let operator: Caller;
  let counter = 0;

  const credential = (options: Partial<Parameters<typeof issueInstitution>[1]> = {}): IssuedCredential =>
    issueInstitution(pki, { name: "Rīgas Testa slimnīca", registrationNumber: "40003000001", ...options });
  const input = (c: IssuedCredential, over: Partial<ApplicationInput> = {}): ApplicationInput => ({
    systemName: `HIS ${++counter}`,
    systemVersion: "4.2",
    certificatePem: certificateToPem(c.certificate),
    contactEmail: "it@slimnica.example",
    ...over,
  });
  const file = (c: IssuedCredential, over: Partial<ApplicationInput> = {}) =>
    fileConnectionApplication(deps, administrator, world.hospital.registrationNumber, input(c, over));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tilts-connection-"));
    pki = TestPki.create(join(dir, "pki"), { baseUrl: BASE_URL });
    db = await kind.open();
    world = await buildWorkplaceWorld(db.db, WEDNESDAY);
    deps = {
      db: db.db,
      clock: () => clock,
      rules: { clientCas: () => [pki.ca("org").certificate], keyPolicy: DEFAULT_KEY_POLICY },
      requireApprovedVersion: false,
    };
    administrator = { personCode: world.administrator.personalCode, level: "high" };
    operator = { personCode: world.operator.personalCode, level: "high" };
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("files an application with the certificate's facts, due 5 working days later", async () => {
    clock = WEDNESDAY;
    const c = credential();
    const id = await file(c);
    const application = await getConnectionApplication(db.db, id);
    expect(application).toMatchObject({
      status: "submitted",
      registrationNumber: world.hospital.registrationNumber,
      systemVersion: "4.2",
      serial: c.record.serial,
      keyDescription: "RSA 2048",
      dueOn: "2026-12-16",
      filedBy: `PNOLV-${world.administrator.personalCode}`,
    });
    expect(application?.subject).toContain("Rīgas Testa slimnīca");
    const own = await institutionApplications(deps, administrator, world.hospital.registrationNumber);
    expect(own.map((a) => a.id)).toContain(id);
    const audit = await db.db
      .selectFrom("audit_log")
      .select(["outcome", "legal_ground"])
      .where("action", "=", "ehealth.system-access.application-filed")
      .where("object", "=", `connection-application:${id}`)
      .execute();
    expect(audit).toEqual([{ outcome: "success", legal_ground: "ANX2-3; DEV-4" }]);
  });

  it("counts the due date over a weekend and Christmas, and over the operator's extra holiday, also one entered after filing", async () => {
    clock = FRIDAY;
    const overChristmas = await file(credential());
    expect((await getConnectionApplication(db.db, overChristmas))?.dueOn).toBe("2026-12-29");
    clock = WEDNESDAY;
    const filedBefore = await file(credential());
    const beforeHoliday = (await operatorQueue(deps, operator)).pending.find(
      (e) => e.application.id === filedBefore,
    );
    expect(beforeHoliday?.application.dueOn).toBe("2026-12-16");
    await insertCalendarEntry(
      db.db,
      { kind: "extra-holiday", dayOff: "2026-12-14" },
      { source: "test: extra holiday", enteredBy: "cli", now: WEDNESDAY },
    );
    const overHoliday = await file(credential());
    expect((await getConnectionApplication(db.db, overHoliday))?.dueOn).toBe("2026-12-17");
    // The queue counts an application filed before the holiday was entered on the calendar in force.
    const moved = (await operatorQueue(deps, operator)).pending.find((e) => e.application.id === filedBefore);
    expect(moved?.application.dueOn).toBe("2026-12-17");
  });

  it("refuses a bad certificate with the problem at the certificate field, writing nothing", async () => {
    clock = WEDNESDAY;
    const before = (await institutionApplications(deps, administrator, world.hospital.registrationNumber))
      .length;
    const reasonOf = async (promise: Promise<unknown>) => {
      const error = await rejection(promise);
      expect(error.code).toBe("bad-input");
      expect(error.field).toBe("certificate");
      return error.reason;
    };
    expect(await reasonOf(file(credential(), { certificatePem: "not a certificate" }))).toBe("unreadable");
    const other = TestPki.create(join(dir, "other"), { baseUrl: BASE_URL });
    const foreign = issueInstitution(other, { name: "Svešā", registrationNumber: "40003000001" });
    expect(await reasonOf(file(foreign))).toBe("untrusted");
    const expired = credential({
      notBefore: new Date(WEDNESDAY.getTime() - 40 * 86_400_000),
      validityDays: 30,
    });
    expect(await reasonOf(file(expired))).toBe("expired");
    // ANX2-14: the operator raised the bar to 3072-bit RSA; a 2048-bit key is now too weak.
    const strict = { ...deps, rules: { ...deps.rules, keyPolicy: { minRsaBits: 3072, minEcBits: 256 } } };
    const weak = fileConnectionApplication(
      strict,
      administrator,
      world.hospital.registrationNumber,
      input(credential()),
    );
    expect(await reasonOf(weak)).toBe("weak-key");
    const c = credential();
    await file(c);
    expect(await reasonOf(file(c))).toBe("in-use");
    const after = (await institutionApplications(deps, administrator, world.hospital.registrationNumber))
      .length;
    expect(after).toBe(before + 1);
    const email = await rejection(file(credential(), { contactEmail: "not an address" }));
    expect(email.field).toBe("contactEmail");
  });

  it("refuses another institution's administrator and a doctor, and audits the refusal", async () => {
    const forPractice = await rejection(
      fileConnectionApplication(deps, administrator, world.practice.registrationNumber, input(credential())),
    );
    expect(forPractice.code).toBe("forbidden");
    const doctor = { personCode: world.doctor.personalCode, level: "high" as const };
    expect((await rejection(file(credential()).then(() => operatorQueue(deps, doctor)))).code).toBe(
      "forbidden",
    );
    expect(
      (await rejection(institutionApplications(deps, doctor, world.hospital.registrationNumber))).code,
    ).toBe("forbidden");
    const denied = await db.db
      .selectFrom("audit_log")
      .select("object")
      .where("action", "=", "ehealth.system-access.application-filed")
      .where("outcome", "=", "denied")
      .execute();
    expect(denied.map((d) => d.object)).toContain(`institution:${world.practice.registrationNumber}`);
  });

  it("marks an application overdue once the Riga date is past its due date", async () => {
    clock = WEDNESDAY;
    const id = await file(credential());
    // Due on 17 December: the operator's extra holiday on the 14th (entered above) counts.
    expect((await getConnectionApplication(db.db, id))?.dueOn).toBe("2026-12-17");
    const overdueAt = async (at: string) => {
      clock = new Date(at);
      return (await operatorQueue(deps, operator)).pending.find((e) => e.application.id === id)?.overdue;
    };
    expect(await overdueAt("2026-12-17T21:00:00Z")).toBe(false); // 17 December 23:00 in Riga: the due day
    expect(await overdueAt("2026-12-17T22:30:00Z")).toBe(true); // 18 December 00:30 in Riga
    clock = WEDNESDAY;
  });

  it("approves: the binding exists, the institution's e-mail is queued, the approval is audited", async () => {
    clock = WEDNESDAY;
    const c = credential();
    const id = await file(c, { contactEmail: "sistemas@slimnica.example" });
    const application = await getConnectionApplication(db.db, id);
    await approveConnectionApplication(deps, operator, id);
    expect(await getConnectionApplication(db.db, id)).toMatchObject({
      status: "approved",
      decidedBy: `PNOLV-${world.operator.personalCode}`,
    });
    const binding = await findActiveBinding(db.db, application?.fingerprint as string);
    expect(binding).toMatchObject({
      registrationNumber: world.hospital.registrationNumber,
      systemName: application?.systemName,
      serial: c.record.serial,
    });
    const mail = await db.db
      .selectFrom("mail_outbox")
      .select(["kind", "subject", "body_text", "registration_number"])
      .where("to_address", "=", "sistemas@slimnica.example")
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      kind: "ehealth.connection-approved",
      registration_number: "40003000001",
    });
    expect(mail[0]?.body_text).toContain(c.record.serial);
    const actions = await db.db
      .selectFrom("audit_log")
      .select(["action", "object"])
      .where("action", "in", ["ehealth.system-access.application-approved", "ehealth.system-access.bound"])
      .where("object", "in", [`connection-application:${id}`, `certificate:${c.record.serial}`])
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      "ehealth.system-access.application-approved",
      "ehealth.system-access.bound",
    ]);
    const again = await rejection(approveConnectionApplication(deps, operator, id));
    expect(again).toMatchObject({ code: "conflict", reason: "decided" });
  });

  it("refuses with a reason the institution is e-mailed; a refusal without a reason is bad input", async () => {
    const id = await file(credential(), { contactEmail: "atteikums@slimnica.example" });
    expect((await rejection(refuseConnectionApplication(deps, operator, id, " "))).field).toBe("reason");
    await refuseConnectionApplication(deps, operator, id, "Sertifikātā nav iestādes nosaukuma");
    expect(await getConnectionApplication(db.db, id)).toMatchObject({
      status: "refused",
      refusalReason: "Sertifikātā nav iestādes nosaukuma",
    });
    const mail = await db.db
      .selectFrom("mail_outbox")
      .select(["kind", "body_text"])
      .where("to_address", "=", "atteikums@slimnica.example")
      .executeTakeFirstOrThrow();
    expect(mail.kind).toBe("ehealth.connection-refused");
    expect(mail.body_text).toContain("Iemesls: Sertifikātā nav iestādes nosaukuma");
    const fingerprint = (await getConnectionApplication(db.db, id))?.fingerprint as string;
    expect(await findActiveBinding(db.db, fingerprint)).toBeUndefined();
  });

  it("in production approves only an approved system version, and records it on the binding", async () => {
    const production = { ...deps, requireApprovedVersion: true };
    const id = await file(credential(), { systemName: "Ārstu birojs", systemVersion: "7.1" });
    const refused = await rejection(approveConnectionApplication(production, operator, id));
    expect(refused).toMatchObject({ code: "conflict", reason: "version-not-approved" });
    expect((await getConnectionApplication(db.db, id))?.status).toBe("submitted");
    expect(
      await approveSystemVersion(deps, operator, {
        systemName: "Ārstu birojs",
        systemVersion: "7.0",
        ground: "scenāriju pārskats 7.0",
      }),
    ).toBe(true);
    // Approving 7.0 does not approve 7.1: each version needs its own approval.
    expect((await rejection(approveConnectionApplication(production, operator, id))).reason).toBe(
      "version-not-approved",
    );
    await approveSystemVersion(deps, operator, {
      systemName: "Ārstu birojs",
      systemVersion: "7.1",
      ground: "scenāriju pārskats 7.1",
    });
    await approveConnectionApplication(production, operator, id);
    const binding = await db.db
      .selectFrom("ehealth_system_binding")
      .select("system_version")
      .where("system_name", "=", "Ārstu birojs")
      .executeTakeFirstOrThrow();
    expect(binding.system_version).toBe("7.1");
    const queue = await operatorQueue(deps, operator);
    expect(queue.versions.map((v) => `${v.systemName} ${v.systemVersion}`)).toEqual(
      expect.arrayContaining(["Ārstu birojs 7.0", "Ārstu birojs 7.1"]),
    );
  });
});
