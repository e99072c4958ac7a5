/**
 * The preservation job (SIG-2, SIG-5; EN 319 102-1 §5.6.3): signed clinical documents kept by
 * the e-health system get archive time-stamps, renewed before the TSA certificate behind the
 * newest one expires. With the clock moved past the first TSA certificate's expiry, the
 * document the job renewed (with the successor TSA) verifies; the one it did not is
 * INDETERMINATE/NO_POE ("archive-time-stamp-expired"). The documents as uploaded never change.
 */
import { randomUUID } from "node:crypto";
import { verifyDocument } from "@tilts/trust";
import { edocTestPki } from "@tilts/trust/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { latestArchive, renewArchiveTimeStamps } from "./archive-renewal.ts";
import { ARCHIVE_LOCK_KEY, archiveRenewalPass } from "./archive-renewal-job.ts";
import { sampleDischargeSummary } from "./cda-builder.ts";
import { signClinicalDocument } from "./sign-document.ts";

const first = edocTestPki({ tsaNotAfter: new Date("2031-01-01T00:00:00Z") });
const successor = edocTestPki({ organisation: "Tilts Test Successor" });
const anchors = [first.root, successor.root];
/** The newest time-stamp's TSA chain comes from the verifier's side (as from a trusted list). */
const certificates = [successor.ca];
const YEAR_MS = 365 * 86_400_000;

async function signedSample(): Promise<Uint8Array> {
  const xml = sampleDischargeSummary({
    patient: { personalCode: "010190-10006", givenName: "Anna", familyName: "Bērziņa" },
    author: { personalCode: "020280-20008", givenName: "Dace", familyName: "Ārste" },
    institution: { registrationNumber: "40003000001", name: "Slimnīca" },
  });
  const signer = first.issueSigner({ cn: "SLIMNICA" });
  const signed = await signClinicalDocument(xml, signer, {
    level: "LT",
    tsa: first.tsa,
    fetchers: first.fetchers,
  });
  return new TextEncoder().encode(signed);
}

async function verdict(content: Uint8Array, at?: Date) {
  const s = (await verifyDocument(content, { anchors, certificates, ...(at ? { validationTime: at } : {}) }))
    .signatures[0]!;
  return [s.indication, s.subIndication, s.format];
}

async function storeSignedDocument(
  database: TestDatabase,
  id: string,
  content: Uint8Array,
  uploadedAt: Date,
): Promise<void> {
  await database.db
    .insertInto("ehealth_document")
    .values({
      id,
      patient_code: "010190-10006",
      registration_number: "40003000001",
      author_code: "020280-20008",
      uploaded_at: uploadedAt,
      title: "Izraksts no stacionāra",
      type_code: null,
      type_code_system: null,
      type_display_name: null,
      effective_time: null,
      cda_id: null,
      content,
      size_bytes: content.length,
      sha256: "-",
      signature_status: "valid",
      signature_signer: "SLIMNICA",
      signature_time: new Date(),
      signature_report: null,
    })
    .execute();
}

for (const kind of testDatabaseKinds()) {
  describe(`archive time-stamp renewal (${kind.name})`, () => {
    let database: TestDatabase;
    // Equal expiries are taken in id order: sorted, ids[0] goes first.
    const ids: string[] = [randomUUID(), randomUUID()].sort();
    const originals: Uint8Array[] = [];

    beforeAll(async () => {
      database = await kind.open();
      for (const [i, id] of ids.entries()) {
        const content = await signedSample();
        originals.push(content);
        await storeSignedDocument(database, id, content, new Date(Date.now() - (2 - i) * 60_000));
      }
    }, 60_000);

    afterAll(async () => {
      await database?.close();
    });

    it("stamps LT documents to LTA, renews the soonest-expiring one, and the renewal outlives the first TSA", async () => {
      const now = new Date();
      // First run: both documents get an archive time-stamp from the first TSA (until 2031).
      const run1 = await renewArchiveTimeStamps(
        database.db,
        { tsa: first.tsa, fetchers: first.fetchers },
        { now },
      );
      expect(run1.failed).toEqual([]);
      expect(run1.renewed.map((r) => [r.documentId, r.expiresAt.toISOString()])).toEqual(
        ids.map((id) => [id, "2031-01-01T00:00:00.000Z"]),
      );
      // Nothing is due again the same day.
      expect((await renewArchiveTimeStamps(database.db, { tsa: first.tsa }, { now })).renewed).toEqual([]);
      // Within two years of the expiry, a run with the successor TSA (one document per run
      // here) renews the first document only.
      const later = new Date(now.getTime() + 10);
      const run2 = await renewArchiveTimeStamps(
        database.db,
        { tsa: successor.tsa, fetchers: first.fetchers },
        { now: later, renewBeforeMs: 5 * YEAR_MS, batch: 1 },
      );
      expect(run2.renewed.map((r) => r.documentId)).toEqual([ids[0]]);

      const renewed = (await latestArchive(database.db, ids[0]!))!;
      const notRenewed = (await latestArchive(database.db, ids[1]!))!;
      expect(renewed.expiresAt.toISOString()).toBe("2040-01-01T00:00:00.000Z");
      // Today both verify.
      expect(await verdict(renewed.content)).toEqual(["TOTAL-PASSED", null, "XAdES-BASELINE-LTA"]);
      expect(await verdict(notRenewed.content)).toEqual(["TOTAL-PASSED", null, "XAdES-BASELINE-LTA"]);
      // In 2032, past the first TSA certificate's expiry.
      const in2032 = new Date("2032-06-01T00:00:00Z");
      expect(await verdict(renewed.content, in2032)).toEqual(["TOTAL-PASSED", null, "XAdES-BASELINE-LTA"]);
      expect(await verdict(notRenewed.content, in2032)).toEqual([
        "INDETERMINATE",
        "NO_POE",
        "XAdES-BASELINE-LTA",
      ]);
      // The documents as uploaded are untouched.
      const stored = await database.db
        .selectFrom("ehealth_document")
        .select(["id", "content"])
        .orderBy("uploaded_at")
        .execute();
      expect(
        stored.map((r) => Buffer.from(r.content).equals(Buffer.from(originals[ids.indexOf(r.id)]!))),
      ).toEqual([true, true]);
    }, 120_000);
  });
}

