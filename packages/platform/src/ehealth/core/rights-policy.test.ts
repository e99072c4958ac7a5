import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  type Action,
  type Actor,
  type DecisionContext,
  type DenyReason,
  decide,
  type InstitutionState,
  PURPOSES,
  ROLE_ACTIONS,
  type RoleGrant,
} from "./rights-policy.ts";

const HOSPITAL: InstitutionState = {
  id: "INST-A",
  status: "active",
  hasAdministrator: true,
  contract: { status: "active", portal: true, system: false },
};
const SMALL: InstitutionState = { ...HOSPITAL, id: "INST-S", hasAdministrator: false };
const OTHER: InstitutionState = { ...HOSPITAL, id: "INST-B" };

function actor(grants: RoleGrant[], extra: Partial<Actor> = {}): Actor {
  return { personId: "010101-10006", level: "high", grants, attestationSigned: true, ...extra };
}
const doctor = actor([{ role: "doctor", institutionId: "INST-A", status: "active" }]);
const nurse = actor([{ role: "nurse", institutionId: "INST-A", status: "active" }]);
const pharmacist = actor([{ role: "pharmacist", institutionId: "INST-A", status: "active" }]);
const registrar = actor([{ role: "registrar", institutionId: "INST-A", status: "active" }]);
const labSpecialist = actor([{ role: "laboratory-specialist", institutionId: "INST-A", status: "active" }]);
const admin = actor([{ role: "institution-administrator", institutionId: "INST-A", status: "active" }]);
const operator = actor([{ role: "operator", status: "active" }]);
const portal = (extra: Partial<DecisionContext> = {}): DecisionContext => ({
  institution: HOSPITAL,
  channel: "portal",
  ...extra,
});

