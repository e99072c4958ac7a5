/**
 * `tilts ehealth sample-cda`: its output passes the checks the portal's upload runs (CDA R2
 * schema, right patient, and — signed — an XML signature the portal calls valid against the
 * testbed root it trusts), ANX2-12, SIG-5; a personal code that is not a demo patient is a usage
 * error (exit 2), not a document about a stranger.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/command.ts";
import { main } from "../../cli/main.ts";
import { watchedPemCertificates } from "../../config/pem-certificates.ts";
import { type CdaSchemaValidator, createCdaSchemaValidator } from "../core/cda-schema.ts";
import { checkUpload } from "../documents/index.ts";
import { demoPeople } from "./demo-people.ts";

let dir: string;
let schema: CdaSchemaValidator;

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: {},
    out: () => out,
    err: () => err,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-sample-cda-"));
  schema = await createCdaSchemaValidator();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tilts ehealth sample-cda", () => {
  const { cast } = demoPeople();
  const firstPatient = cast.patients[0]!;

  it("writes an unsigned document about the first demo patient that the upload accepts", async () => {
    const io = capture();
    expect(await main(["ehealth", "sample-cda"], io)).toBe(0);
    const checked = await checkUpload(new TextEncoder().encode(io.out()), firstPatient.personalCode, {
      schema,
      trust: { anchors: () => [] },
    });
    expect(checked.header.patientCodes).toEqual([firstPatient.personalCode]);
    expect(checked.signature.status).toBe("none");
    // The note for the person goes to stderr, so stdout is the document alone.
    expect(io.err()).toContain(cast.hospitalDoctor.personalCode);
  });

  it("signs with the author's testbed certificate: the upload's check finds the signature valid", async () => {
    const dataDir = join(dir, "data");
    const out = join(dir, "signed.xml");
    const patient = cast.patients[1]!; // treated at the practice: its doctor is the author
    const io = capture();
    const code = await main(
      [
        "ehealth",
        "sample-cda",
        "--patient",
        patient.personalCode,
        "--type",
        "lab",
        "--sign",
        "--data-dir",
        dataDir,
        "--out",
        out,
      ],
      io,
    );
    expect(code, io.err()).toBe(0);
    expect(io.out()).toContain(cast.practiceDoctor.personalCode);
    // The anchors the portal trusts in the testbed (modules.ts testbedDocumentTrust).
    const anchors = watchedPemCertificates(join(dataDir, "testbed", "pki", "ca", "root.crt.pem"), "root");
    const checked = await checkUpload(readFileSync(out), patient.personalCode, {
      schema,
      trust: { anchors },
      requireValidSignature: true,
    });
    expect(checked.signature.status).toBe("valid");
    expect(checked.signature.signer).toContain(cast.practiceDoctor.familyName.toUpperCase());
    expect(checked.header.typeCode).toBe("11502-2");
  });

  it("refuses a personal code that is not a demo patient as a usage error", async () => {
    const io = capture();
    expect(await main(["ehealth", "sample-cda", "--patient", "010101-10000"], io)).toBe(2);
    expect(io.err()).toContain("is not a demo patient");
    expect(io.out()).toBe("");
  });

  it("refuses an author who is not a demo professional, and an unknown type", async () => {
    const io = capture();
    expect(await main(["ehealth", "sample-cda", "--author", firstPatient.personalCode], io)).toBe(2);
    expect(await main(["ehealth", "sample-cda", "--type", "poem"], capture())).toBe(2);
    expect(await main(["ehealth", "sample-cda", "--type", "toString"], capture())).toBe(2);
  });
});
