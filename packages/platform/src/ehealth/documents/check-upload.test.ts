/**
 * The upload checks end to end over real inputs: the sample builder, the testbed's PKI (in
 * process: an institution certificate, its OCSP responder and TSA) for the signed variant, the
 * CDA schema shipped with the product (schemas/cda). SIG-5 / ANX2-12.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type IssuedCredential,
  issueInstitution,
  respondToOcspRequest,
  respondToTimeStampRequest,
  TestPki,
} from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CdaSchemaValidator, createCdaSchemaValidator } from "../core/cda-schema.ts";
import { sampleDischargeSummary, sampleLabResult } from "./cda-builder.ts";
import { checkUpload, MAX_DOCUMENT_BYTES, type UploadCheckPorts } from "./check-upload.ts";
import { DocumentError } from "./errors.ts";
import { signClinicalDocument } from "./sign-document.ts";
import { createUploadCheckWorkers, type UploadCheckWorkers } from "./upload-check-workers.ts";

const PATIENT = "010180-10000";
const input = {
  patient: { personalCode: PATIENT, givenName: "Anna", familyName: "Bērziņa" },
  author: { personalCode: "020275-10000", givenName: "Jānis", familyName: "Ozols" },
  institution: { registrationNumber: "40003000001", name: "Rīgas slimnīca" },
  effectiveTime: new Date("2026-11-25T08:30:00Z"),
};
const utf8 = (s: string) => new TextEncoder().encode(s);

let dir: string;
let pki: TestPki;
let institution: IssuedCredential;
let schema: CdaSchemaValidator;
let ports: UploadCheckPorts;
let signedLt: string;

async function refusal(promise: Promise<unknown>): Promise<DocumentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-cda-upload-"));
  pki = TestPki.create(join(dir, "pki"), { baseUrl: "http://127.0.0.1:9/testbed" });
  institution = issueInstitution(pki, { name: "Rīgas slimnīca", registrationNumber: "40003000001" });
  schema = await createCdaSchemaValidator();
  ports = { schema, trust: { anchors: () => [pki.ca("root").certificate] } };
  signedLt = await signClinicalDocument(
    sampleDischargeSummary(input),
    { key: institution.privateKey, certificate: institution.certificate, chain: institution.chain },
    {
      level: "LT",
      tsa: async (request) => respondToTimeStampRequest(pki, request),
      fetchers: { fetchOcsp: async (_url, request) => respondToOcspRequest(pki, request) },
    },
  );
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("upload checks (SIG-5, ANX2-12)", () => {
  it("accepts an unsigned valid document and reads its header", async () => {
    const checked = await checkUpload(utf8(sampleLabResult(input)), PATIENT, ports);
    expect(checked.header).toMatchObject({
      title: "Laboratorijas izmeklējumu rezultāti",
      typeCode: "11502-2",
      typeDisplayName: "Laboratory report",
      effectiveTime: "20261125083000+0000",
      patientCodes: [PATIENT],
    });
    expect(checked.signature.status).toBe("none");
  });

  it("SIG-5: a document signed (XAdES-LT, enveloped) with a testbed institution certificate is valid; signer and time shown", async () => {
    const checked = await checkUpload(utf8(signedLt), PATIENT, ports);
    expect(checked.signature).toMatchObject({
      status: "valid",
      signer: "Rīgas slimnīca",
      indication: "TOTAL-PASSED",
      format: "XAdES-BASELINE-LT",
    });
    expect(checked.signature.signedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Stored as uploaded: the signature verifies over these bytes.
    expect(new TextDecoder().decode(checked.bytes)).toBe(signedLt);
  });

  it("a signed document whose content was changed after signing is invalid (HASH_FAILURE)", async () => {
    const tampered = signedLt.replace("Pneimonija, neprecizēta", "Gripa");
    expect(tampered).not.toBe(signedLt);
    const checked = await checkUpload(utf8(tampered), PATIENT, ports);
    expect(checked.signature).toMatchObject({ status: "invalid", subIndication: "HASH_FAILURE" });
  });

  it("without a configured trust anchor a signature is indeterminate, never valid", async () => {
    const checked = await checkUpload(utf8(signedLt), PATIENT, { schema, trust: { anchors: () => [] } });
    expect(checked.signature).toMatchObject({
      status: "indeterminate",
      subIndication: "NO_CERTIFICATE_CHAIN_FOUND",
    });
  });

  it("a B-level signature with no revocation data reachable is indeterminate (TRY_LATER)", async () => {
    const signedB = await signClinicalDocument(sampleLabResult(input), {
      key: institution.privateKey,
      certificate: institution.certificate,
      chain: institution.chain,
    });
    const checked = await checkUpload(utf8(signedB), PATIENT, ports);
    expect(checked.signature).toMatchObject({ status: "indeterminate", subIndication: "TRY_LATER" });
  });

  it("SIG-5: a signer revoked after an accepted upload is refused on the next one (repeated checks are memoised, revocation is not)", async () => {
    const signer = issueInstitution(pki, { name: "Rīgas slimnīca", registrationNumber: "40003000001" });
    const signedB = utf8(
      await signClinicalDocument(sampleLabResult(input), {
        key: signer.privateKey,
        certificate: signer.certificate,
        chain: signer.chain,
      }),
    );
    const online: UploadCheckPorts = {
      schema,
      requireValidSignature: true,
      trust: {
        anchors: () => [pki.ca("root").certificate],
        fetchers: { fetchOcsp: async (_url, request) => respondToOcspRequest(pki, request) },
      },
    };
    expect((await checkUpload(signedB, PATIENT, online)).signature.status).toBe("valid");
    pki.revoke(signer.certificate, "keyCompromise");
    expect((await refusal(checkUpload(signedB, PATIENT, online))).code).toBe("signature-invalid");
  });

  it("refuses a document that fails the schema, listing located, readable errors", async () => {
    const broken = sampleLabResult(input).replace(
      /<effectiveTime value="[^"]+"\/>/,
      '<effectiveTime value="vakar"/>',
    );
    const error = await refusal(checkUpload(utf8(broken), PATIENT, ports));
    expect(error.code).toBe("schema-invalid");
    expect(error.schemaErrors.length).toBeGreaterThan(0);
    expect(error.schemaErrors[0]?.line).toBe(8);
    expect(error.schemaErrors[0]?.message).toContain("vakar");
  });

  it("refuses a ds:Signature placed anywhere but as ClinicalDocument's child (the schema sees it)", async () => {
    const moved = signedLt
      .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "")
      .replace("<patient>", `<patient>${/<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signedLt)?.[0]}`);
    const error = await refusal(checkUpload(utf8(moved), PATIENT, ports));
    expect(error.code).toBe("schema-invalid");
    expect(error.schemaErrors[0]?.message).toContain("Signature");
  });

  it("refuses a document about another patient, and one without a personal code", async () => {
    expect((await refusal(checkUpload(utf8(sampleLabResult(input)), "020275-10000", ports))).code).toBe(
      "wrong-patient",
    );
    const anonymous = sampleLabResult(input).replace(
      /<id root="2\.999\.1597\.10\.1" extension="010180-10000"\/>/,
      '<id nullFlavor="UNK"/>',
    );
    expect((await refusal(checkUpload(utf8(anonymous), PATIENT, ports))).code).toBe("patient-id-missing");
  });

  it.each([
    ["empty", new Uint8Array(), "document-empty"],
    ["over the size limit", new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x20), "document-too-large"],
    ["not well-formed", utf8("<ClinicalDocument xmlns='urn:hl7-org:v3'>"), "document-malformed"],
    [
      "with a DOCTYPE (entities)",
      utf8(
        '<!DOCTYPE x [<!ENTITY a "aaaa">]><ClinicalDocument xmlns="urn:hl7-org:v3">&a;</ClinicalDocument>',
      ),
      "document-malformed",
    ],
    [
      "not a CDA document",
      utf8('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>'),
      "not-cda",
    ],
  ])("refuses a document %s with a coded error", async (_name, bytes, code) => {
    expect((await refusal(checkUpload(bytes, PATIENT, ports))).code).toBe(code);
  });
});

describe("upload checks in worker threads (upload-check-workers.ts)", () => {
  let workers: UploadCheckWorkers;
  let threaded: UploadCheckPorts;
  beforeAll(() => {
    workers = createUploadCheckWorkers({ size: 1 });
    threaded = { ...ports, workers };
  });
  afterAll(() => workers.close());

  it("gives the caller's thread's results: a valid signature, its signer, the header", async () => {
    const inThread = await checkUpload(utf8(signedLt), PATIENT, ports);
    const inWorker = await checkUpload(utf8(signedLt), PATIENT, threaded);
    expect(inWorker).toEqual(inThread);
    expect(inWorker.signature.status).toBe("valid");
    const tampered = utf8(signedLt.replace("Pneimonija, neprecizēta", "Gripa"));
    expect((await checkUpload(tampered, PATIENT, threaded)).signature.status).toBe("invalid");
  }, 120_000);

  it("refusals come back as DocumentError with their code and schema errors", async () => {
    const broken = sampleLabResult(input).replace(
      /<effectiveTime value="[^"]+"\/>/,
      '<effectiveTime value="vakar"/>',
    );
    const error = await refusal(checkUpload(utf8(broken), PATIENT, threaded));
    expect(error.code).toBe("schema-invalid");
    expect(error.schemaErrors[0]?.line).toBe(8);
    expect((await refusal(checkUpload(utf8(signedLt), "020275-10000", threaded))).code).toBe("wrong-patient");
    const required = { ...threaded, requireValidSignature: true };
    expect((await refusal(checkUpload(utf8(sampleLabResult(input)), PATIENT, required))).code).toBe(
      "signature-missing",
    );
  }, 120_000);
});
