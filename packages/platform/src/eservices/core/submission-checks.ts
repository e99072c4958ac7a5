/**
 * The checks a signed registration form passes before it reaches the agency's queue (ESV-2,
 * SIG-6), as a pipeline of named steps over what @tilts/trust's `verifyDocument` reported (the
 * same validator `tilts verify` uses) and the container's files. Each step refuses with its own
 * code (errors.ts SUBMISSION_REFUSALS: a Latvian and an English reason). Pure: no I/O.
 */
import type { DocumentReport, SignatureReport } from "@tilts/trust";
import { submissionRefusal } from "../errors.ts";
import { FORM_FILE_NAME, readFormXml } from "./form-xml.ts";
import type { RegistrationForm } from "./registration-form.ts";

export interface SignedContainer {
  report: DocumentReport;
  dataFiles: readonly { name: string; content: Uint8Array }[];
}

export interface CheckedSubmission {
  form: RegistrationForm;
  formXml: Uint8Array;
  /** Each signer's ETSI identifier from the certificate's serialNumber (PNOLV-…). */
  signers: string[];
  /** The first signature's time-stamp time: when it was provably signed. */
  signedAt: Date;
}

/** Latvian e-service forms: one data file, the form. Anything else signed along is not the form. */
function checkOneFormFile(input: SignedContainer): Uint8Array {
  if (input.report.container !== "ASiC-E") throw submissionRefusal("not-an-edoc");
  const [only, ...more] = input.dataFiles;
  if (!only || more.length > 0 || only.name !== FORM_FILE_NAME) throw submissionRefusal("form-missing");
  return only.content;
}

function checkFormContent(xml: Uint8Array): RegistrationForm {
  const read = readFormXml(xml);
  if (!read.ok) throw submissionRefusal("form-invalid", read.problems);
  return read.form;
}

function checkSigned(report: DocumentReport): readonly SignatureReport[] {
  if (report.signatures.length === 0) throw submissionRefusal("unsigned");
  return report.signatures;
}

/**
 * EN 319 102-1 TOTAL-PASSED for every signature (the chain ends at a configured anchor, nothing
 * revoked), and its signature time-stamps hold too: a validation may pass a signature on its own
 * while setting a broken time-stamp aside, but SIG-6 asks for the stamp.
 */
function checkEverySignatureValid(signatures: readonly SignatureReport[]): void {
  const holds = (s: SignatureReport) =>
    s.indication === "TOTAL-PASSED" && s.timestamps.every((t) => t.type !== "SIGNATURE" || t.valid);
  if (!signatures.every(holds)) throw submissionRefusal("signature-invalid");
}

/** Each signature covers the form in full (an ASiC-E signature may name only some files). */
function checkFormCovered(signatures: readonly SignatureReport[]): void {
  if (signatures.some((s) => s.scope !== "FULL" || !s.coveredFiles.includes(FORM_FILE_NAME)))
    throw submissionRefusal("form-not-covered");
}

/**
 * SIG-6 "ar laika zīmogu": a signature time-stamp is there, i.e. XAdES-BASELINE-T or higher.
 * Whether it holds is the validity step's question (a time-stamp from an untrusted TSA makes the
 * signature not TOTAL-PASSED), so a form stamped by an unknown TSA hears "not valid", not "no stamp".
 */
function checkTimeStamped(signatures: readonly SignatureReport[]): void {
  const stamped = (s: SignatureReport) =>
    /-(T|LT|LTA)$/.test(s.format) && s.timestamps.some((t) => t.type === "SIGNATURE");
  if (!signatures.every(stamped)) throw submissionRefusal("no-time-stamp");
}

/** SIG-6 "drošs elektroniskais paraksts": a qualified electronic signature (QES). */
function checkQualified(signatures: readonly SignatureReport[]): void {
  if (signatures.some((s) => s.qualification !== "QESig")) throw submissionRefusal("not-qualified");
}

function signersOf(signatures: readonly SignatureReport[]): string[] {
  return signatures.map((s) => s.signerId ?? "");
}

/** The steps in the order a person fixing the file would want to hear of them. */
export function checkSignedForm(input: SignedContainer): CheckedSubmission {
  const formXml = checkOneFormFile(input);
  const form = checkFormContent(formXml);
  const signatures = checkSigned(input.report);
  // Before validity: a B-level signature also lacks the revocation data that would make it
  // valid offline, and "add a time-stamp" is what its signer must hear.
  checkTimeStamped(signatures);
  checkEverySignatureValid(signatures);
  checkFormCovered(signatures);
  checkQualified(signatures);
  const first = signatures[0]!;
  const signedAt = new Date(
    first.timestamps.find((t) => t.type === "SIGNATURE" && t.valid)?.time ?? first.bestSignatureTime ?? "",
  );
  return { form, formXml, signers: signersOf(signatures), signedAt };
}

/**
 * The last step, once the institution's representatives are known: every signer is one of them
 * (SIG-6: the signer represents the institution named in the form). `representatives` are
 * normalised personal codes; signers are ETSI identifiers `PNOLV-XXXXXX-XXXXX`.
 */
export function checkSignersRepresent(
  signers: readonly string[],
  representatives: ReadonlySet<string>,
): void {
  const represents = (signer: string) =>
    signer.startsWith("PNOLV-") && representatives.has(signer.slice("PNOLV-".length));
  if (signers.length === 0 || !signers.every(represents))
    throw submissionRefusal("signer-not-representative");
}
