/**
 * Is an uploaded eDoc this person's signed attestation (CON-7)? @tilts/trust's `verifyDocument`
 * (the validator `tilts verify` uses) reports on the container; the named steps below then ask,
 * in the order a person fixing the file would want to hear: a signature at all → a signature
 * time-stamp (XAdES-T or higher) → every signature holds (TOTAL-PASSED, stamps valid) → qualified
 * (QES, judged as e-services does from the certificate's QC statements under a configured
 * anchor) → the signer is the person signed in → the one data file is exactly the current text.
 * Each refusal is an AttestationRefusal with a code the page turns into a sentence.
 */
import {
  type DocumentReport,
  MalformedInputError,
  readAsicE,
  type SignatureReport,
  TrustError,
  verifyDocument,
} from "@tilts/trust";
import { qualifyByCertificateStatements } from "../../eservices/index.ts";
import type { SignatureTrust } from "../documents/signature-check.ts";
import { PERSON_CODE_PREFIX } from "../web-session/web-session.ts";
import { attestationDocumentBytes } from "./text.ts";

export const ATTESTATION_REFUSALS = [
  "file-missing",
  "not-an-edoc",
  "unsigned",
  "no-time-stamp",
  "signature-invalid",
  "not-qualified",
  "other-signer",
  "other-text",
] as const;
export type AttestationRefusalCode = (typeof ATTESTATION_REFUSALS)[number];

export class AttestationRefusal extends Error {
  override name = "AttestationRefusal";
  constructor(readonly code: AttestationRefusalCode) {
    super(`attestation refused: ${code}`);
  }
}

export interface CheckedAttestation {
  /** When it was provably signed: the signature time-stamp's time. */
  signedAt: Date;
}

function signaturesOf(report: DocumentReport): readonly SignatureReport[] {
  if (report.signatures.length === 0) throw new AttestationRefusal("unsigned");
  return report.signatures;
}

const stamped = (s: SignatureReport) =>
  /-(T|LT|LTA)$/.test(s.format) && s.timestamps.some((t) => t.type === "SIGNATURE");
const holds = (s: SignatureReport) =>
  s.indication === "TOTAL-PASSED" && s.timestamps.every((t) => t.type !== "SIGNATURE" || t.valid);

/** The steps over the report and the data files; pure, so each refusal is tested on its own. */
export function checkSignedAttestation(
  report: DocumentReport,
  dataFiles: readonly { content: Uint8Array }[],
  personCode: string,
): CheckedAttestation {
  if (report.container !== "ASiC-E") throw new AttestationRefusal("not-an-edoc");
  const signatures = signaturesOf(report);
  if (!signatures.every(stamped)) throw new AttestationRefusal("no-time-stamp");
  if (!signatures.every(holds)) throw new AttestationRefusal("signature-invalid");
  if (signatures.some((s) => s.qualification !== "QESig")) throw new AttestationRefusal("not-qualified");
  // The person signing in signs for themselves: another signer alongside is not their attestation.
  if (signatures.some((s) => s.signerId !== `${PERSON_CODE_PREFIX}${personCode}`))
    throw new AttestationRefusal("other-signer");
  const [only, ...more] = dataFiles;
  const expected = Buffer.from(attestationDocumentBytes());
  if (!only || more.length > 0 || !expected.equals(Buffer.from(only.content)))
    throw new AttestationRefusal("other-text");
  if (signatures.some((s) => s.scope !== "FULL")) throw new AttestationRefusal("other-text");
  const first = signatures[0]!;
  const stamp = first.timestamps.find((t) => t.type === "SIGNATURE" && t.valid)?.time;
  return { signedAt: new Date(stamp ?? first.bestSignatureTime ?? "") };
}

/** Reads and validates the container against the e-health signature anchors, then checks it. */
export async function verifySignedAttestation(
  bytes: Uint8Array,
  trust: SignatureTrust,
  personCode: string,
): Promise<CheckedAttestation> {
  if (bytes.length === 0) throw new AttestationRefusal("file-missing");
  let report: DocumentReport;
  let dataFiles: { content: Uint8Array }[];
  try {
    dataFiles = readAsicE(bytes).dataFiles.map((f) => ({ content: f.content }));
    report = await verifyDocument(bytes, {
      anchors: await trust.anchors(),
      validationTime: trust.now?.() ?? new Date(),
      qualify: qualifyByCertificateStatements,
      ...(trust.fetchers ? { fetchers: trust.fetchers } : {}),
    });
  } catch (error) {
    if (error instanceof TrustError || error instanceof MalformedInputError)
      throw new AttestationRefusal("not-an-edoc");
    throw error;
  }
  return checkSignedAttestation(report, dataFiles, personCode);
}
