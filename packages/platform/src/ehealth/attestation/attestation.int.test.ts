/**
 * The attestation (CON-7) over HTTP on both databases: a doctor and an administrator the operator
 * added meet the attestation page — not a refusal — at their first step; an upload that is not
 * their qualified, time-stamped signature over the current text is refused with its reason next
 * to the field; their own signed eDoc is accepted, kept with its proof and audited, and then they
 * work. The operator records a paper attestation with its evidence; nobody else may.
 */
import { defaultStandInPersons, type IssuedCredential, type TestPerson } from "@tilts/testbed";
import { createAsicE } from "@tilts/trust";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import { openSigningWorld, type SigningWorld } from "../../eservices/testing/signed-forms.ts";
import { type Browserless, loopbackFetch, type TestPlatform } from "../../identity/testing/test-platform.ts";
import { upsertPatient } from "../adapters/patient-store.ts";
import { insertAdministrator, insertUser } from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { EhealthError } from "../errors.ts";
import { csrfTokenOf, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";
import { recordPaperAttestation } from "./service.ts";
import { ATTESTATION_FILE_NAME, ATTESTATION_VERSION, attestationDocumentBytes } from "./text.ts";

const persons = defaultStandInPersons();
const newDoctor = persons[16]!;
const newAdministrator = persons[17]!;
const stranger = persons[18]!;
const paperUser = persons[19]!;
const patient = persons[20]!;

let signing: SigningWorld;
const edocOf = (content: Uint8Array) =>
  createAsicE({ dataFiles: [{ name: ATTESTATION_FILE_NAME, mediaType: "text/plain", content }] });
const credentialOf = (person: TestPerson): IssuedCredential =>
  signing.person(person.personalCode, person.givenName, person.familyName);

beforeAll(() => {
  signing = openSigningWorld();
});
afterAll(() => signing?.close());

describe.each(testDatabaseKinds())("the attestation ($name)", (kind) => {
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  let doctor: Browserless;
  let administrator: Browserless;
  const reg = "40003000001";
  const page = `/ehealth/attestation/${reg}/`;

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, {
      ehealth: { seedDemo: false, documentTrust: { anchors: () => signing.anchors() } },
    });
    const db = platform.database.db;
    world = await buildWorkplaceWorld(db);
    const now = new Date();
    const why = { actor: "PNOLV-system-test", at: now, ground: "test", evidence: "test-1" };
    // Added as the operator or an administrator adds people: a record and a right, no attestation.
    for (const [person, role] of [
      [newDoctor, "doctor"],
      [paperUser, "nurse"],
    ] as const) {
      await insertUser(
        db,
        { registrationNumber: reg, ...names(person), profession: role, workplace: "ward" },
        now,
      );
      await grantRight(db, { personCode: person.personalCode, registrationNumber: reg, role }, why);
    }
    await insertAdministrator(
      db,
      {
        registrationNumber: reg,
        ...names(newAdministrator),
        email: "a@example.test",
        appointedOn: rigaDateOf(now),
      },
      now,
    );
    await grantRight(
      db,
      {
        personCode: newAdministrator.personalCode,
        registrationNumber: reg,
        role: "institution-administrator",
      },
      why,
    );
    await upsertPatient(db, { ...names(patient), birthDate: null }, now);
    ({ browser: doctor } = await signInToEhealth(platform, newDoctor, "professional"));
    ({ browser: administrator } = await signInToEhealth(platform, newAdministrator, "professional"));
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
  });

  function names(person: TestPerson) {
    return { personCode: person.personalCode, givenName: person.givenName, familyName: person.familyName };
  }

  async function findPatient(browser: Browserless) {
    const home = await (await browser.request("/ehealth/portal/")).text();
    return browser.request("/ehealth/portal/find", {
      form: {
        _csrf: csrfTokenOf(home),
        institution: reg,
        patient: patient.personalCode,
        purpose: "treatment",
      },
    });
  }

  async function upload(browser: Browserless, edoc: Uint8Array | undefined, lang = "lv") {
    const form = new FormData();
    form.set("_csrf", csrfTokenOf(await (await browser.request(page)).text()));
    if (edoc) form.set("edoc", new Blob([Buffer.from(edoc)]), "apliecinajums.edoc");
    const response = await loopbackFetch(new URL(`${page}?lang=${lang}`, platform.base), {
      method: "POST",
      headers: { cookie: browser.jar.header(), accept: "text/html" },
      body: form,
      redirect: "manual",
    });
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get("location"),
    };
  }

  const attestationsOf = (personCode: string) =>
    platform.database.db
      .selectFrom("ehealth_attestation")
      .leftJoin("ehealth_attestation_document", "attestation_id", "id")
      .select(["id", "form_version", "evidence", "kind", "content", "signed_at"])
      .where("person_code", "=", personCode)
      .execute();

  it("a new doctor's first search leads to the attestation page, not a refusal", async () => {
    const found = await findPatient(doctor);
    expect(found.status).toBe(303);
    expect(found.headers.get("location")).toBe(page);
    const shown = await doctor.request(page);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain("<h1>Apliecinājums</h1>");
    expect(html).toContain("konfidencialitāti");
    expect(html).toContain(`href="${page}${ATTESTATION_FILE_NAME}"`);
    const english = await (await doctor.request(`${page}?lang=en`)).text();
    expect(english).toContain("keep patients' data confidential");
    const download = await doctor.request(`${page}${ATTESTATION_FILE_NAME}`);
    expect(download.headers.get("content-disposition")).toContain(ATTESTATION_FILE_NAME);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(attestationDocumentBytes());
  });

  it("refuses what is not the person's qualified, time-stamped signature over the current text, with the reason", async () => {
    const text = attestationDocumentBytes();
    const cases: [string, () => Promise<Uint8Array | undefined>, string][] = [
      ["no file", async () => undefined, "Izvēlieties parakstīto eDoc datni."],
      ["not an eDoc", async () => text, "Šī datne nav eDoc konteiners."],
      ["unsigned", async () => edocOf(text), "Datne nav parakstīta."],
      [
        "no time-stamp",
        async () => signing.sign(edocOf(text), credentialOf(newDoctor), "B"),
        "Parakstam nav laika zīmoga.",
      ],
      [
        "another signer",
        async () => signing.sign(edocOf(text), credentialOf(stranger), "LT"),
        "Datni parakstījusi cita persona.",
      ],
      [
        "another text",
        async () =>
          signing.sign(
            edocOf(new TextEncoder().encode("Es neko neapliecinu.")),
            credentialOf(newDoctor),
            "LT",
          ),
        "nav pašreizējais apliecinājuma teksts",
      ],
      [
        "a signature under a CA the platform does not trust",
        async () => {
          const elsewhere = openSigningWorld();
          try {
            const own = elsewhere.person(newDoctor.personalCode, newDoctor.givenName, newDoctor.familyName);
            return await elsewhere.sign(edocOf(text), own, "LT");
          } finally {
            elsewhere.close();
          }
        },
        "Parakstu nevar apstiprināt kā derīgu",
      ],
      [
        "a non-qualified seal",
        async () => signing.sign(edocOf(text), signing.institutionSeal(), "LT"),
        "nav drošs elektroniskais paraksts",
      ],
    ];
    for (const [what, make, message] of cases) {
      const refused = await upload(doctor, await make());
      expect(refused.status, what).toBeGreaterThanOrEqual(400);
      expect(refused.html, what).toMatch(new RegExp(`id="attestation-edoc-error"[^>]*>[^<]*${message}`));
      expect(refused.html, what).toContain('aria-describedby="attestation-edoc-error"');
    }
    expect(await attestationsOf(newDoctor.personalCode)).toEqual([]);
    const denied = await platform.database.db
      .selectFrom("audit_log")
      .select("purpose")
      .where("action", "=", "ehealth.attestation.signed")
      .where("actor", "=", `PNOLV-${newDoctor.personalCode}`)
      .where("outcome", "=", "denied")
      .execute();
    expect(denied.map((d) => d.purpose)).toContain("refused=other-signer");
  }, 120_000);

  it("accepts the doctor's own signed eDoc, keeps it, audits it, and the doctor then works", async () => {
    const signed = await signing.sign(edocOf(attestationDocumentBytes()), credentialOf(newDoctor), "LT");
    const accepted = await upload(doctor, signed);
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(page);
    const done = await (await doctor.request(`${page}?lang=lv`)).text();
    expect(done).toContain("Apliecinājums parakstīts");
    expect(done).toContain('href="/ehealth/portal/"');
    const [row, ...more] = await attestationsOf(newDoctor.personalCode);
    expect(more).toEqual([]);
    expect(row?.form_version).toBe(ATTESTATION_VERSION);
    expect(row?.kind).toBe("signed-edoc");
    expect(Buffer.from(row!.content!).equals(Buffer.from(signed))).toBe(true);
    const audit = await platform.database.db
      .selectFrom("audit_log")
      .select(["object", "acting_for"])
      .where("action", "=", "ehealth.attestation.signed")
      .where("outcome", "=", "success")
      .where("actor", "=", `PNOLV-${newDoctor.personalCode}`)
      .execute();
    expect(audit).toEqual([{ object: `attestation:${row!.id}`, acting_for: reg }]);
    // The proof outlives nothing it proves: no deleting before the retention day (CON-7).
    await expect(
      platform.database.db
        .deleteFrom("ehealth_attestation_document")
        .where("attestation_id", "=", row!.id)
        .execute(),
    ).rejects.toThrow();
    const found = await findPatient(doctor);
    expect(found.status).toBe(303);
    expect(found.headers.get("location")).toMatch(/^\/ehealth\/portal\/patient\?/);
    const patientPage = await doctor.request(found.headers.get("location")!);
    expect(patientPage.status).toBe(200);
  }, 120_000);

  it("a new administrator is shown the attestation, signs it, and then reaches the workplace", async () => {
    const workplace = `/ehealth/administrator/${reg}/`;
    const before = await administrator.request(workplace);
    expect(before.status).toBe(303);
    expect(before.headers.get("location")).toBe(page);
    const signed = await signing.sign(
      edocOf(attestationDocumentBytes()),
      credentialOf(newAdministrator),
      "LT",
    );
    const accepted = await upload(administrator, signed, "en");
    expect(accepted.status).toBe(303);
    const done = await (await administrator.request(`${page}?lang=en`)).text();
    expect(done).toContain("Attestation signed");
    expect(done).toContain(`href="${workplace}"`);
    const after = await administrator.request(workplace);
    expect(after.status).toBe(200);
    expect(await after.text()).toContain(world.hospital.name);
  }, 120_000);

  it("the operator records a paper attestation with its evidence; an administrator may not", async () => {
    const db = platform.database.db;
    const input = {
      registrationNumber: reg,
      personCode: paperUser.personalCode,
      signedOn: "3.12.2026",
      reference: "Vēstule Nr. 12/345",
      scan: { content: new TextEncoder().encode("%PDF-1.4 scan"), mediaType: "application/pdf" },
    };
    const refusal = await recordPaperAttestation(
      { db },
      { personCode: world.administrator.personalCode, level: "high" },
      input,
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EhealthError);
    expect((refusal as EhealthError).code).toBe("forbidden");
    const recorded = await recordPaperAttestation(
      { db },
      { personCode: world.operator.personalCode, level: "high" },
      input,
    );
    expect(recorded.evidence).toBe("paper Vēstule Nr. 12/345");
    expect(rigaDateOf(recorded.signedAt)).toBe("2026-12-03");
    const [row] = await attestationsOf(paperUser.personalCode);
    expect(row?.kind).toBe("paper-scan");
    const audit = await db
      .selectFrom("audit_log")
      .select("object")
      .where("action", "=", "ehealth.attestation.recorded")
      .where("outcome", "=", "success")
      .execute();
    expect(audit).toEqual([{ object: `attestation:${recorded.id}` }]);
    // The nurse now works: the search is no longer sent to the attestation page.
    const { browser: nurse } = await signInToEhealth(platform, paperUser, "professional");
    const found = await findPatient(nurse);
    expect(found.headers.get("location")).toMatch(/^\/ehealth\/portal\/patient\?/);
  }, 120_000);
});
