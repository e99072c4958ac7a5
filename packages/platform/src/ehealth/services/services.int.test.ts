import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../audit/index.ts";
import { listOutbox } from "../../core/outbox/index.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { insertContract, listContracts } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import {
  insertAdministrator,
  insertAttestation,
  insertOperatorStaff,
  insertUser,
} from "../adapters/people-store.ts";
import { grantRight, listRights, loadGrants, rightHistory } from "../adapters/rights-store.ts";
import type { EhealthTransaction } from "../database.ts";
import { EhealthError } from "../errors.ts";
import { createTestSession } from "../testing/session.ts";
import type { Caller, ServiceDeps } from "./authorize.ts";
import {
  applicationsQueue,
  changeInstitutionStatus,
  recordApplication,
  terminateContract,
} from "./organisation.ts";
import { addUser, changeAdministratorStatus, changeUserStatus, endUserEmployment } from "./people.ts";
import { changeUserRight, changeUserRightStatus, grantUserRight, institutionRights } from "./rights.ts";

// Monday 2 March 2026, 12:00 in Riga: the CON-5 notice is due Tuesday 3 March.
const NOW = new Date("2026-03-02T10:00:00.000Z");
const OPERATOR = "010170-10001";
const ADMIN = "020270-10002";
const DOCTOR = "030370-10003";
const NURSE = "040470-10004";
const HOSPITAL = "40003000001";
const PHARMACY = "40003000002"; // small, no administrator (ANX1-3)
const BROKEN = "40003000003"; // its contact e-mail is unusable: the notice cannot be queued

const operator: Caller = { personCode: OPERATOR, level: "high" };
const admin: Caller = { personCode: ADMIN, level: "high" };
const doctor: Caller = { personCode: DOCTOR, level: "high" };

async function seed(
  database: TestDatabase,
): Promise<{ doctorUserId: string; nurseUserId: string; adminId: string }> {
  return database.db.transaction().execute(async (trx: EhealthTransaction) => {
    const why = { actor: "system", at: NOW, ground: "test set-up", evidence: "fixture" };
    await insertOperatorStaff(trx, { personCode: OPERATOR, givenName: "Olga", familyName: "Operatore" }, NOW);
    await grantRight(trx, { personCode: OPERATOR, registrationNumber: null, role: "operator" }, why);
    for (const [regNo, size, email] of [
      [HOSPITAL, "large", "hospital@example.test"],
      [PHARMACY, "small", "pharmacy@example.test"],
      [BROKEN, "large", "no address"],
    ] as const) {
      await insertInstitution(
        trx,
        {
          registrationNumber: regNo,
          name: `Institution ${regNo}`,
          kind: "hospital",
          staffSize: size,
          contactEmail: email,
        },
        "system",
        NOW,
      );
      await insertContract(
        trx,
        { registrationNumber: regNo, number: `C-${regNo}`, scope: "both", concludedOn: "2026-02-02" },
        NOW,
      );
    }
    const administrator = await insertAdministrator(
      trx,
      {
        registrationNumber: HOSPITAL,
        personCode: ADMIN,
        givenName: "Anna",
        familyName: "Admina",
        email: "anna@example.test",
        appointedOn: "2026-02-02",
      },
      NOW,
    );
    await grantRight(
      trx,
      { personCode: ADMIN, registrationNumber: HOSPITAL, role: "institution-administrator" },
      why,
    );
    await insertAttestation(trx, {
      signer: { kind: "administrator", administrator },
      formVersion: "v1",
      signedAt: NOW,
      evidence: "paper",
    });
    const doctorUser = await insertUser(
      trx,
      {
        registrationNumber: HOSPITAL,
        personCode: DOCTOR,
        givenName: "Dace",
        familyName: "Ārste",
        profession: "doctor",
        workplace: "Surgery",
      },
      NOW,
    );
    await grantRight(trx, { personCode: DOCTOR, registrationNumber: HOSPITAL, role: "doctor" }, why);
    await insertAttestation(trx, {
      signer: { kind: "user", user: doctorUser },
      formVersion: "v1",
      signedAt: NOW,
      evidence: "paper",
    });
    const nurseUser = await insertUser(
      trx,
      {
        registrationNumber: PHARMACY,
        personCode: NURSE,
        givenName: "Nora",
        familyName: "Māsa",
        profession: "pharmacist",
        workplace: "Counter",
      },
      NOW,
    );
    await grantRight(trx, { personCode: NURSE, registrationNumber: PHARMACY, role: "pharmacist" }, why);
    return { doctorUserId: doctorUser.id, nurseUserId: nurseUser.id, adminId: administrator.id };
  });
}

