/**
 * Whether a signature is qualified (SIG-6), judged from what its certificate states about itself
 * (EN 319 412-5 QCStatements: QcCompliance, QcSSCD, QcType esign). The claim is believed only
 * because the chain must end at an ESERVICES_SIGNATURE_ANCHORS certificate — in production the
 * qualified CAs of trust service providers, in development the testbed's root, whose eParaksts and
 * eID signing certificates are issued with those statements. Labels follow TS 119 615
 * (`QESig`, `AdESig-QC`, `AdESig`, `Not-ADES`), as @tilts/trust's trusted-list qualifier gives them,
 * so a trusted-list port can replace this one without touching the checks.
 */
import { certificateQcInfo, MalformedInputError, type QualifySignature } from "@tilts/trust";

export const qualifyByCertificateStatements: QualifySignature = ({ signerCertificate, signatureStatus }) => {
  if (signatureStatus === "invalid") return { qualification: "Not-ADES", warnings: [] };
  let info: ReturnType<typeof certificateQcInfo>;
  try {
    info = certificateQcInfo(signerCertificate);
  } catch (error) {
    if (!(error instanceof MalformedInputError)) throw error;
    return {
      qualification: "AdESig",
      warnings: [{ code: "qc-statements-unreadable", message: error.message }],
    };
  }
  // EN 319 412-5 §4.2.3: a qualified certificate without QcType is one for e-signatures.
  const forSignatures = info.qcTypes.length === 0 || info.qcTypes.includes("esign");
  let qualification = "AdESig";
  if (info.qcCompliance && forSignatures) qualification = info.qcSscd ? "QESig" : "AdESig-QC";
  if (signatureStatus === "indeterminate") qualification = `INDETERMINATE-${qualification}`;
  return { qualification, warnings: [] };
};