type Row = [string, Actor, Action, DecisionContext, true | DenyReason];
const rows: Row[] = [
  // Professionals and a patient's data.
  ["doctor reads a document for treatment", doctor, "document.read", portal({ purpose: "treatment" }), true],
  ["doctor uploads a document", doctor, "document.upload", portal({ purpose: "treatment" }), true],
  ["doctor without a purpose", doctor, "document.read", portal(), "purpose-required"],
  [
    "doctor with a laboratory purpose",
    doctor,
    "document.read",
    portal({ purpose: "laboratory" }),
    "purpose-not-allowed",
  ],
  ["nurse reads for emergency", nurse, "document.read", portal({ purpose: "emergency" }), true],
  ["nurse may not upload", nurse, "document.upload", portal({ purpose: "treatment" }), "no-right"],
  [
    "nurse may not state prescription",
    nurse,
    "patient.documents.list",
    portal({ purpose: "prescription" }),
    "purpose-not-allowed",
  ],
  [
    "pharmacist reads for a prescription",
    pharmacist,
    "document.read",
    portal({ purpose: "prescription" }),
    true,
  ],
  [
    "pharmacist may not read for treatment",
    pharmacist,
    "document.read",
    portal({ purpose: "treatment" }),
    "purpose-not-allowed",
  ],
  ["registrar finds a patient", registrar, "patient.find", portal({ purpose: "registration" }), true],
  [
    "registrar may not read documents",
    registrar,
    "document.read",
    portal({ purpose: "registration" }),
    "no-right",
  ],
  [
    "laboratory specialist uploads results",
    labSpecialist,
    "document.upload",
    portal({ purpose: "laboratory" }),
    true,
  ],
  [
    "laboratory specialist may not list documents",
    labSpecialist,
    "patient.documents.list",
    portal({ purpose: "laboratory" }),
    "no-right",
  ],
  // Scope and statuses.
  [
    "doctor at another institution",
    doctor,
    "document.read",
    portal({ institution: OTHER, purpose: "treatment" }),
    "no-right",
  ],
  [
    "doctor who has not chosen an institution",
    doctor,
    "document.read",
    { channel: "portal", purpose: "treatment" },
    "no-institution",
  ],
  [
    "suspended right",
    actor([{ role: "doctor", institutionId: "INST-A", status: "suspended" }]),
    "document.read",
    portal({ purpose: "treatment" }),
    "right-suspended",
  ],
  [
    "annulled right",
    actor([{ role: "doctor", institutionId: "INST-A", status: "annulled" }]),
    "document.read",
    portal({ purpose: "treatment" }),
    "right-annulled",
  ],
  [
    "suspended doctor right, active nurse right: the nurse right serves",
    actor([
      { role: "doctor", institutionId: "INST-A", status: "suspended" },
      { role: "nurse", institutionId: "INST-A", status: "active" },
    ]),
    "document.read",
    portal({ purpose: "treatment" }),
    true,
  ],
  [
    "active nurse right, but a prescription purpose only a (suspended) doctor may state",
    actor([
      { role: "doctor", institutionId: "INST-A", status: "suspended" },
      { role: "nurse", institutionId: "INST-A", status: "active" },
    ]),
    "document.read",
    portal({ purpose: "prescription" }),
    "purpose-not-allowed",
  ],
  [
    "sign-in at substantial",
    actor(doctor.grants as RoleGrant[], { level: "substantial" }),
    "document.read",
    portal({ purpose: "treatment" }),
    "level-too-low",
  ],
  [
    "no attestation (CON-7)",
    actor(doctor.grants as RoleGrant[], { attestationSigned: false }),
    "document.read",
    portal({ purpose: "treatment" }),
    "attestation-missing",
  ],
  [
    "institution suspended (CON-6)",
    doctor,
    "document.read",
    portal({ institution: { ...HOSPITAL, status: "suspended" }, purpose: "treatment" }),
    "institution-suspended",
  ],
  [
    "institution annulled",
    doctor,
    "document.read",
    portal({ institution: { ...HOSPITAL, status: "annulled" }, purpose: "treatment" }),
    "institution-annulled",
  ],
  [
    "contract terminated (CON-14)",
    doctor,
    "document.read",
    portal({
      institution: { ...HOSPITAL, contract: { ...HOSPITAL.contract, status: "terminated" } },
      purpose: "treatment",
    }),
    "contract-inactive",
  ],
  [
    "system channel without annex 2 (CON-1)",
    doctor,
    "document.read",
    { institution: HOSPITAL, channel: "system", purpose: "treatment" },
    "contract-channel",
  ],
  [
    "system channel with annex 2",
    doctor,
    "document.read",
    {
      institution: { ...HOSPITAL, contract: { ...HOSPITAL.contract, system: true } },
      channel: "system",
      purpose: "treatment",
    },
    true,
  ],
  // Rights management.
  [
    "administrator grants a doctor right (ANX1-5)",
    admin,
    "rights.grant",
    portal({ targetRole: "doctor" }),
    true,
  ],
  ["administrator suspends a nurse right", admin, "rights.suspend", portal({ targetRole: "nurse" }), true],
  [
    "administrator may not grant an administrator right (ANX1-4)",
    admin,
    "rights.grant",
    portal({ targetRole: "institution-administrator" }),
    "target-not-allowed",
  ],
  ["administrator must name the right", admin, "rights.grant", portal(), "target-not-allowed"],
  [
    "administrator of another institution",
    admin,
    "rights.grant",
    portal({ institution: OTHER, targetRole: "doctor" }),
    "no-right",
  ],
  [
    "administrator of a suspended institution",
    admin,
    "rights.grant",
    portal({ institution: { ...HOSPITAL, status: "suspended" }, targetRole: "doctor" }),
    "institution-suspended",
  ],
  [
    "administrator may not read documents",
    admin,
    "document.read",
    portal({ purpose: "treatment" }),
    "no-right",
  ],
  ["administrator sees the institution's report", admin, "report.institution", portal(), true],
  ["doctor may not grant rights", doctor, "rights.grant", portal({ targetRole: "nurse" }), "no-right"],
  [
    "operator grants a small institution's user right (ANX1-3)",
    operator,
    "rights.grant",
    portal({ institution: SMALL, targetRole: "doctor" }),
    true,
  ],
  [
    "operator leaves users' rights to the administrator (ANX1-5)",
    operator,
    "rights.grant",
    portal({ targetRole: "doctor" }),
    "target-not-allowed",
  ],
  [
    "operator creates administrator access (ANX1-4)",
    operator,
    "rights.grant",
    portal({ targetRole: "institution-administrator" }),
    true,
  ],
  [
    "operator suspends any user's right (CON-6)",
    operator,
    "rights.suspend",
    portal({ targetRole: "doctor" }),
    true,
  ],
  [
    "nobody manages operator rights here",
    operator,
    "rights.grant",
    portal({ targetRole: "operator" }),
    "target-not-allowed",
  ],
  [
    "operator restores a suspended institution",
    operator,
    "institution.restore",
    portal({ institution: { ...HOSPITAL, status: "suspended" } }),
    true,
  ],
  [
    "operator processes applications without an institution",
    operator,
    "application.process",
    { channel: "portal" },
    true,
  ],
  [
    "operator may not read documents",
    operator,
    "document.read",
    portal({ purpose: "treatment" }),
    "no-right",
  ],
  [
    "suspended operator staff",
    actor([{ role: "operator", status: "suspended" }]),
    "institution.suspend",
    portal(),
    "right-suspended",
  ],
  [
    "operator at level substantial",
    actor(operator.grants as RoleGrant[], { level: "substantial" }),
    "institution.suspend",
    portal(),
    "level-too-low",
  ],
  [
    "an operator right scoped to an institution is not an operator right",
    actor([{ role: "operator", institutionId: "INST-A", status: "active" }]),
    "institution.suspend",
    portal(),
    "no-right",
  ],
  ["administrator may not suspend institutions", admin, "institution.suspend", portal(), "no-right"],
  // A person's own report (beyond the seeds).
  [
    "a patient sees their own report at any level",
    actor([], { level: "substantial" }),
    "report.own",
    { channel: "portal", patientId: "010101-10006" },
    true,
  ],
  [
    "nobody sees another person's report as their own",
    doctor,
    "report.own",
    { channel: "portal", patientId: "020202-20007" },
    "not-own-data",
  ],
  ["nobody without rights sees all reports", actor([]), "report.any", { channel: "portal" }, "no-right"],
  // Separation of duties: nobody grants, widens or restores their own rights.
  [
    "an administrator cannot make himself a doctor",
    admin,
    "rights.grant",
    portal({ targetRole: "doctor", targetPerson: admin.personId }),
    "own-rights",
  ],
  [
    "an administrator grants another person a doctor's right",
    admin,
    "rights.grant",
    portal({ targetRole: "doctor", targetPerson: "020202-20007" }),
    true,
  ],
  [
    "an administrator cannot change his own right's role",
    admin,
    "rights.change",
    portal({ targetRole: "doctor", targetPerson: admin.personId }),
    "own-rights",
  ],
  [
    "an administrator cannot restore his own suspended right",
    admin,
    "rights.restore",
    portal({ targetRole: "nurse", targetPerson: admin.personId }),
    "own-rights",
  ],
  [
    "the operator cannot appoint himself an administrator",
    operator,
    "rights.grant",
    portal({ targetRole: "institution-administrator", targetPerson: operator.personId }),
    "own-rights",
  ],
  [
    "an administrator may suspend his own user right (it narrows it)",
    admin,
    "rights.suspend",
    portal({ targetRole: "nurse", targetPerson: admin.personId }),
    true,
  ],
  // CON-6: a suspension the operator made is lifted by the operator.
  [
    "an administrator cannot restore a right the operator suspended",
    admin,
    "rights.restore",
    portal({ targetRole: "nurse", targetPerson: "020202-20007", suspendedByOperator: true }),
    "suspended-by-operator",
  ],
  [
    "an administrator restores a right the institution suspended",
    admin,
    "rights.restore",
    portal({ targetRole: "nurse", targetPerson: "020202-20007", suspendedByOperator: false }),
    true,
  ],
  [
    "the operator restores a right the operator suspended",
    operator,
    "rights.restore",
    portal({ targetRole: "nurse", targetPerson: "020202-20007", suspendedByOperator: true }),
    true,
  ],
];

