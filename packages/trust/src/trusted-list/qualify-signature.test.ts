import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { buildTrustedListXml, type ServiceSpec } from "./build-trusted-list.ts";
import * as O from "./oids.ts";
import { parseTrustedList } from "./parse-trusted-list.ts";
import { qualifySignature, type SignatureQualification } from "./qualify-signature.ts";
import { type LeafSpec, ORGANISATION, tlTestPki } from "./testing/tl-test-pki.ts";
import type { TrustedList } from "./types.ts";
import * as U from "./uris.ts";

const pki = tlTestPki();
const d = (s: string) => new Date(`${s}T00:00:00Z`);

function listOf(services: ServiceSpec[]): TrustedList {
  return parseTrustedList(
    buildTrustedListXml({
      sequenceNumber: 1,
      operatorName: "op",
      schemeName: "LV",
      territory: "LV",
      issued: d("2026-01-01"),
      nextUpdate: d("2026-07-01"),
      providers: [{ name: "TSP", services }],
    }),
  );
}

function caService(overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    type: U.SVC_TYPE_CA_QC,
    name: "Qualified CA",
    certificates: [pki.qcCa],
    status: U.STATUS_GRANTED,
    statusStartingTime: d("2016-07-01"),
    additionalServiceInformation: [U.ASI_FOR_ESIGNATURES, U.ASI_FOR_ESEALS],
    ...overrides,
  };
}

const QC_SIG: LeafSpec = {
  qc: { compliance: true, sscd: true, types: [O.OID_QCT_ESIGN] },
  policies: [O.OID_QCP_N_QSCD],
};
const QC_SIG_NO_QSCD: LeafSpec = {
  qc: { compliance: true, types: [O.OID_QCT_ESIGN] },
  policies: [O.OID_QCP_N],
};
const QC_SEAL: LeafSpec = {
  subject: ORGANISATION,
  qc: { compliance: true, sscd: true, types: [O.OID_QCT_ESEAL] },
  policies: [O.OID_QCP_L_QSCD],
};
const QC_SEAL_NO_QSCD: LeafSpec = {
  subject: ORGANISATION,
  qc: { compliance: true, types: [O.OID_QCT_ESEAL] },
};
const PLAIN: LeafSpec = {};
const PLAIN_ORG: LeafSpec = { subject: ORGANISATION, keyUsage: [0], extKeyUsage: ["1.3.6.1.5.5.7.3.2"] };
const POLICY_QESIG: LeafSpec = { policies: [O.OID_QCP_N_QSCD] };
const QC_NO_STATEMENT_QSCD: LeafSpec = { qc: { types: [O.OID_QCT_ESIGN] } };
const TLS: LeafSpec = {
  subject: ORGANISATION,
  keyUsage: [0],
  qc: { compliance: true, types: [O.OID_QCT_WEB] },
  policies: [O.OID_QCP_W],
};

const withQualifier = (
  qualifier: string,
  criteria: ServiceSpec["qualifications"] extends (infer Q)[] | undefined
    ? Q extends { criteria: infer C }
      ? C
      : never
    : never,
) => caService({ qualifications: [{ qualifiers: [qualifier], criteria }] });
const allNonRepudiation = { assert: "all" as const, keyUsage: [[{ name: "nonRepudiation", value: true }]] };

interface Row {
  name: string;
  leaf: LeafSpec;
  services: ServiceSpec[];
  at?: Date;
  signatureStatus?: "valid" | "indeterminate" | "invalid";
  expected: SignatureQualification;
  warning?: string;
}

