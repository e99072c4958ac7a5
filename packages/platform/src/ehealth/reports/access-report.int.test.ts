import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditRecord } from "../../audit/index.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { type AccessEntry, recordAccess } from "../access-log/index.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { insertUser } from "../adapters/people-store.ts";
import {
  type AccessReportRow,
  accessReportBatches,
  accessReportPage,
  formatCursor,
  parseCursor,
  type ReportCursor,
} from "./access-report.ts";
import { ReportError } from "./errors.ts";
import { loadReportNames } from "./names.ts";

// New-format personal codes (32…): valid without a birth date.
const DOCTOR = "321111-11111";
const NURSE = "322222-22222";
const PATIENT = "323333-33333";
const OTHER_PATIENT = "324444-44444";
const HOSPITAL = "40003000001";
const PRACTICE = "40003000002";

const base: AccessEntry = {
  user: DOCTOR,
  institution: HOSPITAL,
  patient: PATIENT,
  action: "ehealth.document.read",
  purpose: "treatment",
  legalGround: "gdpr-9-2-h",
  outcome: "success",
};

/** [entry changes, instant] — 2026-03-01T22:30Z is 2026-03-02 00:30 in Riga. */
const ACCESSES: [Partial<AccessEntry>, string][] = [
  [{ action: "ehealth.patient.found" }, "2026-02-28T08:00:00.000Z"],
  [{ action: "ehealth.documents.listed" }, "2026-03-01T21:59:59.999Z"], // 23:59:59.999 on 1 March
  [{ object: "document:1" }, "2026-03-01T22:30:00.000Z"], // 00:30 on 2 March
  [{ object: "document:2" }, "2026-03-01T22:30:00.000Z"], // same instant: told apart by seq
  [{ object: "document:3" }, "2026-03-01T22:30:00.000Z"],
  [{ user: NURSE, institution: PRACTICE, object: "document:4" }, "2026-03-03T10:00:00.000Z"],
  [
    { user: NURSE, institution: PRACTICE, outcome: "denied", legalGround: null, refusal: "right-suspended" },
    "2026-03-04T10:00:00.000Z",
  ],
  [{ patient: OTHER_PATIENT }, "2026-03-05T10:00:00.000Z"],
];