describe("rights policy", () => {
  it.each(rows)("%s", (_name, who, action, ctx, expected) => {
    const decision = decide(who, action, ctx);
    if (expected === true) {
      expect(decision).toMatchObject({ allowed: true });
    } else {
      expect(decision).toMatchObject({ allowed: false, reason: expected });
      if (!decision.allowed) {
        expect(decision.missingRight).toContain(action);
        expect(decision.message.length).toBeGreaterThan(0);
      }
    }
  });

  it("names the missing right with its institution and the roles that hold it", () => {
    const decision = decide(nurse, "document.upload", portal({ purpose: "treatment" }));
    expect(decision).toEqual({
      allowed: false,
      missingRight: "document.upload@INST-A (doctor, laboratory-specialist)",
      reason: "no-right",
      message: "no right to document.upload",
    });
  });

  it("every action has its roles listed, and no role may do everything", () => {
    for (const action of ACTIONS) expect(ROLE_ACTIONS[action]).toBeDefined();
    const everything = actor([
      { role: "doctor", institutionId: "INST-A", status: "active" },
      { role: "institution-administrator", institutionId: "INST-A", status: "active" },
    ]);
    // Even a doctor who is also the administrator cannot grant themselves administrator rights.
    expect(
      decide(everything, "rights.grant", portal({ targetRole: "institution-administrator" })).allowed,
    ).toBe(false);
  });

  it("a person with no rights may do nothing but see their own report", () => {
    const nobody = actor([]);
    for (const action of ACTIONS) {
      for (const purpose of PURPOSES) {
        const d = decide(
          nobody,
          action,
          portal({ purpose, targetRole: "doctor", patientId: nobody.personId }),
        );
        expect(d.allowed, `${action} ${purpose}`).toBe(action === "report.own");
      }
    }
  });
});