for (const kind of testDatabaseKinds()) {
  describe(`the preservation job in tilts start (${kind.name})`, () => {
    let database: TestDatabase;
    const log = { info: () => undefined, warn: () => undefined };

    beforeAll(async () => {
      database = await kind.open();
    });
    afterAll(async () => {
      await database?.close();
    });

    async function auditOf(id: string) {
      return database.db
        .selectFrom("audit_log")
        .select(["actor", "action", "object", "purpose", "outcome"])
        .where("object", "=", `document:${id}`)
        .orderBy("seq")
        .execute();
    }

    it("a pass renews a due document and records it; a TSA that fails is recorded and the document stays due", async () => {
      const id = randomUUID();
      await storeSignedDocument(database, id, await signedSample(), new Date());
      const failing = await archiveRenewalPass({
        db: database.db,
        tsaUrl: "http://127.0.0.1:9/tsa",
        intervalHours: 24,
        now: () => new Date(),
        log,
        trust: { anchors: () => anchors, fetchers: first.fetchers },
        tsa: async () => {
          throw Object.assign(new Error("the TSA cannot be reached"), { code: "tsa-unreachable" });
        },
      });
      expect(failing).toBe(0);
      expect(await latestArchive(database.db, id)).toBeUndefined();
      const passed = await archiveRenewalPass({
        db: database.db,
        tsaUrl: "http://127.0.0.1:9/tsa",
        intervalHours: 24,
        now: () => new Date(),
        log,
        trust: { anchors: () => anchors, fetchers: first.fetchers },
        tsa: successor.tsa,
      });
      expect(passed).toBe(1);
      expect((await latestArchive(database.db, id))?.expiresAt.toISOString()).toBe(
        "2040-01-01T00:00:00.000Z",
      );
      const records = await auditOf(id);
      expect(records.map((r) => [r.actor, r.action, r.outcome])).toEqual([
        ["system", "ehealth.document.archive-renewal-failed", "failure"],
        ["system", "ehealth.document.archive-renewed", "success"],
      ]);
      expect(records[1]!.purpose).toBe("evidence-until=2040-01-01T00:00:00.000Z");
    }, 120_000);

    if (kind.name === "postgresql")
      it("skips its turn while another node holds the job's lock", async () => {
        const id = randomUUID();
        await storeSignedDocument(database, id, await signedSample(), new Date());
        const other = new pg.Client({ connectionString: database.url });
        await other.connect();
        try {
          await other.query("select pg_advisory_lock($1)", [ARCHIVE_LOCK_KEY.toString()]);
          const pass = () =>
            archiveRenewalPass({
              db: database.db,
              tsaUrl: "http://127.0.0.1:9/tsa",
              intervalHours: 24,
              now: () => new Date(),
              log,
              trust: { anchors: () => anchors, fetchers: first.fetchers },
              tsa: successor.tsa,
            });
          expect(await pass()).toBe(0);
          expect(await latestArchive(database.db, id)).toBeUndefined();
          await other.query("select pg_advisory_unlock($1)", [ARCHIVE_LOCK_KEY.toString()]);
          expect(await pass()).toBe(1);
        } finally {
          await other.end();
        }
      }, 120_000);
  });
}