async function auditRows(database: TestDatabase, action: string) {
  return database.db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", action)
    .orderBy("seq")
    .execute();
}

async function refusal(promise: Promise<unknown>): Promise<EhealthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EhealthError);
  return error as EhealthError;
}

describe.each(testDatabaseKinds())("e-health services on $name", (kind) => {
  let database: TestDatabase;
  let deps: ServiceDeps;
  let ids: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    database = await kind.open();
    deps = { db: database.db, clock: () => NOW };
    ids = await seed(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("CON-6/CON-5: suspending an institution changes it, keeps history, audits and queues the notice in one go", async () => {
    const result = await changeInstitutionStatus(deps, operator, {
      registrationNumber: HOSPITAL,
      event: "suspend",
      reason: "security threat",
    });
    expect(result.status).toBe("suspended");
    const [audit] = await auditRows(database, "ehealth.institution.suspended");
    expect(audit).toMatchObject({
      actor: `PNOLV-${OPERATOR}`,
      acting_for: "operator",
      outcome: "success",
      legal_ground: "CON-6",
    });
    const [notice] = await listOutbox(database.db, { registrationNumber: HOSPITAL });
    expect(notice).toMatchObject({
      to: "hospital@example.test",
      status: "queued",
      sendBy: "2026-03-03",
      kind: "institution.suspended",
    });
    expect(notice?.body).toContain("security threat");
    // The suspended institution's doctor is refused (CON-6), and that refusal is audited.
    const history = await database.db
      .selectFrom("ehealth_institution_history")
      .select(["status", "reason"])
      .where("registration_number", "=", HOSPITAL)
      .orderBy("seq")
      .execute();
    expect(history.map((h) => h.status)).toEqual(["active", "suspended"]);

    await changeInstitutionStatus(deps, operator, {
      registrationNumber: HOSPITAL,
      event: "restore",
      reason: "resolved",
    });
    expect((await listOutbox(database.db, { registrationNumber: HOSPITAL })).map((m) => m.kind)).toEqual([
      "institution.restored",
      "institution.suspended",
    ]);
    const restoreAgain = await refusal(
      changeInstitutionStatus(deps, operator, {
        registrationNumber: HOSPITAL,
        event: "restore",
        reason: "again",
      }),
    );
    expect(restoreAgain.code).toBe("conflict");
  });

  it("CON-5: when the notice cannot be queued, the suspension does not happen either", async () => {
    const before = (await auditRows(database, "ehealth.institution.suspended")).length;
    const error = await refusal(
      changeInstitutionStatus(deps, operator, {
        registrationNumber: BROKEN,
        event: "suspend",
        reason: "threat",
      }),
    );
    expect(error.code).toBe("bad-input");
    const row = await database.db
      .selectFrom("ehealth_institution")
      .select("status")
      .where("registration_number", "=", BROKEN)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("active");
    expect((await auditRows(database, "ehealth.institution.suspended")).length).toBe(before);
  });

  it("a refusal names the missing right, is audited as denied, and changes nothing", async () => {
    const error = await refusal(
      changeInstitutionStatus(deps, doctor, {
        registrationNumber: HOSPITAL,
        event: "annul",
        reason: "because",
      }),
    );
    expect(error.code).toBe("forbidden");
    expect(error.missingRight).toBe("institution.annul (operator)");
    const [denied] = await auditRows(database, "ehealth.institution.annulled");
    expect(denied).toMatchObject({
      actor: `PNOLV-${DOCTOR}`,
      outcome: "denied",
      purpose: "refused=no-right",
    });
    const lowLevel = await refusal(
      changeInstitutionStatus(
        deps,
        { ...operator, level: "substantial" },
        { registrationNumber: HOSPITAL, event: "suspend", reason: "x" },
      ),
    );
    expect(lowLevel.reason).toBe("level-too-low");
    const inst = await database.db
      .selectFrom("ehealth_institution")
      .select("status")
      .where("registration_number", "=", HOSPITAL)
      .executeTakeFirstOrThrow();
    expect(inst.status).toBe("active");
  });

  it("ANX1-5: the administrator grants, changes and suspends rights; every step is in the history with ground and evidence", async () => {
    const nurseRight = await grantUserRight(deps, admin, {
      userId: ids.doctorUserId,
      role: "nurse",
      ground: "covers the ward at night",
      evidence: "order 12/2026",
    });
    const changed = await changeUserRight(deps, admin, {
      rightId: nurseRight.id,
      role: "registrar",
      ground: "moved to reception",
      evidence: "order 13/2026",
    });
    expect(changed.role).toBe("registrar");
    await changeUserRightStatus(deps, admin, {
      rightId: nurseRight.id,
      event: "suspend",
      ground: "investigation",
      evidence: "letter 7",
    });
    const history = await rightHistory(database.db, { rightId: nurseRight.id });
    expect(
      history.map((h) => [h.event, h.role, h.previousRole, h.status, h.ground, h.evidence, h.actor]),
    ).toEqual([
      ["grant", "nurse", null, "active", "covers the ward at night", "order 12/2026", `PNOLV-${ADMIN}`],
      ["change", "registrar", "nurse", "active", "moved to reception", "order 13/2026", `PNOLV-${ADMIN}`],
      ["suspend", "registrar", null, "suspended", "investigation", "letter 7", `PNOLV-${ADMIN}`],
    ]);
    expect(history[0]?.retainUntil).toBe("2036-03-02");
    // The administrator's own suspension of a right sends no notice (the institution did it).
    expect((await listOutbox(database.db)).some((m) => m.kind.startsWith("right."))).toBe(false);
    const grants = await loadGrants(database.db, DOCTOR, NOW);
    expect(grants).toContainEqual({ role: "registrar", institutionId: HOSPITAL, status: "suspended" });
    expect(grants).toContainEqual({ role: "doctor", institutionId: HOSPITAL, status: "active" });
    const view = await institutionRights(deps, admin, HOSPITAL);
    expect(view.history.length).toBeGreaterThanOrEqual(4);
  });

  it("ANX1-5: changing a right's role into one the person already holds there is refused, nothing changes", async () => {
    const nurseRight = await grantUserRight(deps, admin, {
      userId: ids.doctorUserId,
      role: "nurse",
      ground: "second role",
      evidence: "order 14/2026",
    });
    const twice = await refusal(
      changeUserRight(deps, admin, {
        rightId: nurseRight.id,
        role: "doctor", // the doctor's right at the hospital is already there
        ground: "promoted",
        evidence: "order 15/2026",
      }),
    );
    expect(twice.code).toBe("conflict");
    const live = (await listRights(database.db, { personCode: DOCTOR, registrationNumber: HOSPITAL })).filter(
      (r) => r.role === "doctor",
    );
    expect(live).toHaveLength(1);
    await changeUserRightStatus(deps, admin, {
      rightId: nurseRight.id,
      event: "annul",
      ground: "clean-up",
      evidence: "order 16/2026",
    });
  });

  it("ANX1-5: the history refuses UPDATE and early DELETE in the database itself", async () => {
    await expect(
      sql`update ehealth_right_history set ground = 'rewritten'`.execute(database.db),
    ).rejects.toThrow(/kept at least 10 years/);
    await expect(sql`delete from ehealth_right_history`.execute(database.db)).rejects.toThrow(
      /kept at least 10 years/,
    );
    await expect(sql`truncate ehealth_right_history cascade`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      sql`update ehealth_institution_history set reason = 'x'`.execute(database.db),
    ).rejects.toThrow(/append-only/);
  });

  it("ANX1-4/ANX1-5: an administrator may not manage administrators; refused and audited", async () => {
    const error = await refusal(
      changeAdministratorStatus(deps, admin, {
        administratorId: ids.adminId,
        event: "suspend",
        reason: "self",
      }),
    );
    expect(error.reason).toBe("target-not-allowed");
    const [denied] = await auditRows(database, "ehealth.administrator.suspended");
    expect(denied).toMatchObject({ outcome: "denied", acting_for: HOSPITAL });
  });

  it("ANX1-3: the operator manages users' rights of a small institution without an administrator, not of one with", async () => {
    const user = await addUser(deps, operator, {
      registrationNumber: PHARMACY,
      personCode: "050570-10005",
      givenName: "Pēteris",
      familyName: "Farmaceits",
      profession: "pharmacist",
      workplace: "Counter",
      role: "pharmacist",
      ground: "application A-1",
      evidence: "application:A-1",
      attestation: { formVersion: "v1", evidence: "signed form 5" },
    });
    expect((await listRights(database.db, { personCode: user.personCode }))[0]).toMatchObject({
      role: "pharmacist",
      status: "active",
    });
    const refused = await refusal(
      grantUserRight(deps, operator, { userId: ids.doctorUserId, role: "nurse", ground: "g", evidence: "e" }),
    );
    expect(refused.reason).toBe("target-not-allowed");
  });

  it("CON-6/CON-5: the operator suspends a user; the user's rights stop and the institution is told", async () => {
    await changeUserStatus(deps, operator, {
      userId: ids.nurseUserId,
      event: "suspend",
      reason: "unlawful processing",
    });
    expect(await loadGrants(database.db, NURSE, NOW)).toEqual([
      { role: "pharmacist", institutionId: PHARMACY, status: "suspended" },
    ]);
    const [notice] = await listOutbox(database.db, { registrationNumber: PHARMACY });
    expect(notice).toMatchObject({
      kind: "user.suspended",
      to: "pharmacy@example.test",
      sendBy: "2026-03-03",
    });
    expect(notice?.body).toContain("Nora Māsa");
  });

  it("separation of duties: the administrator cannot make himself a user or a doctor; refused, audited, nothing changes", async () => {
    const asUser = await refusal(
      addUser(deps, admin, {
        registrationNumber: HOSPITAL,
        personCode: ADMIN,
        givenName: "Anna",
        familyName: "Admina",
        profession: "doctor",
        workplace: "Surgery",
        role: "doctor",
        ground: "I need it",
        evidence: "none",
      }),
    );
    expect(asUser.code).toBe("forbidden");
    expect(asUser.reason).toBe("own-rights");
    const [denied] = (await auditRows(database, "ehealth.user.added")).filter(
      (row) => row.actor === `PNOLV-${ADMIN}`,
    );
    expect(denied).toMatchObject({ outcome: "denied", purpose: "refused=own-rights" });
    expect((await listRights(database.db, { personCode: ADMIN })).map((r) => r.role)).toEqual([
      "institution-administrator",
    ]);
    const users = await database.db
      .selectFrom("ehealth_user")
      .select("id")
      .where("person_code", "=", ADMIN)
      .execute();
    expect(users).toEqual([]);
  });

  it("CON-6: what the operator suspended — a user or one right — only the operator restores", async () => {
    // The operator suspends the hospital's doctor as a user; the administrator may not lift it.
    const sessionsOf = (code: string) =>
      database.db.selectFrom("web_session").select("kind").where("subject", "=", `PNOLV-${code}`).execute();
    const person = { personalCode: DOCTOR, givenName: "Dace", familyName: "Ārste" };
    await createTestSession(database.db, person, "professional", { now: NOW });
    await createTestSession(database.db, person, "citizen", { now: NOW, level: "substantial" });
    await changeUserStatus(deps, operator, { userId: ids.doctorUserId, event: "suspend", reason: "inquiry" });
    // The suspension also ends the doctor's open professional session; the citizen one is theirs as a patient.
    expect(await sessionsOf(DOCTOR)).toEqual([{ kind: "citizen" }]);
    const userRestore = await refusal(
      changeUserStatus(deps, admin, { userId: ids.doctorUserId, event: "restore", reason: "done" }),
    );
    expect(userRestore.reason).toBe("suspended-by-operator");
    await changeUserStatus(deps, operator, { userId: ids.doctorUserId, event: "restore", reason: "cleared" });

    // The same for one right the operator suspended.
    const [doctorRight] = await listRights(database.db, { personCode: DOCTOR, registrationNumber: HOSPITAL });
    const why = { ground: "inquiry", evidence: "letter 5" };
    await changeUserRightStatus(deps, operator, { rightId: doctorRight!.id, event: "suspend", ...why });
    const rightRestore = await refusal(
      changeUserRightStatus(deps, admin, { rightId: doctorRight!.id, event: "restore", ...why }),
    );
    expect(rightRestore.reason).toBe("suspended-by-operator");
    const [denied] = (await auditRows(database, "ehealth.right.restored")).filter(
      (row) => row.outcome === "denied",
    );
    expect(denied).toMatchObject({ actor: `PNOLV-${ADMIN}`, purpose: "refused=suspended-by-operator" });
    expect(
      (await listRights(database.db, { personCode: DOCTOR, registrationNumber: HOSPITAL }))[0]?.status,
    ).toBe("suspended");
    await changeUserRightStatus(deps, operator, { rightId: doctorRight!.id, event: "restore", ...why });
    expect(
      (await listRights(database.db, { personCode: DOCTOR, registrationNumber: HOSPITAL }))[0]?.status,
    ).toBe("active");
    // Kept with the history row: the suspension was made in the operator's role.
    const history = await rightHistory(database.db, { rightId: doctorRight!.id });
    expect(history.filter((h) => h.event === "suspend").at(-1)).toMatchObject({ actor: `PNOLV-${OPERATOR}` });
  });

  it("CON-7: an ended employment starts the 10-year retention; the attestation cannot be deleted before it", async () => {
    await endUserEmployment(deps, admin, { userId: ids.doctorUserId, endsOn: "2026-03-01" });
    const attestation = await database.db
      .selectFrom("ehealth_attestation")
      .selectAll()
      .where("user_id", "=", ids.doctorUserId)
      .executeTakeFirstOrThrow();
    expect(attestation.retain_until).toBe("2036-03-01");
    await expect(
      sql`delete from ehealth_attestation where id = ${attestation.id}`.execute(database.db),
    ).rejects.toThrow(/kept until 10 years/);
    await expect(
      sql`update ehealth_attestation set evidence = 'other' where id = ${attestation.id}`.execute(
        database.db,
      ),
    ).rejects.toThrow(/retention day/);
    // The day after employment ended, the doctor holds no active right.
    expect((await loadGrants(database.db, DOCTOR, NOW)).every((g) => g.status === "annulled")).toBe(true);
  });

  it("ANX1-1..4: applications get due dates on working days and the queue marks overdue ones", async () => {
    const large = await recordApplication(deps, operator, {
      registrationNumber: PHARMACY,
      kind: "small",
      summary: "portal use",
      receivedOn: "2026-02-20",
    });
    expect(large.submissionDue).toBe("2026-03-04"); // contract 2026-02-02 + 30 days (ANX1-1)
    expect(large.processingDue).toBe("2026-02-27"); // + 5 working days (ANX1-3)
    const change = await recordApplication(deps, operator, {
      registrationNumber: HOSPITAL,
      kind: "change",
      summary: "new administrator",
      effectiveOn: "2026-02-27",
    });
    expect(change.submissionDue).toBe("2026-03-06"); // + 5 working days (ANX1-2)
    expect(change.processingDue).toBe("2026-03-09"); // received 2026-03-02 + 5 working days
    const queue = await applicationsQueue(deps, operator, { status: "pending" });
    expect(queue.map((q) => [q.id, q.overdue])).toEqual([
      [large.id, true],
      [change.id, false],
    ]);
    const refused = await refusal(applicationsQueue(deps, admin));
    expect(refused.code).toBe("forbidden");
    expect((await auditRows(database, "ehealth.application.queue-viewed")).map((r) => r.outcome)).toEqual([
      "denied",
    ]);
  });

  it("CON-14: a contract past its end blocks the institution's administrator (refused, audited)", async () => {
    const ENDED = "40003000009";
    const person = "060670-10006";
    await database.db.transaction().execute(async (trx: EhealthTransaction) => {
      const why = { actor: "system", at: NOW, ground: "set-up", evidence: "fixture" };
      await insertInstitution(
        trx,
        {
          registrationNumber: ENDED,
          name: "Ended",
          kind: "laboratory",
          staffSize: "large",
          contactEmail: "lab@example.test",
        },
        "system",
        NOW,
      );
      await insertContract(
        trx,
        {
          registrationNumber: ENDED,
          number: "C-ended",
          scope: "both",
          concludedOn: "2025-01-02",
          validUntil: "2026-02-28",
        },
        NOW,
      );
      const administrator = await insertAdministrator(
        trx,
        {
          registrationNumber: ENDED,
          personCode: person,
          givenName: "E",
          familyName: "A",
          email: "e@example.test",
          appointedOn: "2025-01-02",
        },
        NOW,
      );
      await grantRight(
        trx,
        { personCode: person, registrationNumber: ENDED, role: "institution-administrator" },
        why,
      );
      await insertAttestation(trx, {
        signer: { kind: "administrator", administrator },
        formVersion: "v1",
        signedAt: NOW,
        evidence: "paper",
      });
    });
    const error = await refusal(institutionRights(deps, { personCode: person, level: "high" }, ENDED));
    expect(error).toMatchObject({ code: "forbidden", reason: "contract-inactive" });
    const [denied] = await auditRows(database, "ehealth.right.list-viewed");
    expect(denied).toMatchObject({
      actor: `PNOLV-${person}`,
      acting_for: ENDED,
      outcome: "denied",
      purpose: "refused=contract-inactive",
    });
  });

  it("CON-14: terminating a contract blocks the institution, suspends its users' rights with history, and tells it", async () => {
    const [contract] = await listContracts(database.db, PHARMACY);
    const result = await terminateContract(deps, operator, {
      contractId: contract?.id ?? "",
      reason: "the pharmacy closed",
    });
    expect(result.contract.status).toBe("terminated");
    expect(result.suspendedRights).toBeGreaterThan(0);
    const rights = await listRights(database.db, { registrationNumber: PHARMACY });
    expect(rights.every((r) => r.status !== "active")).toBe(true);
    const history = await rightHistory(database.db, { registrationNumber: PHARMACY });
    expect(history.at(-1)).toMatchObject({
      event: "suspend",
      evidence: `contract:${contract?.id}`,
      actor: `PNOLV-${OPERATOR}`,
    });
    const [notice] = await listOutbox(database.db, { registrationNumber: PHARMACY });
    expect(notice).toMatchObject({
      kind: "contract.terminated",
      to: "pharmacy@example.test",
      sendBy: "2026-03-03",
    });
    expect(notice?.body).toContain("izbeigts");
    const again = await refusal(
      terminateContract(deps, operator, { contractId: contract?.id ?? "", reason: "again" }),
    );
    expect(again.code).toBe("conflict");
  });

  it("every action above is on an intact audit chain", async () => {
    const verdict = await verifyAuditChain(database.db);
    expect(verdict.intact).toBe(true);
  });
});