const rows: Row[] = [
  { name: "QC for e-signatures with QSCD", leaf: QC_SIG, services: [caService()], expected: "QESig" },
  {
    name: "QC for e-signatures without QSCD",
    leaf: QC_SIG_NO_QSCD,
    services: [caService()],
    expected: "AdESig-QC",
  },
  { name: "QC for e-seals with QSCD", leaf: QC_SEAL, services: [caService()], expected: "QESeal" },
  {
    name: "QC for e-seals without QSCD",
    leaf: QC_SEAL_NO_QSCD,
    services: [caService()],
    expected: "AdESeal-QC",
  },
  { name: "not a QC (natural person)", leaf: PLAIN, services: [caService()], expected: "AdESig" },
  { name: "not a QC (legal person)", leaf: PLAIN_ORG, services: [caService()], expected: "AdESeal" },
  {
    name: "QCP-n-qscd policy without statements",
    leaf: POLICY_QESIG,
    services: [caService()],
    expected: "QESig",
  },
  {
    name: "QCP-l policy without statements",
    leaf: { subject: ORGANISATION, policies: [O.OID_QCP_L] },
    services: [caService()],
    expected: "AdESeal-QC",
  },
  {
    name: "service withdrawn before signing",
    leaf: QC_SIG,
    services: [
      caService({ status: U.STATUS_WITHDRAWN, statusStartingTime: d("2021-01-01"), history: [caService()] }),
    ],
    at: d("2022-01-01"),
    expected: "AdESig",
    warning: "tl-service-not-granted",
  },
  {
    name: "signed while granted, withdrawn later",
    leaf: QC_SIG,
    services: [
      caService({ status: U.STATUS_WITHDRAWN, statusStartingTime: d("2021-01-01"), history: [caService()] }),
    ],
    at: d("2020-06-01"),
    expected: "QESig",
  },
  {
    name: "granted again after a withdrawal, certificate issued while withdrawn",
    leaf: { ...QC_SIG, notBefore: d("2021-06-01") },
    services: [
      caService({
        statusStartingTime: d("2022-01-01"),
        history: [
          caService(),
          caService({ status: U.STATUS_WITHDRAWN, statusStartingTime: d("2021-01-01") }),
        ],
      }),
    ],
    expected: "AdESig",
    warning: "tl-not-qualified-at-issuance",
  },
  {
    name: "pre-eIDAS accredited status in history",
    leaf: { policies: [O.OID_QCP_PUBLIC_WITH_SSCD], notBefore: d("2014-01-01") },
    services: [
      caService({
        history: [
          caService({
            status: U.STATUS_ACCREDITED,
            statusStartingTime: d("2010-01-01"),
            additionalServiceInformation: [],
          }),
        ],
      }),
    ],
    at: d("2015-01-01"),
    expected: "QESig",
  },
  {
    name: "QCWithSSCD adds the QSCD",
    leaf: QC_SIG_NO_QSCD,
    services: [withQualifier(U.QUALIFIER_QC_WITH_SSCD, allNonRepudiation)],
    expected: "QESig",
  },
  {
    name: "QCWithQSCD adds the QSCD",
    leaf: QC_SIG_NO_QSCD,
    services: [
      withQualifier(U.QUALIFIER_QC_WITH_QSCD, { assert: "atLeastOne", policySets: [[O.OID_QCP_N]] }),
    ],
    expected: "QESig",
  },
  {
    name: "QCQSCDManagedOnBehalf adds the QSCD",
    leaf: QC_SIG_NO_QSCD,
    services: [withQualifier(U.QUALIFIER_QC_QSCD_MANAGED_ON_BEHALF, allNonRepudiation)],
    expected: "QESig",
  },
  {
    name: "QCNoSSCD removes the QSCD",
    leaf: QC_SIG,
    services: [withQualifier(U.QUALIFIER_QC_NO_SSCD, allNonRepudiation)],
    expected: "AdESig-QC",
  },
  {
    name: "QCNoQSCD removes the QSCD",
    leaf: QC_SIG,
    services: [withQualifier(U.QUALIFIER_QC_NO_QSCD, { assert: "all", policySets: [[O.OID_QCP_N_QSCD]] })],
    expected: "AdESig-QC",
  },
  {
    name: "NotQualified overrides QcCompliance",
    leaf: QC_SIG,
    services: [withQualifier(U.QUALIFIER_NOT_QUALIFIED, allNonRepudiation)],
    expected: "AdESig",
  },
  {
    name: "QCStatement makes a QC of a certificate without QcCompliance",
    leaf: QC_NO_STATEMENT_QSCD,
    services: [withQualifier(U.QUALIFIER_QC_STATEMENT, allNonRepudiation)],
    expected: "AdESig-QC",
  },
  {
    name: "QCForESeal sets the type",
    leaf: { qc: { compliance: true, sscd: true } },
    services: [withQualifier(U.QUALIFIER_QC_FOR_ESEAL, allNonRepudiation)],
    expected: "QESeal",
  },
  {
    name: "criteria that do not match change nothing",
    leaf: QC_SIG,
    services: [withQualifier(U.QUALIFIER_NOT_QUALIFIED, { assert: "all", policySets: [[O.OID_QCP_L]] })],
    expected: "QESig",
  },
  {
    name: "assert=none matches when no criterion holds",
    leaf: QC_SIG,
    services: [withQualifier(U.QUALIFIER_QC_NO_QSCD, { assert: "none", policySets: [[O.OID_QCP_L]] })],
    expected: "AdESig-QC",
  },
  {
    name: "key-usage criterion false",
    leaf: { ...QC_SIG, keyUsage: [0] },
    services: [withQualifier(U.QUALIFIER_NOT_QUALIFIED, allNonRepudiation)],
    expected: "QESig",
  },
  {
    name: "an e-signature QC under a seals-only service",
    leaf: QC_SIG,
    services: [caService({ additionalServiceInformation: [U.ASI_FOR_ESEALS] })],
    expected: "AdESig",
    warning: "tl-type-conflict",
  },
  {
    name: "a QC without QcType under a seals-only service is for seals",
    leaf: { qc: { compliance: true, sscd: true } },
    services: [caService({ additionalServiceInformation: [U.ASI_FOR_ESEALS] })],
    expected: "QESeal",
  },
  {
    name: "a QC for website authentication signs nothing",
    leaf: TLS,
    services: [caService({ additionalServiceInformation: [U.ASI_FOR_WEB_SITE_AUTHENTICATION] })],
    expected: "NA",
    warning: "tl-qc-for-wsa",
  },
  {
    name: "issuer not in any list",
    leaf: { ...QC_SIG, issuer: "other" },
    services: [caService()],
    expected: "AdESig",
    warning: "tl-no-service",
  },
  {
    name: "a CA/PKC service does not qualify",
    leaf: QC_SIG,
    services: [caService({ type: U.SVC_TYPE_CA_PKC })],
    expected: "AdESig",
    warning: "tl-no-service",
  },
  {
    name: "services that disagree",
    leaf: QC_SIG,
    services: [caService(), withQualifier(U.QUALIFIER_QC_NO_QSCD, allNonRepudiation)],
    expected: "INDETERMINATE-QESig",
    warning: "tl-conflicting-services",
  },
  {
    name: "conflicting type qualifiers",
    leaf: QC_SIG,
    services: [
      caService({
        qualifications: [
          { qualifiers: [U.QUALIFIER_QC_FOR_ESIG, U.QUALIFIER_QC_FOR_ESEAL], criteria: allNonRepudiation },
        ],
      }),
    ],
    expected: "NA",
    warning: "tl-qualifier-conflict",
  },
  {
    name: "AdES validation indeterminate",
    leaf: QC_SIG,
    services: [caService()],
    signatureStatus: "indeterminate",
    expected: "INDETERMINATE-QESig",
  },
  {
    name: "AdES validation failed",
    leaf: QC_SIG,
    services: [caService()],
    signatureStatus: "invalid",
    expected: "Not-ADES",
  },
  {
    name: "service identified by SKI",
    leaf: QC_SIG,
    services: [
      caService({
        certificates: [],
        skis: [new Uint8Array(createHash("sha1").update(parseCertificate(pki.qcCa).spkiKeyBits).digest())],
      }),
    ],
    expected: "QESig",
  },
];

