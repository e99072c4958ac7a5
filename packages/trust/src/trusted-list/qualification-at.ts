/**
 * The qualification of a certificate under one trust service at one moment (TS 119 615 §4.3.4–
 * 4.3.6, the same steps as EU DSS's certificate-qualification block):
 *   1. the service's state in force then (status history) must be CA/QC with a qualifying status;
 *   2. the certificate's own claims: QcCompliance / QCP-* policies (qualified), QcSSCD /
 *      QCP-*-qscd (QSCD), QcType or the policy's person kind (esign / eseal / web);
 *   3. the service's Qualifications extension overrides them where its CriteriaList matches
 *      (NotQualified, QCStatement, QCWithSSCD/QCNoSSCD and the QSCD forms, QCFor*);
 *   4. the service's AdditionalServiceInformation, when present, must allow that type.
 * Every step is a small function; `qualificationAt` lists them in order.
 */
import type { CertificateQcInfo, QcType } from "./certificate-qc-info.ts";
import { criteriaMatch } from "./criteria.ts";
import type { TrustedListProblem } from "./errors.ts";
import * as O from "./oids.ts";
import { isQualifyingStatus, statusAt, statusName } from "./status.ts";
import type { ServiceState, TrustService } from "./types.ts";
import * as U from "./uris.ts";

export interface QualificationAtTime {
  /** The service state in force (undefined before the service existed). */
  state?: ServiceState;
  qualified: boolean;
  qscd: boolean;
  type?: QcType;
  warnings: TrustedListProblem[];
}

const QC_SERVICE_TYPES: ReadonlySet<string> = new Set([U.SVC_TYPE_CA_QC, U.SVC_TYPE_NATIONAL_ROOT_CA_QC]);
const QC_POLICIES = new Set([
  O.OID_QCP_N,
  O.OID_QCP_L,
  O.OID_QCP_N_QSCD,
  O.OID_QCP_L_QSCD,
  O.OID_QCP_W,
  O.OID_QCP_PUBLIC,
  O.OID_QCP_PUBLIC_WITH_SSCD,
]);
const QSCD_POLICIES = new Set([O.OID_QCP_N_QSCD, O.OID_QCP_L_QSCD, O.OID_QCP_PUBLIC_WITH_SSCD]);
const QSCD_YES = new Set([
  U.QUALIFIER_QC_WITH_SSCD,
  U.QUALIFIER_QC_WITH_QSCD,
  U.QUALIFIER_QC_QSCD_MANAGED_ON_BEHALF,
]);
const QSCD_NO = new Set([U.QUALIFIER_QC_NO_SSCD, U.QUALIFIER_QC_NO_QSCD]);
const TYPE_QUALIFIERS: Readonly<Record<string, QcType>> = {
  [U.QUALIFIER_QC_FOR_ESIG]: "esign",
  [U.QUALIFIER_QC_FOR_ESEAL]: "eseal",
  [U.QUALIFIER_QC_FOR_WSA]: "web",
  // Pre-eIDAS: a QC for a legal person is used for what eIDAS calls seals.
  [U.QUALIFIER_QC_FOR_LEGAL_PERSON]: "eseal",
};
const ASI_BY_TYPE: Readonly<Record<QcType, string>> = {
  esign: U.ASI_FOR_ESIGNATURES,
  eseal: U.ASI_FOR_ESEALS,
  web: U.ASI_FOR_WEB_SITE_AUTHENTICATION,
};

/** The kind the certificate's policies imply: QCP-n* natural person, QCP-l* legal person, QCP-w web. */
function typeFromPolicies(cert: CertificateQcInfo): QcType | undefined {
  if (cert.policies.some((p) => p === O.OID_QCP_N || p === O.OID_QCP_N_QSCD)) return "esign";
  if (cert.policies.some((p) => p === O.OID_QCP_L || p === O.OID_QCP_L_QSCD)) return "eseal";
  if (cert.policies.includes(O.OID_QCP_W)) return "web";
  return undefined;
}

interface Claims {
  qualified: boolean;
  qscd: boolean;
  type?: QcType;
  typeConflict: boolean;
}

/** Step 2: what the certificate claims (EN 319 412-5 §4.2; EN 319 411-2 §5.3). */
export function certificateClaims(cert: CertificateQcInfo): Claims {
  const qualified = cert.qcCompliance || cert.policies.some((p) => QC_POLICIES.has(p));
  const qscd = cert.qcSscd || cert.policies.some((p) => QSCD_POLICIES.has(p));
  if (cert.qcTypes.length > 1) return { qualified, qscd, typeConflict: true };
  const type = cert.qcTypes[0] ?? typeFromPolicies(cert);
  return { qualified, qscd, typeConflict: false, ...(type ? { type } : {}) };
}

