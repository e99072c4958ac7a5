import { defaultStandInPersons, generateTestPersons } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { loadInstitutionState } from "../adapters/institution-store.ts";
import { loadGrants } from "../adapters/rights-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import { decide } from "../core/rights-policy.ts";
import { loadActor } from "../services/authorize.ts";
import { applicationsQueue } from "../services/organisation.ts";
import { DEMO_INSTITUTIONS, demoCast, demoPersonWithoutRights, seedEhealthDemo } from "./index.ts";

const NOW = new Date("2026-03-10T09:00:00Z");
const standIn = defaultStandInPersons();
const extra = generateTestPersons({ seed: "tilts-ehealth-demo", count: 6 });

describe.each(testDatabaseKinds())("e-health demo data on $name (issue 6 item 6)", (kind) => {
  let database: TestDatabase;
  let seeded: Awaited<ReturnType<typeof seedEhealthDemo>>;
  beforeAll(async () => {
    database = await kind.open();
    const schema = await createCdaSchemaValidator();
    seeded = await seedEhealthDemo(database.db, {
      standInPersons: standIn,
      extraPatients: extra,
      now: NOW,
      documentPorts: { schema, trust: { anchors: () => [], now: () => NOW } },
    });
  }, 240_000); // each demo document is schema-validated (~0.2 s idle, seconds on a busy machine)
  afterAll(async () => {
    await database?.close();
  });

  it("seeds three institutions (the small pharmacy without an administrator), users, patients, consents and documents", async () => {
    expect(seeded.seeded).toBe(true);
    expect(seeded.counts).toEqual({
      institutions: 3,
      users: 4,
      patients: standIn.length - 9 + extra.length,
      consents: standIn.length - 9 + extra.length,
    });
    expect(seeded.documents).toBe(8);
    const pharmacy = await loadInstitutionState(
      database.db,
      DEMO_INSTITUTIONS.pharmacy.registrationNumber,
      rigaDateOf(NOW),
    );
    expect(pharmacy?.hasAdministrator).toBe(false);
    const hospital = await loadInstitutionState(
      database.db,
      DEMO_INSTITUTIONS.hospital.registrationNumber,
      rigaDateOf(NOW),
    );
    expect(hospital).toMatchObject({
      hasAdministrator: true,
      contract: { status: "active", portal: true, system: true },
    });
  });

  it("every demo person who signs in is an eParaksts stand-in person, and the cast's rights work under the policy", async () => {
    const cast = demoCast(standIn, extra);
    const codes = new Set(standIn.map((p) => p.personalCode));
    for (const person of [
      ...cast.operatorStaff,
      cast.hospitalAdministrator,
      cast.practiceAdministrator,
      cast.hospitalDoctor,
      cast.hospitalNurse,
      cast.practiceDoctor,
      cast.pharmacist,
    ])
      expect(codes.has(person.personalCode)).toBe(true);
    const hospital = await loadInstitutionState(
      database.db,
      DEMO_INSTITUTIONS.hospital.registrationNumber,
      rigaDateOf(NOW),
    );
    const doctor = await loadActor(
      database.db,
      { personCode: cast.hospitalDoctor.personalCode, level: "high" },
      hospital?.id,
      NOW,
    );
    expect(
      decide(doctor, "document.read", { institution: hospital, channel: "portal", purpose: "treatment" }),
    ).toEqual({ allowed: true, role: "doctor" });
    const admin = await loadActor(
      database.db,
      { personCode: cast.hospitalAdministrator.personalCode, level: "high" },
      hospital?.id,
      NOW,
    );
    expect(
      decide(admin, "rights.grant", { institution: hospital, channel: "portal", targetRole: "nurse" })
        .allowed,
    ).toBe(true);
    expect(await loadGrants(database.db, cast.pharmacist.personalCode, NOW)).toEqual([
      { role: "pharmacist", institutionId: DEMO_INSTITUTIONS.pharmacy.registrationNumber, status: "active" },
    ]);
    const nobody = demoPersonWithoutRights(standIn);
    expect(await loadGrants(database.db, nobody?.personalCode ?? "", NOW)).toEqual([]);
  });

  it("the operator's queue shows the pharmacy's application overdue and the practice's change in time", async () => {
    const operator = demoCast(standIn).operatorStaff[0];
    const queue = await applicationsQueue(
      { db: database.db, clock: () => NOW },
      { personCode: operator?.personalCode ?? "", level: "high" },
      { status: "pending" },
    );
    expect(queue.map((q) => [q.registrationNumber, q.kind, q.overdue])).toEqual([
      [DEMO_INSTITUTIONS.pharmacy.registrationNumber, "small", true],
      [DEMO_INSTITUTIONS.practice.registrationNumber, "change", false],
    ]);
  });

  it("is idempotent: a second run on a database with institutions adds nothing", async () => {
    const again = await seedEhealthDemo(database.db, {
      standInPersons: standIn,
      extraPatients: extra,
      now: NOW,
    });
    expect(again).toMatchObject({ seeded: false, documents: 0 });
    const count = await database.db
      .selectFrom("ehealth_institution")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });
});