describe("qualifySignature", () => {
  it.each(rows)("$name → $expected", (row) => {
    const { certificate, chain } = pki.leaf(row.leaf);
    const result = qualifySignature({
      signerCertificate: certificate,
      chain,
      trustedLists: [listOf(row.services)],
      at: row.at ?? d("2024-01-01"),
      ...(row.signatureStatus ? { signatureStatus: row.signatureStatus } : {}),
    });
    expect(result.qualification).toBe(row.expected);
    if (row.warning) expect(result.warnings.map((w) => w.code)).toContain(row.warning);
  });

  it("ignores a qualified CA that does not chain to the signer", () => {
    const { certificate, chain } = pki.leaf({ ...QC_SIG, issuer: "other" });
    const r = qualifySignature({
      signerCertificate: certificate,
      chain: [certificate, pki.qcCa, ...chain.slice(1)],
      trustedLists: [listOf([caService()])],
      at: d("2024-01-01"),
    });
    expect(r.qualification).toBe("AdESig");
    expect(r.warnings.map((w) => w.code)).toContain("tl-no-service");
  });

  it("reports the service it used", () => {
    const { certificate, chain } = pki.leaf(QC_SIG);
    const r = qualifySignature({
      signerCertificate: certificate,
      chain,
      trustedLists: [listOf([caService()])],
      at: d("2024-01-01"),
    });
    expect(r.service).toEqual({
      name: "Qualified CA",
      status: U.STATUS_GRANTED,
      type: U.SVC_TYPE_CA_QC,
      territory: "LV",
    });
    expect(r.warnings).toEqual([]);
  });

  it("warns when a list is past its NextUpdate at validation time", () => {
    const { certificate, chain } = pki.leaf(QC_SIG);
    const r = qualifySignature({
      signerCertificate: certificate,
      chain,
      trustedLists: [listOf([caService()])],
      at: d("2024-01-01"),
      validationTime: d("2027-01-01"),
    });
    expect(r.qualification).toBe("QESig");
    expect(r.warnings.map((w) => w.code)).toContain("tl-list-expired");
  });

  it("gives NA for an unreadable certificate and AdESig without lists", () => {
    const bad = qualifySignature({
      signerCertificate: new Uint8Array([0x30, 0x03, 1, 2]),
      chain: [],
      trustedLists: [],
      at: d("2024-01-01"),
    });
    expect(bad.qualification).toBe("NA");
    expect(bad.warnings[0]!.code).toBe("tl-certificate-unreadable");
    const { certificate, chain } = pki.leaf(QC_SIG);
    expect(
      qualifySignature({ signerCertificate: certificate, chain, trustedLists: [], at: d("2024-01-01") })
        .qualification,
    ).toBe("AdESig");
  });
});
