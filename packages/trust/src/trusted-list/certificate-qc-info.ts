/**
 * What a certificate says about itself for qualification (TS 119 615 §4.3.4, EN 319 412-5):
 * its QCStatements (QcCompliance, QcSSCD, QcType), its policies (EN 319 411-2 QCP-*), key usage,
 * extended key usage and subject attribute types (for CriteriaList matching).
 *
 *   QCStatements ::= SEQUENCE OF QCStatement
 *   QCStatement ::= SEQUENCE { statementId OBJECT IDENTIFIER, statementInfo ANY DEFINED BY statementId OPTIONAL }
 *   QcType ::= SEQUENCE OF OBJECT IDENTIFIER (id-etsi-qct-esign | -eseal | -web)
 */
import { type ParsedCertificate, parseCertificate } from "../x509/cert/certificate.ts";
import { decodeOid } from "../x509/der/decode.ts";
import { children, expectTag, TAG } from "../x509/der/reader.ts";
import * as O from "./oids.ts";

export type QcType = "esign" | "eseal" | "web";

export interface CertificateQcInfo {
  certificate: ParsedCertificate;
  qcCompliance: boolean;
  qcSscd: boolean;
  /** QcType values present (empty when the statement is absent). */
  qcTypes: QcType[];
  policies: string[];
  keyUsage: Set<number>;
  extKeyUsage: string[];
  subjectAttributeTypes: Set<string>;
}

const QC_TYPE_BY_OID: Readonly<Record<string, QcType>> = {
  [O.OID_QCT_ESIGN]: "esign",
  [O.OID_QCT_ESEAL]: "eseal",
  [O.OID_QCT_WEB]: "web",
};

/** Throws MalformedInputError for an unreadable certificate or QCStatements extension. */
export function certificateQcInfo(der: Uint8Array): CertificateQcInfo {
  const certificate = parseCertificate(der);
  const info: CertificateQcInfo = {
    certificate,
    qcCompliance: false,
    qcSscd: false,
    qcTypes: [],
    policies: (certificate.policies ?? []).map((p) => p.oid),
    keyUsage: certificate.keyUsage ?? new Set(),
    extKeyUsage: certificate.extKeyUsage ?? [],
    subjectAttributeTypes: new Set(certificate.subject.rdns.flat().map((a) => a.type)),
  };
  const ext = certificate.extensions.get(O.OID_QC_STATEMENTS);
  if (!ext) return info;
  for (const statement of children(expectTag(ext.value, TAG.SEQUENCE, "QCStatements"), 64)) {
    const [idNode, statementInfo] = children(expectTag(statement, TAG.SEQUENCE, "QCStatement"), 2);
    const id = decodeOid(expectTag(idNode, TAG.OID, "statementId"));
    if (id === O.OID_QCS_QC_COMPLIANCE) info.qcCompliance = true;
    else if (id === O.OID_QCS_QC_SSCD) info.qcSscd = true;
    else if (id === O.OID_QCS_QC_TYPE && statementInfo) {
      for (const t of children(expectTag(statementInfo, TAG.SEQUENCE, "QcType"), 16)) {
        const type = QC_TYPE_BY_OID[decodeOid(expectTag(t, TAG.OID, "QcType"))];
        if (type && !info.qcTypes.includes(type)) info.qcTypes.push(type);
      }
    }
  }
  return info;
}