/** Step 3: the Qualifications extension's qualifiers whose criteria match the certificate. */
function applyQualifications(
  claims: Claims,
  state: ServiceState,
  cert: CertificateQcInfo,
  warnings: TrustedListProblem[],
): Claims {
  const qualifiers = new Set(
    state.extensions.qualifications
      .filter((q) => criteriaMatch(q.criteria, cert))
      .flatMap((q) => q.qualifiers),
  );
  const out = { ...claims };
  if (qualifiers.has(U.QUALIFIER_QC_STATEMENT)) out.qualified = true;
  // NotQualified wins over QCStatement: the supervisory body says these are not QCs.
  if (qualifiers.has(U.QUALIFIER_NOT_QUALIFIED)) out.qualified = false;
  const yes = [...qualifiers].some((q) => QSCD_YES.has(q));
  const no = [...qualifiers].some((q) => QSCD_NO.has(q));
  if (yes && no) {
    warnings.push({ code: "tl-qualifier-conflict", message: "the list says both with and without a QSCD" });
    out.qscd = false;
  } else if (yes) out.qscd = true;
  else if (no) out.qscd = false;
  const types = [
    ...new Set([...qualifiers].flatMap((q) => (TYPE_QUALIFIERS[q] ? [TYPE_QUALIFIERS[q]] : []))),
  ];
  if (types.length > 1) {
    warnings.push({ code: "tl-qualifier-conflict", message: "the list gives several certificate types" });
    out.typeConflict = true;
  } else if (types[0]) out.type = types[0];
  return out;
}

/** Without a type from the certificate or the list: the service's only ASi, else e-signatures (TS 119 615 §4.3.5). */
function defaultType(state: ServiceState): QcType {
  const asi = state.extensions.additionalServiceInformation;
  const sig = asi.includes(U.ASI_FOR_ESIGNATURES);
  const seal = asi.includes(U.ASI_FOR_ESEALS);
  return seal && !sig ? "eseal" : "esign";
}

export function qualificationAt(
  service: TrustService,
  cert: CertificateQcInfo,
  time: Date,
): QualificationAtTime {
  const warnings: TrustedListProblem[] = [];
  const state = statusAt(service, time);
  const claims = certificateClaims(cert);
  const notQualified = (code: TrustedListProblem["code"], message: string): QualificationAtTime => {
    warnings.push({ code, message });
    return {
      ...(state ? { state } : {}),
      qualified: false,
      qscd: claims.qscd,
      ...(claims.type ? { type: claims.type } : {}),
      warnings,
    };
  };
  // Step 1: the state in force.
  if (!state) return notQualified("tl-service-not-granted", `no service state at ${time.toISOString()}`);
  if (!QC_SERVICE_TYPES.has(state.type))
    return notQualified("tl-service-not-granted", `service type ${state.type} at ${time.toISOString()}`);
  if (!isQualifyingStatus(state.status))
    return notQualified(
      "tl-service-not-granted",
      `service status ${statusName(state.status)} at ${time.toISOString()}`,
    );
  const unknownCritical = state.extensions.other.find((o) => o.critical);
  if (unknownCritical)
    return notQualified(
      "tl-service-not-granted",
      `critical extension ${unknownCritical.element} not understood`,
    );
  // Steps 2 and 3.
  const decided = applyQualifications(claims, state, cert, warnings);
  if (decided.typeConflict) return { state, qualified: false, qscd: false, warnings };
  // A certificate that is not a QC keeps only the type it (or the list) states explicitly.
  if (!decided.qualified)
    return {
      state,
      qualified: false,
      qscd: false,
      ...(decided.type ? { type: decided.type } : {}),
      warnings,
    };
  const type = decided.type ?? defaultType(state);
  // Step 4: the service's ASi must allow the type (TS 119 612 §5.5.9.4).
  const asi = state.extensions.additionalServiceInformation.filter((a) => a !== U.ASI_ROOT_CA_QC);
  if (decided.qualified && asi.length > 0 && !asi.includes(ASI_BY_TYPE[type])) {
    warnings.push({ code: "tl-type-conflict", message: `the service is not for ${type} certificates` });
    return { state, qualified: false, qscd: decided.qscd, type, warnings };
  }
  return { state, qualified: decided.qualified, qscd: decided.qualified && decided.qscd, type, warnings };
}
