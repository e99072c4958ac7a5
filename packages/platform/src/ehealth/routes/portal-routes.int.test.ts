/**
 * The portal's pages over HTTP, signed in through the broker and the eParaksts stand-in like a
 * browser (ehealth/testing): find → list → open → upload (multipart, CSRF inside), refusals with
 * the missing right (403), schema errors listed (422), sign-in required. Issue 6 item 4.
 */
import { join } from "node:path";
import {
  defaultStandInPersons,
  issueInstitution,
  respondToOcspRequest,
  respondToTimeStampRequest,
  TestPki,
} from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyEncryptionOf } from "../../config/config.ts";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless } from "../../identity/testing/test-platform.ts";
import { loopbackFetch, type TestPlatform } from "../../identity/testing/test-platform.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { upsertPatient } from "../adapters/patient-store.ts";
import { insertAttestation, insertUser } from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import type { EhealthTransaction } from "../database.ts";
import { sampleDischargeSummary, sampleLabResult } from "../documents/cda-builder.ts";
import { checkUpload } from "../documents/check-upload.ts";
import { insertDocument } from "../documents/document-store.ts";
import { signClinicalDocument } from "../documents/sign-document.ts";
import { csrfTokenOf, patientAddress, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";

const persons = defaultStandInPersons();
const doctor = persons[2]!;
const patient = persons[5]!;
const HOSPITAL = "40003000011";
const NOW = new Date();

let platform: TestPlatform;
let browser: Browserless;
let documentId: string;

/** The doctor's address of the patient page (the search gives it; the patient as an opaque reference). */
let address = "";
const selection = (purpose = "treatment") => {
  const query = new URLSearchParams(address);
  query.set("purpose", purpose);
  return query.toString();
};

const sample = () =>
  sampleLabResult({
    patient: {
      personalCode: patient.personalCode,
      givenName: patient.givenName,
      familyName: patient.familyName,
    },
    author: { personalCode: doctor.personalCode, givenName: doctor.givenName, familyName: doctor.familyName },
    institution: { registrationNumber: HOSPITAL, name: "Portāla slimnīca" },
  });

async function upload(xml: string, csrf: string): Promise<Response> {
  const form = new FormData();
  form.set("_csrf", csrf);
  form.set("document", new Blob([xml], { type: "text/xml" }), "dokuments.xml");
  return loopbackFetch(new URL(`/ehealth/portal/upload?${selection()}`, platform.base), {
    method: "POST",
    headers: { cookie: browser.jar.header(), accept: "text/html" },
    body: form,
    redirect: "manual",
  });
}

beforeAll(async () => {
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, { ehealth: { seedDemo: false } });
  const db = platform.database.db;
  await db.transaction().execute(async (trx: EhealthTransaction) => {
    const why = { actor: "system", at: NOW, ground: "test set-up", evidence: "fixture" };
    await insertInstitution(
      trx,
      {
        registrationNumber: HOSPITAL,
        name: "Portāla slimnīca",
        kind: "hospital",
        staffSize: "large",
        contactEmail: "h@example.test",
      },
      "system",
      NOW,
    );
    await insertContract(
      trx,
      { registrationNumber: HOSPITAL, number: "L-1", scope: "portal", concludedOn: "2026-01-05" },
      NOW,
    );
    const user = await insertUser(
      trx,
      {
        registrationNumber: HOSPITAL,
        personCode: doctor.personalCode,
        givenName: doctor.givenName,
        familyName: doctor.familyName,
        profession: "doctor",
        workplace: "ward",
      },
      NOW,
    );
    await insertAttestation(trx, {
      signer: { kind: "user", user },
      formVersion: "1",
      signedAt: NOW,
      evidence: "form",
    });
    await grantRight(
      trx,
      { personCode: doctor.personalCode, registrationNumber: HOSPITAL, role: "doctor" },
      why,
    );
    await upsertPatient(
      trx,
      {
        personCode: patient.personalCode,
        givenName: patient.givenName,
        familyName: patient.familyName,
        birthDate: patient.birthDate,
      },
      NOW,
    );
  });
  const checked = await checkUpload(
    new TextEncoder().encode(
      sampleDischargeSummary({
        patient: {
          personalCode: patient.personalCode,
          givenName: patient.givenName,
          familyName: patient.familyName,
        },
        author: {
          personalCode: doctor.personalCode,
          givenName: doctor.givenName,
          familyName: doctor.familyName,
        },
        institution: { registrationNumber: HOSPITAL, name: "Portāla slimnīca" },
      }),
    ),
    patient.personalCode,
    { schema: await createCdaSchemaValidator(), trust: { anchors: () => [] } },
  );
  documentId = await insertDocument(
    db,
    {
      patientCode: patient.personalCode,
      registrationNumber: HOSPITAL,
      authorCode: doctor.personalCode,
      checked,
    },
    NOW,
  );
  ({ browser } = await signInToEhealth(platform, doctor, "professional", { returnTo: "/ehealth/portal/" }));
  address = await patientAddress(browser, {
    institution: HOSPITAL,
    patient: patient.personalCode,
    purpose: "treatment",
  });
}, 300_000);

