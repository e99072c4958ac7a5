/**
 * A signature's qualification from trusted lists (TS 119 615; outcome names as EU DSS's
 * SignatureQualification, hyphenated):
 *   QESig / QESeal            qualified certificate for e-signatures / e-seals, key in a QSCD
 *   AdESig-QC / AdESeal-QC    qualified certificate, no QSCD
 *   AdESig / AdESeal          not a qualified certificate (or no list covers it)
 *   INDETERMINATE-…           the lists disagree, or the caller says the AdES validation
 *                             itself is indeterminate (`signatureStatus: "indeterminate"`)
 *   Not-ADES                  the caller says the signature is not a valid AdES
 *   NA                        no conclusion possible (unreadable certificate, QC for web
 *                             authentication, contradictory types)
 * The certificate must be qualified both when it was issued (notBefore) and at the signing
 * time `at`; the QSCD status and type are those at `at`.
 */
import { parseCertificate } from "../x509/cert/certificate.ts";
import { type CertificateQcInfo, certificateQcInfo, type QcType } from "./certificate-qc-info.ts";
import type { TrustedListProblem } from "./errors.ts";
import { qualificationAt } from "./qualification-at.ts";
import { findServicesForChain } from "./service-match.ts";
import { preferredText } from "./tl-xml.ts";
import type { TrustedList } from "./types.ts";
import * as U from "./uris.ts";

export type SignatureQualification =
  | "QESig"
  | "QESeal"
  | "AdESig-QC"
  | "AdESeal-QC"
  | "AdESig"
  | "AdESeal"
  | "INDETERMINATE-QESig"
  | "INDETERMINATE-QESeal"
  | "INDETERMINATE-AdESig-QC"
  | "INDETERMINATE-AdESeal-QC"
  | "INDETERMINATE-AdESig"
  | "INDETERMINATE-AdESeal"
  | "Not-ADES"
  | "NA";

export interface QualifySignatureInput {
  signerCertificate: Uint8Array;
  /** DER, signer first, anchor last (as validateCertificatePath returns). */
  chain: Uint8Array[];
  /** Lists whose signatures were verified. */
  trustedLists: TrustedList[];
  /** Best signature time. */
  at: Date;
  /** The AdES validation's own outcome (default "valid"). */
  signatureStatus?: "valid" | "indeterminate" | "invalid";
  /** When given, lists past their NextUpdate at this time give a warning. */
  validationTime?: Date;
}

export interface QualifySignatureResult {
  qualification: SignatureQualification;
  service?: { name: string; status: string; type: string; territory: string };
  warnings: TrustedListProblem[];
}

const CA_QC_TYPES: ReadonlySet<string> = new Set([U.SVC_TYPE_CA_QC, U.SVC_TYPE_NATIONAL_ROOT_CA_QC]);
const LEGAL_PERSON_ATTRIBUTE = "2.5.4.97"; // organizationIdentifier (EN 319 412-1 §5.1.4)
const GIVEN_NAME_ATTRIBUTE = "2.5.4.42";

/** For certificates no list qualifies: a legal person's certificate makes a seal, else a signature. */
function kindOfUnqualified(cert: CertificateQcInfo, type?: QcType): "sig" | "seal" {
  if (type === "eseal") return "seal";
  if (type === "esign") return "sig";
  const legal =
    cert.subjectAttributeTypes.has(LEGAL_PERSON_ATTRIBUTE) &&
    !cert.subjectAttributeTypes.has(GIVEN_NAME_ATTRIBUTE);
  return legal ? "seal" : "sig";
}

function outcome(qualified: boolean, qscd: boolean, kind: "sig" | "seal"): SignatureQualification {
  const base = kind === "sig" ? "Sig" : "Seal";
  if (!qualified) return `AdE${base}` as SignatureQualification;
  return (qscd ? `QE${base}` : `AdE${base}-QC`) as SignatureQualification;
}

const INDETERMINATE: Partial<Record<SignatureQualification, SignatureQualification>> = {
  QESig: "INDETERMINATE-QESig",
  QESeal: "INDETERMINATE-QESeal",
  "AdESig-QC": "INDETERMINATE-AdESig-QC",
  "AdESeal-QC": "INDETERMINATE-AdESeal-QC",
  AdESig: "INDETERMINATE-AdESig",
  AdESeal: "INDETERMINATE-AdESeal",
};

/**
 * The CA certificates that chain by name from the signer upwards. The chain should come from
 * path validation; this only keeps a mis-assembled chain from lending the signer a stranger's
 * qualified CA.
 */
