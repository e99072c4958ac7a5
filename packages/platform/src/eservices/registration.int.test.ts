/**
 * Registration end to end on a database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set):
 * a representative signs the form eDoc with a qualified certificate at XAdES-LT and submits it;
 * unsigned, B-level (no time-stamp), non-qualified and non-representative submissions are refused
 * with their own code and reason (SIG-6); the agency registers (identifier, contact person,
 * notice to the institution) or refuses (ESV-3). Signed originals stay byte for byte.
 */
import { createHash } from "node:crypto";
import { createAsicE, readAsicE } from "@tilts/trust";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { formHistory, listQueue, refuseForm, registerForm } from "./agency.ts";
import type { Notice } from "./core/notices.ts";
import type { EservicesDatabase } from "./database.ts";
import { EservicesError, SUBMISSION_REFUSALS, type SubmissionRefusalCode } from "./errors.ts";
import type { InstitutionMail } from "./mail-port.ts";
import { addRepresentative } from "./representatives.ts";
import { type SubmissionPorts, submitSignedForm } from "./submission.ts";
import {
  HOSPITAL,
  openSigningWorld,
  type SigningWorld,
  sampleForm,
  unsignedFormEdoc,
} from "./testing/signed-forms.ts";

const REPRESENTATIVE = "320000-00006";
const STRANGER = "320000-00013";

let world: SigningWorld;
let signedLt: Uint8Array;
let signedLtSecond: Uint8Array;
let signedB: Uint8Array;
let signedByStranger: Uint8Array;
let sealed: Uint8Array;
let withAttachment: Uint8Array;

beforeAll(async () => {
  world = openSigningWorld();
  const representative = world.person(REPRESENTATIVE);
  const stranger = world.person(STRANGER, "Pēteris", "Svešais");
  signedLt = await world.sign(unsignedFormEdoc(), representative, "LT");
  signedLtSecond = await world.sign(
    unsignedFormEdoc(
      sampleForm({
        nameLv: "Veselības kartes izziņa",
        nameEn: "Health card statement",
        audiences: ["businesses"],
      }),
    ),
    representative,
    "LT",
  );
  signedB = await world.sign(unsignedFormEdoc(), representative, "B");
  signedByStranger = await world.sign(unsignedFormEdoc(), stranger, "LT");
  sealed = await world.sign(unsignedFormEdoc(), world.institutionSeal(), "LT");
  // The form with another file signed along: not the document SIG-6 asks for.
  const form = readAsicE(unsignedFormEdoc()).dataFiles[0]!;
  withAttachment = await world.sign(
    createAsicE({
      dataFiles: [
        { name: form.name, mediaType: form.mediaType, content: form.content },
        { name: "pielikums.txt", content: new TextEncoder().encode("cits dokuments") },
      ],
    }),
    representative,
    "LT",
  );
}, 120_000);

afterAll(() => world?.close());

/** A mail queue that remembers what it was handed and whether it came inside the transaction. */
function recordingMail(): InstitutionMail & { sent: (Notice & { kind: string; inTransaction: boolean })[] } {
  const sent: (Notice & { kind: string; inTransaction: boolean })[] = [];
  return {
    sent,
    async queue(trx, notice) {
      sent.push({ ...notice, inTransaction: trx.isTransaction });
    },
  };
}

async function refusalOf(promise: Promise<unknown>): Promise<EservicesError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EservicesError);
  return error as EservicesError;
}

