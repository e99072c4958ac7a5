/**
 * SIG-5 in production form: with EHEALTH_SIGNATURE_ANCHORS set, composition (modules.ts) passes
 * that file's CAs to the e-health module as the trust anchors of uploaded documents' signatures —
 * instead of the testbed's root, which is left out even though the testbed is on. A document
 * signed under the configured CA (a PKI of its own, not the testbed's) is uploaded through the
 * portal like a browser would and shows as valid; one signed under the testbed's PKI does not.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  certificateToPem,
  defaultStandInPersons,
  issueInstitution,
  respondToOcspRequest,
  respondToTimeStampRequest,
  TestPki,
} from "@tilts/testbed";
import { afterAll, beforeAll, expect, it } from "vitest";
import { keyEncryptionOf } from "../../config/config.ts";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless } from "../../identity/testing/test-platform.ts";
import { loopbackFetch, type TestPlatform } from "../../identity/testing/test-platform.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { upsertPatient } from "../adapters/patient-store.ts";
import { insertAttestation, insertUser } from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import type { EhealthTransaction } from "../database.ts";
import { sampleLabResult } from "../documents/cda-builder.ts";
import { signClinicalDocument } from "../documents/sign-document.ts";
import { csrfTokenOf, patientAddress, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";

const persons = defaultStandInPersons();
const doctor = persons[2]!;
const patient = persons[5]!;
const HOSPITAL = "40003000012";
const NOW = new Date();

let dir: string;
let anchorPki: TestPki;
let platform: TestPlatform;
let browser: Browserless;

/** The patient page's address for the doctor, from the search (the patient as an opaque reference). */
let address = "";
const selection = () => address;

/** A lab result for the patient, signed XAdES-LT by a hospital credential of `pki` (TSA and OCSP in process). */
async function signedUnder(pki: TestPki): Promise<string> {
  const credential = issueInstitution(pki, { name: "Enkuru slimnīca", registrationNumber: HOSPITAL });
  const xml = sampleLabResult({
    patient: {
      personalCode: patient.personalCode,
      givenName: patient.givenName,
      familyName: patient.familyName,
    },
    author: { personalCode: doctor.personalCode, givenName: doctor.givenName, familyName: doctor.familyName },
    institution: { registrationNumber: HOSPITAL, name: "Enkuru slimnīca" },
  });
  return signClinicalDocument(
    xml,
    { key: credential.privateKey, certificate: credential.certificate, chain: credential.chain },
    {
      level: "LT",
      tsa: async (request) => respondToTimeStampRequest(pki, request),
      fetchers: { fetchOcsp: async (_url, request) => respondToOcspRequest(pki, request) },
    },
  );
}

/** Uploads through the portal and returns the signature status the patient's list shows for it. */
async function uploadedStatus(xml: string): Promise<string | undefined> {
  const page = await browser.request(`/ehealth/portal/upload?${selection()}`);
  const form = new FormData();
  form.set("_csrf", csrfTokenOf(await page.text()));
  form.set("document", new Blob([xml], { type: "text/xml" }), "dokuments.xml");
  const uploaded = await loopbackFetch(new URL(`/ehealth/portal/upload?${selection()}`, platform.base), {
    method: "POST",
    headers: { cookie: browser.jar.header(), accept: "text/html" },
    body: form,
    redirect: "manual",
  });
  expect(uploaded.status).toBe(303);
  const list = await (await browser.request(`${uploaded.headers.get("location")!}&lang=en`)).text();
  // Newest first: the first signature cell is the document just uploaded.
  return /<span class="signature signature-([a-z]+)">/.exec(list)?.[1];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-signature-anchors-"));
  // A CA of its own (standing in for a production one): the testbed's PKI does not know it.
  anchorPki = TestPki.create(join(dir, "pki"), { baseUrl: "http://127.0.0.1:9/anchors" });
  const anchors = join(dir, "document-anchors.pem");
  writeFileSync(anchors, certificateToPem(anchorPki.ca("root").certificate));
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, {
    ehealth: { seedDemo: false },
    env: { EHEALTH_SIGNATURE_ANCHORS: anchors },
  });
  expect(platform.config.ehealthSignatureAnchors).toBe(anchors);
  await platform.database.db.transaction().execute(async (trx: EhealthTransaction) => {
    const why = { actor: "system", at: NOW, ground: "test set-up", evidence: "fixture" };
    await insertInstitution(
      trx,
      {
        registrationNumber: HOSPITAL,
        name: "Enkuru slimnīca",
        kind: "hospital",
        staffSize: "large",
        contactEmail: "e@example.test",
      },
      "system",
      NOW,
    );
    await insertContract(
      trx,
      { registrationNumber: HOSPITAL, number: "L-2", scope: "portal", concludedOn: "2026-01-05" },
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
  ({ browser } = await signInToEhealth(platform, doctor, "professional", { returnTo: "/ehealth/portal/" }));
  address = await patientAddress(browser, {
    institution: HOSPITAL,
    patient: patient.personalCode,
    purpose: "treatment",
  });
}, 300_000);

afterAll(async () => {
  await platform?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

it("SIG-5: with EHEALTH_SIGNATURE_ANCHORS set, a document signed under that CA is valid through the portal; one under the testbed's root is not trusted", async () => {
  expect(await uploadedStatus(await signedUnder(anchorPki))).toBe("valid");

  const testbedPki = TestPki.openOrCreate(join(platform.config.dataDir, "testbed", "pki"), {
    baseUrl: `${platform.base}/testbed`,
    keyPassphrase: keyEncryptionOf(platform.config).pkcs8Passphrase(),
  });
  expect(await uploadedStatus(await signedUnder(testbedPki))).toBe("indeterminate");
}, 120_000);