describe.each(testDatabaseKinds())("access reports on $name (CON-9, issue 6 item 5)", (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await kind.open();
    const now = new Date("2026-01-01T00:00:00Z");
    await insertInstitution(
      database.db,
      {
        registrationNumber: HOSPITAL,
        name: "Rīgas slimnīca",
        kind: "hospital",
        staffSize: "large",
        contactEmail: "a@example.lv",
      },
      "system",
      now,
    );
    await insertUser(
      database.db,
      {
        registrationNumber: HOSPITAL,
        personCode: DOCTOR,
        givenName: "Anna",
        familyName: "Bērziņa",
        profession: "doctor",
        workplace: "A",
      },
      now,
    );
    for (const [change, at] of ACCESSES)
      await recordAccess(database.db, { ...base, ...change }, new Date(at));
    // Not an access to patient data: never in a report.
    await appendAuditRecord(database.db, {
      actor: `PNOLV-${PATIENT}`,
      subjectPerson: `PNOLV-${PATIENT}`,
      action: "identity.signin.success",
      outcome: "success",
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  const objects = (rows: AccessReportRow[]) => rows.map((r) => r.object ?? r.action);

  it("CON-9: a patient's report lists who accessed their data, for which institution and purpose, newest first", async () => {
    const page = await accessReportPage(database.db, { subject: { kind: "patient", patient: PATIENT } });
    expect(page.next).toBeNull();
    expect(objects(page.rows)).toEqual([
      "ehealth.document.read", // the denied attempt (no object)
      "document:4",
      "document:3",
      "document:2",
      "document:1",
      "ehealth.documents.listed",
      "ehealth.patient.found",
    ]);
    expect(page.rows[0]).toMatchObject({
      user: `PNOLV-${NURSE}`,
      institution: PRACTICE,
      patient: `PNOLV-${PATIENT}`,
      purpose: "treatment",
      refusal: "right-suspended",
      outcome: "denied",
      legalGround: null,
    });
    expect(page.rows[1]).toMatchObject({ purpose: "treatment", refusal: null, legalGround: "gdpr-9-2-h" });
  });

  it("filters by Riga dates, the last day included whole", async () => {
    const day = (from: string, to: string) =>
      accessReportPage(database.db, { subject: { kind: "patient", patient: PATIENT }, from, to }).then((p) =>
        objects(p.rows),
      );
    expect(await day("2026-03-01", "2026-03-01")).toEqual(["ehealth.documents.listed"]);
    expect(await day("2026-03-02", "2026-03-02")).toEqual(["document:3", "document:2", "document:1"]);
    expect(
      objects(
        (
          await accessReportPage(database.db, {
            subject: { kind: "patient", patient: PATIENT },
            to: "2026-02-28",
          })
        ).rows,
      ),
    ).toEqual(["ehealth.patient.found"]);
  });

  it("pages by (recorded_at, seq) without losing or repeating rows at the same instant", async () => {
    const seen: string[] = [];
    let after: ReportCursor | undefined;
    let pages = 0;
    do {
      const page = await accessReportPage(database.db, {
        subject: { kind: "patient", patient: PATIENT },
        limit: 2,
        ...(after ? { after: parseCursor(formatCursor(after)) } : {}),
      });
      seen.push(...objects(page.rows));
      after = page.next ?? undefined;
      pages++;
    } while (after);
    expect(pages).toBe(4);
    expect(seen).toEqual(
      objects((await accessReportPage(database.db, { subject: { kind: "patient", patient: PATIENT } })).rows),
    );
  });

  it("reports per user and per institution, and an administrator's view is limited to their institution", async () => {
    const byUser = await accessReportPage(database.db, { subject: { kind: "user", user: `PNOLV-${NURSE}` } });
    expect(objects(byUser.rows)).toEqual(["ehealth.document.read", "document:4"]);
    const byInstitution = await accessReportPage(database.db, {
      subject: { kind: "institution", institution: HOSPITAL },
    });
    expect(byInstitution.rows).toHaveLength(6);
    expect(new Set(byInstitution.rows.map((r) => r.patient))).toEqual(
      new Set([`PNOLV-${PATIENT}`, `PNOLV-${OTHER_PATIENT}`]),
    );
    const patientAtPractice = await accessReportPage(database.db, {
      subject: { kind: "patient", patient: PATIENT },
      onlyInstitution: PRACTICE,
    });
    expect(patientAtPractice.rows.map((r) => r.institution)).toEqual([PRACTICE, PRACTICE]);
  });

  it("streams every row in batches", async () => {
    const batches: number[] = [];
    for await (const batch of accessReportBatches(
      database.db,
      { subject: { kind: "institution", institution: HOSPITAL } },
      4,
    ))
      batches.push(batch.length);
    expect(batches).toEqual([4, 2]);
  });

  it("names the users and institutions it knows", async () => {
    const names = await loadReportNames(database.db, {
      persons: [`PNOLV-${DOCTOR}`, `PNOLV-${NURSE}`],
      institutions: [HOSPITAL, PRACTICE, null],
    });
    expect(names.persons).toEqual(new Map([[`PNOLV-${DOCTOR}`, "Anna Bērziņa"]]));
    expect(names.institutions).toEqual(new Map([[HOSPITAL, "Rīgas slimnīca"]]));
  });

  it.each<[string, Parameters<typeof accessReportPage>[1], string]>([
    ["a malformed patient", { subject: { kind: "patient", patient: "12345" } }, "bad-subject"],
    ["a malformed institution", { subject: { kind: "institution", institution: "x" } }, "bad-subject"],
    [
      "a malformed administrator scope",
      { subject: { kind: "patient", patient: PATIENT }, onlyInstitution: "1" },
      "bad-subject",
    ],
    [
      "a date that does not exist",
      { subject: { kind: "patient", patient: PATIENT }, from: "2026-02-30" },
      "bad-date",
    ],
    [
      "a date in the wrong form",
      { subject: { kind: "patient", patient: PATIENT }, to: "1.3.2026" },
      "bad-date",
    ],
    [
      "from after to",
      { subject: { kind: "patient", patient: PATIENT }, from: "2026-03-02", to: "2026-03-01" },
      "bad-range",
    ],
    [
      "a year out of range",
      { subject: { kind: "patient", patient: PATIENT }, from: "1900-01-01" },
      "bad-range",
    ],
    ["a page size of 0", { subject: { kind: "patient", patient: PATIENT }, limit: 0 }, "bad-limit"],
    [
      "a page size too large",
      { subject: { kind: "patient", patient: PATIENT }, limit: 100_000 },
      "bad-limit",
    ],
  ])("refuses %s with a coded error", async (_label, query, code) => {
    const error = await accessReportPage(database.db, query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportError);
    expect((error as ReportError).code).toBe(code);
    expect((error as ReportError).httpStatus).toBe(400);
  });

  it("refuses a cursor it did not write", () => {
    for (const bad of ["", "1", "a.b", "1.2.3", "-1.2", `${"9".repeat(16)}.1`, `1.${"9".repeat(19)}`])
      expect(() => parseCursor(bad)).toThrow(ReportError);
    expect(parseCursor("1772404200000.17")).toEqual({ at: 1772404200000, seq: 17n });
  });
});