function linkedPrefix(signer: CertificateQcInfo, cas: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let issuerKey = signer.certificate.issuer.key;
  for (const der of cas) {
    let parsed: ReturnType<typeof parseCertificate>;
    try {
      parsed = parseCertificate(der);
    } catch {
      break;
    }
    if (parsed.subject.key !== issuerKey) break;
    out.push(der);
    issuerKey = parsed.issuer.key;
  }
  return out;
}

export function qualifySignature(input: QualifySignatureInput): QualifySignatureResult {
  const warnings: TrustedListProblem[] = [];
  if (input.signatureStatus === "invalid") return { qualification: "Not-ADES", warnings };
  let cert: CertificateQcInfo;
  try {
    cert = certificateQcInfo(input.signerCertificate);
  } catch (cause) {
    return {
      qualification: "NA",
      warnings: [{ code: "tl-certificate-unreadable", message: `signer certificate: ${String(cause)}` }],
    };
  }
  const chain =
    input.chain.length > 0 && Buffer.from(input.chain[0]!).equals(Buffer.from(input.signerCertificate))
      ? input.chain.slice(1)
      : input.chain;
  const matches = findServicesForChain(input.trustedLists, linkedPrefix(cert, chain), CA_QC_TYPES);
  if (input.validationTime) {
    for (const list of new Set(matches.map((m) => m.list))) {
      if (list.nextUpdate && list.nextUpdate < input.validationTime)
        warnings.push({
          code: "tl-list-expired",
          message: `the ${list.territory} list was due for update ${list.nextUpdate.toISOString()}`,
        });
    }
  }

  let result: SignatureQualification;
  let service: QualifySignatureResult["service"];
  if (matches.length === 0) {
    warnings.push({
      code: "tl-no-service",
      message: "no CA/QC service of the trusted lists issued the signer certificate",
    });
    result = outcome(
      false,
      false,
      kindOfUnqualified(cert, cert.qcTypes.length === 1 ? cert.qcTypes[0] : undefined),
    );
  } else {
    const conclusions = matches.map((m) => {
      const atIssuance = qualificationAt(m.service, cert, cert.certificate.notBefore);
      const atSigning = qualificationAt(m.service, cert, input.at);
      const local = [...atSigning.warnings];
      if (atSigning.qualified && !atIssuance.qualified)
        local.push({
          code: "tl-not-qualified-at-issuance",
          message: "the certificate was not qualified when issued",
        });
      const qualified = atIssuance.qualified && atSigning.qualified;
      let q: SignatureQualification;
      if (atSigning.type === "web" && qualified) {
        local.push({
          code: "tl-qc-for-wsa",
          message: "a qualified certificate for website authentication signs nothing",
        });
        q = "NA";
      } else if (
        !atSigning.type &&
        atSigning.state &&
        !qualified &&
        local.some((w) => w.code === "tl-qualifier-conflict")
      ) {
        q = "NA";
      } else {
        q = outcome(qualified, atSigning.qscd, kindOfUnqualified(cert, atSigning.type));
      }
      const state = atSigning.state ?? m.service.current;
      return {
        q,
        warnings: local,
        service: {
          name: preferredText(state.names),
          status: state.status,
          type: state.type,
          territory: m.list.territory,
        },
      };
    });
    const distinct = [...new Set(conclusions.map((c) => c.q))];
    const first = conclusions[0]!;
    service = first.service;
    warnings.push(...conclusions.flatMap((c) => c.warnings));
    if (distinct.length > 1) {
      warnings.push({
        code: "tl-conflicting-services",
        message: `services disagree: ${distinct.join(", ")}`,
      });
      const best =
        conclusions.find((c) => c.q.startsWith("QE")) ??
        conclusions.find((c) => c.q.endsWith("-QC")) ??
        first;
      result = INDETERMINATE[best.q] ?? "NA";
    } else result = first.q;
  }
  if (input.signatureStatus === "indeterminate") result = INDETERMINATE[result] ?? result;
  return { qualification: result, ...(service ? { service } : {}), warnings };
}

/**
 * The qualification port of the validation module, bound to verified lists:
 * `validateXmlSignature(…, { qualify: qualifierFor(lists) })`.
 */
export function qualifierFor(
  trustedLists: TrustedList[],
  options: { validationTime?: Date } = {},
): (input: { signerCertificate: Uint8Array; chain: Uint8Array[]; at: Date }) => QualifySignatureResult {
  return (input) => qualifySignature({ ...input, trustedLists, ...options });
}
