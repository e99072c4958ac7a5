/**
 * The classifier store on PGlite and PostgreSQL (ANX2-17, DEV-5): the built-in classifiers are
 * seeded as version 1; a CSV file and then a FHIR CodeSystem file become versions 2 and 3 with
 * the changes they make, "since version N" answers them, a file that changes nothing makes no
 * version, bad files and unknown codes of rule-bound classifiers are refused with nothing
 * written, and every load is audited. An upload whose document type is not a valid code of the
 * document-types classifier today is refused — and accepted once the operator publishes it.
 * The operator's classifier contract is recorded on the institution.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { type CdaSchemaValidator, createCdaSchemaValidator } from "../core/cda-schema.ts";
import { PROFESSIONAL_ROLES, PURPOSES } from "../core/rights-policy.ts";
import { DocumentError, type UploadCheckPorts, uploadDocument } from "../documents/index.ts";
import { FIXTURE, sampleDocument, seedServiceFixture } from "../system-access/testing/service-fixture.ts";
import { INSTITUTION_KINDS } from "../tables.ts";
import { BOUND_CODES, SYSTEM_RIGHT_ACTIONS } from "./bound-codes.ts";
import { BUILT_IN_CODE_SYSTEMS } from "./built-in.ts";
import {
  changesSince,
  findCodeSystem,
  isValidCode,
  listCodeSystems,
  publishedCodes,
  validCodes,
} from "./classifier-store.ts";
import { findClassifierContract, recordClassifierContract } from "./contract-store.ts";
import { fhirCodeSystem } from "./core/fhir.ts";
import { ClassifierError } from "./errors.ts";
import { loadClassifier } from "./load-classifier.ts";

const NOW = new Date("2026-12-07T10:00:00Z");
const TODAY = "2026-12-07";
const HEADER = "code,display_lv,display_en,valid_from,valid_to";
const utf8 = (text: string) => new TextEncoder().encode(text);

async function refusal(run: () => Promise<unknown>): Promise<ClassifierError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ClassifierError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

it("binds the rule-bound classifiers to the codes the rules know, and seeds exactly those", () => {
  expect(BOUND_CODES).toEqual({
    purposes: PURPOSES,
    "professional-roles": PROFESSIONAL_ROLES,
    "patient-data-actions": SYSTEM_RIGHT_ACTIONS,
    "institution-kinds": INSTITUTION_KINDS,
  });
  for (const [name, codes] of Object.entries(BOUND_CODES))
    expect(BUILT_IN_CODE_SYSTEMS.find((s) => s.name === name)?.codes.map((c) => c.code)).toEqual([...codes]);
});

describe.each(testDatabaseKinds())("classifier store ($name)", (kind) => {
  let database: TestDatabase;
  let schema: CdaSchemaValidator;
  const audit = (action: string) =>
    database.db
      .selectFrom("audit_log")
      .select(["actor", "object", "purpose", "legal_ground", "acting_for"])
      .where("action", "=", action)
      .orderBy("seq")
      .execute();
  const load = (name: string, text: string, source = "file.csv") =>
    loadClassifier(database.db, { name, bytes: utf8(text), source, actor: "cli", now: NOW });

  beforeAll(async () => {
    database = await kind.open();
    schema = await createCdaSchemaValidator();
    await seedServiceFixture(database.db, NOW);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("seeds the built-in classifiers as version 1, countries of the EU and EEA among them", async () => {
    const systems = await listCodeSystems(database.db);
    expect(systems.map((s) => [s.name, s.version])).toEqual([
      ["countries", 1],
      ["document-types", 1],
      ["institution-kinds", 1],
      ["patient-data-actions", 1],
      ["professional-roles", 1],
      ["purposes", 1],
    ]);
    const countries = await publishedCodes(database.db, "countries");
    expect(countries.find((c) => c.code === "LV")).toMatchObject({
      displayLv: "Latvija",
      displayEn: "Latvia",
    });
    expect(countries.length).toBeGreaterThanOrEqual(30);
    expect(await isValidCode(database.db, "document-types", "18842-5", TODAY)).toBe(true);
  });

  it("loads a CSV file as version 2: added, changed, retired — and since=1 tells each", async () => {
    const result = await load(
      "document-types",
      [
        HEADER,
        "18842-5,Izraksts no slimnīcas,Discharge summary,2024-01-01,",
        '11502-2,"Laboratorijas rezultāti, kopsavilkums",Laboratory report,2024-01-01,',
        "34133-9,Epizodes kopsavilkums,Summary of episode note,2027-01-01,",
      ].join("\n"),
    );
    expect(result).toEqual({
      name: "document-types",
      format: "csv",
      version: 2,
      added: 1,
      changed: 1,
      retired: 1,
    });
    expect(
      (await changesSince(database.db, "document-types", 1)).map((c) => [c.code, c.change, c.version]),
    ).toEqual([
      ["11502-2", "changed", 2],
      ["11506-3", "retired", 2],
      ["34133-9", "added", 2],
    ]);
    expect(await changesSince(database.db, "document-types", 2)).toEqual([]);
    // Retired codes are no longer valid; a code valid only from next year is published, not valid yet.
    expect(await isValidCode(database.db, "document-types", "11506-3", TODAY)).toBe(false);
    expect((await validCodes(database.db, "document-types", TODAY)).map((c) => c.code)).toEqual([
      "11502-2",
      "18842-5",
    ]);
    expect((await validCodes(database.db, "document-types", "2027-01-01")).map((c) => c.code)).toContain(
      "34133-9",
    );
    expect((await audit("ehealth.classifier.loaded")).at(-1)).toEqual({
      actor: "cli",
      object: "classifier:document-types",
      purpose: "version=2; added=1; changed=1; retired=1; source=file.csv",
      legal_ground: "ANX2-17",
      acting_for: null,
    });
  });

  it("loads the FHIR CodeSystem it serves back unchanged, and a changed one as version 3", async () => {
    const system = await findCodeSystem(database.db, "document-types");
    const served = fhirCodeSystem(system!, await publishedCodes(database.db, "document-types"));
    const same = await load("document-types", JSON.stringify(served), "document-types.json");
    expect(same).toMatchObject({ format: "fhir-json", version: 2, added: 0, changed: 0, retired: 0 });
    expect((await audit("ehealth.classifier.loaded")).at(-1)?.purpose).toBe(
      "version=2; added=0; changed=0; retired=0; source=document-types.json",
    );

    // The progress note comes back, valid until the end of next year.
    served.concept.push({
      code: "11506-3",
      display: "Progresa piezīmes",
      designation: [{ language: "en", value: "Progress note" }],
      property: [
        { code: "effectiveDate", valueDateTime: "2024-01-01" },
        { code: "retirementDate", valueDateTime: "2027-12-31" },
      ],
    });
    const next = await load("document-types", JSON.stringify(served), "document-types.json");
    expect(next).toMatchObject({ version: 3, added: 1, changed: 0, retired: 0 });
    expect((await changesSince(database.db, "document-types", 2)).map((c) => [c.code, c.change])).toEqual([
      ["11506-3", "added"],
    ]);
    expect((await findCodeSystem(database.db, "document-types"))?.version).toBe(3);
  });

  it("refuses bad files, a foreign CodeSystem url, unknown classifiers and unknown rule-bound codes; nothing changes", async () => {
    const before = await database.db.selectFrom("ehealth_code").selectAll().orderBy("code").execute();
    const bad = await refusal(() => load("countries", `${HEADER}\nLV,Latvija,,2024-13-01,`));
    expect(bad.code).toBe("classifier-file-invalid");
    expect(bad.problems).toEqual([
      { where: "line 2", message: "display_en is empty" },
      { where: "line 2", message: 'valid_from "2024-13-01" is not a YYYY-MM-DD date' },
    ]);
    const foreign = await refusal(() =>
      load(
        "countries",
        JSON.stringify({
          resourceType: "CodeSystem",
          url: "http://loinc.org",
          concept: [
            {
              code: "LV",
              display: "Latvija",
              designation: [{ language: "en", value: "Latvia" }],
              property: [{ code: "effectiveDate", valueDateTime: "2024-01-01" }],
            },
          ],
        }),
      ),
    );
    expect(foreign.problems).toEqual([{ where: "url", message: "expected urn:iso:std:iso:3166" }]);
    expect((await refusal(() => load("nothing", `${HEADER}\nA,a,a,2024-01-01,`))).code).toBe(
      "classifier-not-found",
    );
    const unbound = await refusal(() =>
      load(
        "purposes",
        `${HEADER}\ntreatment,ārstēšana,treatment,2024-01-01,\nresearch,pētniecība,research,2024-01-01,`,
      ),
    );
    expect(unbound.code).toBe("classifier-code-unbound");
    expect(unbound.problems).toEqual([{ where: "code research", message: "not a code the rules know" }]);
    expect(await database.db.selectFrom("ehealth_code").selectAll().orderBy("code").execute()).toEqual(
      before,
    );
    expect((await findCodeSystem(database.db, "countries"))?.version).toBe(1);
  });

  it("refuses an upload whose document type is not valid today, and accepts it once published", async () => {
    const ports: UploadCheckPorts = { schema, trust: { anchors: () => [] } };
    const request = {
      personCode: FIXTURE.doctor,
      level: "high" as const,
      institution: FIXTURE.hospital,
      purpose: "treatment",
      now: NOW,
    };
    const episode = utf8(sampleDocument(NOW).replace('code="18842-5"', 'code="34133-9"'));
    const refused = await uploadDocument(database.db, request, FIXTURE.patient, episode, ports).catch(
      (e) => e,
    );
    expect(refused).toBeInstanceOf(DocumentError);
    expect((refused as DocumentError).code).toBe("document-type-unknown");
    expect((refused as DocumentError).message).toBe(
      "document type 34133-9 is not a valid code of the document-types classifier on 2026-12-07",
    );
    const recorded = await database.db
      .selectFrom("audit_log")
      .select(["outcome", "purpose"])
      .where("action", "=", "ehealth.document.uploaded")
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(recorded).toEqual({
      outcome: "failure",
      purpose: "treatment; refused=invalid-document:document-type-unknown",
    });

    await load(
      "document-types",
      [
        HEADER,
        "18842-5,Izraksts no slimnīcas,Discharge summary,2024-01-01,",
        "34133-9,Epizodes kopsavilkums,Summary of episode note,2026-12-01,",
      ].join("\n"),
    );
    const { id } = await uploadDocument(database.db, request, FIXTURE.patient, episode, ports);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // A type in another code system than LOINC's is refused even with a known code.
    const foreignSystem = utf8(
      sampleDocument(NOW).replace(/code="18842-5" codeSystem="[^"]+"/, 'code="18842-5" codeSystem="1.2.3"'),
    );
    const wrong = await uploadDocument(database.db, request, FIXTURE.patient, foreignSystem, ports).catch(
      (e) => e,
    );
    expect((wrong as DocumentError).code).toBe("document-type-unknown");
  }, 60_000);

  it("records an institution's classifier contract (DEV-5), audited; refuses unknown institutions and bad dates", async () => {
    expect(await findClassifierContract(database.db, FIXTURE.hospital)).toBeUndefined();
    await recordClassifierContract(
      database.db,
      { registrationNumber: FIXTURE.hospital, number: "KL-2026/14", concludedOn: "2026-11-30" },
      "cli",
      NOW,
    );
    expect(await findClassifierContract(database.db, FIXTURE.hospital)).toMatchObject({
      number: "KL-2026/14",
      concludedOn: "2026-11-30",
      recordedBy: "cli",
    });
    expect((await audit("ehealth.classifier.contract-recorded")).at(-1)).toEqual({
      actor: "cli",
      object: `institution:${FIXTURE.hospital}`,
      purpose: "contract=KL-2026/14; concluded=2026-11-30",
      legal_ground: "DEV-5",
      acting_for: FIXTURE.hospital,
    });
    const contract = (registrationNumber: string, concludedOn: string) => () =>
      recordClassifierContract(database.db, { registrationNumber, number: "X", concludedOn }, "cli", NOW);
    expect((await refusal(contract("40009999999", "2026-11-30"))).code).toBe("institution-not-found");
    expect((await refusal(contract(FIXTURE.hospital, "30.11.2026"))).code).toBe("bad-contract");
  });
});