describe.each(testDatabaseKinds())("e-service registration ($name)", (kind) => {
  let database: TestDatabase;
  let db: import("kysely").Kysely<EservicesDatabase>;
  let ports: SubmissionPorts;

  beforeAll(async () => {
    database = await kind.open();
    db = database.db;
    ports = { anchors: () => world.anchors(), maxBytes: 2 * 1024 * 1024 };
    await addRepresentative(
      db,
      { institutionRegistrationNumber: HOSPITAL, personalCode: REPRESENTATIVE, fullName: "Jānis Bērziņš" },
      "cli",
      new Date(),
    );
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  it("SIG-6: a form signed at XAdES-LT by a listed representative reaches the queue, its original kept byte for byte", async () => {
    const submitted = await submitSignedForm(db, signedLt, ports, new Date());
    expect(submitted.signedSha256).toBe(createHash("sha256").update(signedLt).digest("hex"));
    const queue = await listQueue(db);
    expect(queue.map((f) => f.form.name.en)).toContain("Booking a doctor's appointment");
    const stored = await db
      .selectFrom("eservice_form")
      .select(["signed_edoc", "signed_sha256"])
      .where("id", "=", submitted.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.signed_edoc).equals(Buffer.from(signedLt))).toBe(true);
    expect((await formHistory(db, submitted.id)).map((h) => h.status)).toEqual(["submitted"]);
    // The original is evidence: not even the database's own UPDATE may change it.
    await expect(
      db
        .updateTable("eservice_form")
        .set({ signed_sha256: "0".repeat(64) })
        .where("id", "=", submitted.id)
        .execute(),
    ).rejects.toThrow();
  });

  const refusals: [string, () => Uint8Array, SubmissionRefusalCode][] = [
    ["an unsigned form", () => unsignedFormEdoc(), "unsigned"],
    ["a B-level form (no time-stamp)", () => signedB, "no-time-stamp"],
    [
      "a form signed by someone who does not represent the institution",
      () => signedByStranger,
      "signer-not-representative",
    ],
    ["a form sealed with an institution's (non-qualified) certificate", () => sealed, "not-qualified"],
    ["a file that is not an eDoc", () => new TextEncoder().encode("%PDF-1.7 not a container"), "not-an-edoc"],
    ["a container with another file signed along with the form", () => withAttachment, "form-missing"],
  ];
  it.each(refusals)(
    "SIG-6: refuses %s with its own code and a Latvian and English reason",
    async (_what, file, code) => {
      const before = (await listQueue(db)).length;
      const error = await refusalOf(submitSignedForm(db, file(), ports, new Date()));
      expect(error.code).toBe(code);
      expect(error.message).toBe(SUBMISSION_REFUSALS[code].en);
      expect(SUBMISSION_REFUSALS[code].lv).not.toBe(SUBMISSION_REFUSALS[code].en);
      expect((await listQueue(db)).length).toBe(before);
    },
  );

  it("SIG-6: refuses a form whose signer's certificate does not chain to a configured anchor", async () => {
    const error = await refusalOf(
      submitSignedForm(db, signedLt, { ...ports, anchors: () => [] }, new Date()),
    );
    expect(error.code).toBe("signature-invalid");
  });

  it("SIG-6: refuses a file over the size limit before reading it as a container", async () => {
    const error = await refusalOf(submitSignedForm(db, signedLt, { ...ports, maxBytes: 1024 }, new Date()));
    expect(error.code).toBe("too-large");
  });

  it("ESV-3: registering assigns ESP-<year>-00001, then 00002; the institution is told its identifier and contact", async () => {
    const second = await submitSignedForm(db, signedLtSecond, ports, new Date());
    const [first] = await listQueue(db);
    const mail = recordingMail();
    const now = new Date();
    const year = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Riga", year: "numeric" }).format(now);
    const done = await registerForm(
      db,
      first!.id,
      { name: "Aivars Ozols", email: "aivars.ozols@agentura.example.lv" },
      { actor: "cli", now, mail },
    );
    expect(done.identifier).toBe(`ESP-${year}-00001`);
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]).toMatchObject({
      to: "kanceleja@slimnica.example.lv",
      kind: "eservices.registered",
      inTransaction: true,
    });
    expect(mail.sent[0]!.body).toContain(`E-pakalpojuma identifikators: ESP-${year}-00001`);
    expect(mail.sent[0]!.body).toContain("Aivars Ozols, aivars.ozols@agentura.example.lv");
    const history = await formHistory(db, first!.id);
    expect(history.map((h) => h.status)).toEqual(["submitted", "registered"]);
    expect(history[1]).toMatchObject({ actor: "cli", noticeTo: "kanceleja@slimnica.example.lv" });
    expect(history[1]!.noticeQueuedAt).not.toBeNull();

    const again = await refusalOf(
      registerForm(db, first!.id, { name: "A", email: "a@agentura.example.lv" }, { actor: "cli", now }),
    );
    expect(again.code).toBe("not-submitted");
    const next = await registerForm(
      db,
      second.id,
      { name: "Aivars Ozols", email: "aivars.ozols@agentura.example.lv" },
      { actor: "cli", now },
    );
    expect(next.identifier).toBe(`ESP-${year}-00002`);
    // Without a mail queue the notice is still kept on the form's history, marked not queued.
    expect(next.noticeQueued).toBe(false);
    expect((await formHistory(db, second.id))[1]).toMatchObject({
      noticeQueuedAt: null,
      noticeTo: "kanceleja@slimnica.example.lv",
    });
  });

  it("ESV-3: refusing keeps the reason on the history and tells the institution why", async () => {
    const submitted = await submitSignedForm(db, signedLt, ports, new Date());
    const mail = recordingMail();
    const done = await refuseForm(
      db,
      submitted.id,
      "Nav norādīts e-pakalpojuma tiesiskais pamats pilnā apjomā.",
      {
        actor: "cli",
        now: new Date(),
        mail,
      },
    );
    expect(done.form.status).toBe("refused");
    expect(mail.sent[0]!.body).toContain(
      "Iemesls: Nav norādīts e-pakalpojuma tiesiskais pamats pilnā apjomā.",
    );
    const history = await formHistory(db, submitted.id);
    expect(history.map((h) => [h.status, h.note])).toEqual([
      ["submitted", null],
      ["refused", "Nav norādīts e-pakalpojuma tiesiskais pamats pilnā apjomā."],
    ]);
  });

  it("records each action in the audit log, refusals as denied with their code", async () => {
    const rows = await sql<{ action: string; outcome: string; purpose: string | null }>`
      select action, outcome, purpose from audit_log where action like 'eservices.%' order by seq`.execute(
      db,
    );
    const actions = rows.rows.map((r) => r.action);
    expect(actions).toContain("eservices.representative.added");
    expect(actions).toContain("eservices.form.submitted");
    expect(actions).toContain("eservices.form.registered");
    expect(actions).toContain("eservices.form.refused");
    expect(rows.rows).toContainEqual({
      action: "eservices.form.submission-refused",
      outcome: "denied",
      purpose: "code=unsigned",
    });
  });
});