afterAll(async () => {
  await platform?.stop();
}, 60_000);

describe("professionals' portal pages", () => {
  it("without a session the portal sends the browser to sign in", async () => {
    const response = await loopbackFetch(new URL("/ehealth/portal/", platform.base), { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/ehealth\/signin\/professional\?return=/);
  });

  it("find → list → open: the institution is chosen from the person's rights, the narrative rendered", async () => {
    const home = await browser.request("/ehealth/portal/?lang=en");
    const homeHtml = await home.text();
    expect(home.status).toBe(200);
    expect(homeHtml).toContain(`Portāla slimnīca (${HOSPITAL}) — doctor`);
    const found = await browser.request("/ehealth/portal/find", {
      form: {
        _csrf: csrfTokenOf(homeHtml),
        institution: HOSPITAL,
        patient: patient.personalCode,
        purpose: "treatment",
      },
    });
    expect(found.status).toBe(303);
    // The patient travels in the address as an opaque reference, never as the personal code.
    const location = found.headers.get("location") ?? "";
    expect(location.startsWith("/ehealth/portal/patient?")).toBe(true);
    expect(location).not.toContain(patient.personalCode);
    const query = new URL(location, platform.base).searchParams;
    expect([query.get("institution"), query.get("purpose")]).toEqual([HOSPITAL, "treatment"]);
    const list = await browser.request(found.headers.get("location")!);
    const listHtml = await list.text();
    expect(list.status).toBe(200);
    expect(listHtml).toContain(`${patient.givenName} ${patient.familyName}`);
    expect(listHtml).toContain("Izraksts no stacionāra");
    const doc = await browser.request(`/ehealth/portal/document?${selection()}&id=${documentId}`);
    const docHtml = await doc.text();
    expect(doc.status).toBe(200);
    expect(docHtml).toContain("Pneimonija, neprecizēta");
    expect(docHtml).toContain('<table class="cda-table">');
    expect(docHtml).not.toContain("<script");
  });

  it("a personal code typed into the address is not taken: the search is asked for again (400)", async () => {
    const raw = new URLSearchParams({
      institution: HOSPITAL,
      patient: patient.personalCode,
      purpose: "treatment",
    });
    const response = await browser.request(`/ehealth/portal/patient?${raw}&lang=en`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("search for the patient again");
  });

  it("refuses a purpose not allowed for the role: 403 naming the missing right", async () => {
    const response = await browser.request(`/ehealth/portal/patient?${selection("laboratory")}&lang=en`);
    const html = await response.text();
    expect(response.status).toBe(403);
    expect(html).toContain("Access refused");
    expect(html).toContain(`patient.documents.list@${HOSPITAL} (doctor, nurse, pharmacist)`);
    expect(html).toContain("This purpose of access is not allowed for your role.");
    expect(html).toContain('action="/ehealth/signout/professional"');
    expect(html).toContain("What to do next");
    expect(html).toContain("choose an institution and a purpose that fit your role");
  });

  it("uploads a document (multipart, CSRF in the body) and lists it; a broken one gets the schema's errors (422)", async () => {
    const form = await browser.request(`/ehealth/portal/upload?${selection()}`);
    const csrf = csrfTokenOf(await form.text());
    const ok = await upload(sample(), csrf);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toContain("notice=uploaded");
    const list = await (await browser.request(ok.headers.get("location")!)).text();
    expect(list).toContain("Laboratorijas izmeklējumu rezultāti");

    const broken = await upload(
      sample().replace(/<effectiveTime value="[^"]+"\/>/, '<effectiveTime value="vakar"/>'),
      csrf,
    );
    const html = await broken.text();
    expect(broken.status).toBe(422);
    expect(html).toContain("schema-invalid");
    expect(html).toContain("vakar");

    const forged = await upload(sample(), "not-the-token");
    expect(forged.status).toBe(403);
  });

  it("a document id of another patient or none is not found (404)", async () => {
    const response = await browser.request(
      `/ehealth/portal/document?${selection()}&id=00000000-0000-0000-0000-000000000000`,
    );
    expect(response.status).toBe(404);
  });

  it("SIG-5: with the testbed, a document signed by an institution's testbed certificate shows as valid (composition wires the test PKI's root as anchor)", async () => {
    const pki = TestPki.openOrCreate(join(platform.config.dataDir, "testbed", "pki"), {
      baseUrl: `${platform.base}/testbed`,
      keyPassphrase: keyEncryptionOf(platform.config).pkcs8Passphrase(),
    });
    const credential = issueInstitution(pki, { name: "Portāla slimnīca", registrationNumber: HOSPITAL });
    const signed = await signClinicalDocument(
      sample(),
      { key: credential.privateKey, certificate: credential.certificate, chain: credential.chain },
      {
        level: "LT",
        tsa: async (request) => respondToTimeStampRequest(pki, request),
        fetchers: { fetchOcsp: async (_url, request) => respondToOcspRequest(pki, request) },
      },
    );
    const form = await browser.request(`/ehealth/portal/upload?${selection()}`);
    const uploaded = await upload(signed, csrfTokenOf(await form.text()));
    expect(uploaded.status).toBe(303);
    const list = await (await browser.request(`${uploaded.headers.get("location")!}&lang=en`)).text();
    expect(list).toContain('<span class="signature signature-valid">valid</span>');
    const id =
      /id=([0-9a-f-]{36})">Laboratorijas[^<]*<\/a><\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td><span class="signature signature-valid">/.exec(
        list,
      )?.[1];
    expect(id).toBeDefined();
    const page = await (
      await browser.request(`/ehealth/portal/document?${selection()}&id=${id}&lang=en`)
    ).text();
    expect(page).toContain("Portāla slimnīca");
    expect(page).toContain("TOTAL-PASSED");
  });

  it("no script survives: a schema-valid document with a javascript: link and markup in text is shown inert", async () => {
    const hostile = sample().replace(
      "<paragraph>Paaugstināts",
      '<paragraph><linkHtml href="javascript:alert(1)">klikšķini</linkHtml> &lt;script&gt;alert(2)&lt;/script&gt; Paaugstināts',
    );
    expect(hostile).toContain("javascript:");
    const form = await browser.request(`/ehealth/portal/upload?${selection()}`);
    const uploaded = await upload(hostile, csrfTokenOf(await form.text()));
    expect(uploaded.status).toBe(303);
    const list = await (await browser.request(uploaded.headers.get("location")!)).text();
    const ids = [...list.matchAll(/id=([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    let found = false;
    for (const id of ids) {
      const page = await (await browser.request(`/ehealth/portal/document?${selection()}&id=${id}`)).text();
      if (!page.includes("klikšķini")) continue;
      found = true;
      expect(page).not.toContain("javascript:");
      expect(page).not.toContain("<script");
      expect(page).toContain("&lt;script");
    }
    expect(found).toBe(true);
  });

  it("an upload over the size limit gets the upload page with document-too-large (413), not a JSON error", async () => {
    const form = await browser.request(`/ehealth/portal/upload?${selection()}`);
    const response = await upload(
      `${sample()}${" ".repeat(6 * 1024 * 1024)}`,
      csrfTokenOf(await form.text()),
    );
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("document-too-large");
  });

  it("CON-9: no purpose is preselected; finding without one (or with a bad code) is refused before any access", async () => {
    const home = await (await browser.request("/ehealth/portal/?lang=en")).text();
    expect(home).toContain("<option value selected>— choose the purpose —</option>");
    const before = await platform.database.db.selectFrom("audit_log").select("seq").execute();
    const response = await browser.request("/ehealth/portal/find?lang=en", {
      form: { _csrf: csrfTokenOf(home), institution: HOSPITAL, patient: "123456-00000", purpose: "" },
    });
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain("Choose the purpose of access.");
    expect(html).toContain("The personal code is not valid.");
    const after = await platform.database.db.selectFrom("audit_log").select("seq").execute();
    expect(after.length).toBe(before.length);
  });
  it("ANX2-17: the purposes offered are the purposes classifier's valid today; a retired one is refused", async () => {
    const { loadClassifier } = await import("../classifiers/index.ts");
    const lines = ["code,display_lv,display_en,valid_from,valid_to"];
    for (const [code, lv, en] of [
      ["treatment", "ārstēšana", "treatment"],
      ["emergency", "neatliekamā medicīniskā palīdzība", "emergency medical care"],
      ["prescription", "recepte", "prescription"],
      ["laboratory", "laboratorijas izmeklējumi", "laboratory tests"],
    ])
      lines.push(`${code},${lv},${en},2024-01-01,`);
    await loadClassifier(platform.database.db, {
      name: "purposes",
      bytes: new TextEncoder().encode(lines.join("\n")),
      source: "purposes.csv",
      actor: "cli",
      now: new Date(),
    });
    const home = await (await browser.request("/ehealth/portal/?lang=lv")).text();
    // The operator's names, in the rights policy's order; the retired purpose is gone.
    expect(home).toContain(
      '<option value="treatment">ārstēšana</option><option value="emergency">neatliekamā medicīniskā palīdzība</option>',
    );
    expect(home).not.toContain('value="registration"');
    const response = await browser.request("/ehealth/portal/find?lang=en", {
      form: {
        _csrf: csrfTokenOf(home),
        institution: HOSPITAL,
        patient: patient.personalCode,
        purpose: "registration",
      },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Choose the purpose of access.");
  });
});
