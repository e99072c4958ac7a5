import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { issueInstitution, respondToOcspRequest, respondToTimeStampRequest, TestPki } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import { seedDemoDocuments } from "./demo-documents.ts";
import { listDocuments } from "./document-store.ts";

const NOW = new Date("2026-03-02T10:00:00.000Z");
const patients = [
  { personalCode: "010180-10000", givenName: "Anna", familyName: "Bērziņa" },
  { personalCode: "020275-10000", givenName: "Pēteris", familyName: "Kalniņš" },
];
const author = { personalCode: "030370-10004", givenName: "Dace", familyName: "Dakteri" };
const institution = { registrationNumber: "40003000001", name: "Demo slimnīca" };

for (const kind of testDatabaseKinds())
  describe(`demo documents on ${kind.name} (issue 6 item 6)`, () => {
    let dir: string;
    let database: TestDatabase;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "tilts-demo-docs-"));
      database = await kind.open();
    }, 60_000);
    afterAll(async () => {
      await database?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("stores two checked documents per patient, one signed and valid, with their accesses recorded; idempotent", async () => {
      const pki = TestPki.create(join(dir, "pki"), { baseUrl: "http://127.0.0.1:9/testbed" });
      const credential = issueInstitution(pki, {
        name: institution.name,
        registrationNumber: institution.registrationNumber,
      });
      const input = {
        patients,
        author,
        institution,
        ports: {
          schema: await createCdaSchemaValidator(),
          trust: { anchors: () => [pki.ca("root").certificate] },
        },
        signer: {
          credential: {
            key: credential.privateKey,
            certificate: credential.certificate,
            chain: credential.chain,
          },
          options: {
            level: "LT" as const,
            tsa: async (r: Uint8Array) => respondToTimeStampRequest(pki, r),
            fetchers: { fetchOcsp: async (_u: string, r: Uint8Array) => respondToOcspRequest(pki, r) },
          },
        },
        now: NOW,
      };
      expect(await seedDemoDocuments(database.db, input)).toBe(4);
      expect(await seedDemoDocuments(database.db, input)).toBe(0);
      const first = await listDocuments(database.db, patients[0]!.personalCode);
      expect(first.map((d) => d.signature.status).sort()).toEqual(["none", "valid"]);
      expect(
        (await listDocuments(database.db, patients[1]!.personalCode)).map((d) => d.signature.status),
      ).toEqual(["none", "none"]);
      const records = await database.db
        .selectFrom("audit_log")
        .select(["action", "outcome"])
        .where("action", "=", "ehealth.document.uploaded")
        .execute();
      expect(records).toHaveLength(4);
    }, 60_000);
  });
