/**
 * Certificate profiles of the test PKI, modelled on Latvia's (LVRTC) public profiles:
 *  - natural persons (eID card, eParaksts): EN 319 412-2 — subject C=LV, SN, G, serialNumber
 *    `PNOLV-XXXXXX-XXXXX` (EN 319 412-1 §5.1.3 semantics identifier), CN "GIVEN SURNAME";
 *    signing certificates are qualified (QcCompliance, QcType esign, QcSSCD, policy QCP-n-qscd,
 *    keyUsage nonRepudiation); authentication certificates carry digitalSignature, EKU clientAuth,
 *    policy NCP+ and the natural-person semantics statement, but are NOT qualified certificates.
 *  - institutions' connection (TLS client) certificates: EN 319 412-3 legal person — O, CN,
 *    organizationIdentifier `NTRLV-<reg. no>`, serialNumber = reg. no; EKU clientAuth (ANX2-10).
 *  - the TSA: EKU id-kp-timeStamping, critical (RFC 3161 §2.3).
 *  - OCSP responders: EKU id-kp-OCSPSigning with id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2).
 * Names say "Tilts testbed" so a test certificate is never mistaken for a real LVRTC one.
 */

import type { Extension } from "@peculiar/asn1-x509";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import {
  authorityInfoAccess,
  authorityKeyIdentifier,
  basicConstraints,
  certificatePolicies,
  crlDistributionPoints,
  extendedKeyUsage,
  keyUsage,
  ocspNoCheck,
  qcStatements,
  subjectKeyIdentifier,
} from "./extensions.ts";
import type { NameParts } from "./names.ts";
import {
  OID_ANY_POLICY,
  OID_ETSI_QCS_SEMANTICS_ID_LEGAL,
  OID_ETSI_QCS_SEMANTICS_ID_NATURAL,
  OID_ETSI_QCT_ESIGN,
  OID_KP_CLIENT_AUTH,
  OID_KP_OCSP_SIGNING,
  OID_KP_TIME_STAMPING,
  OID_NCP,
  OID_NCP_PLUS,
  OID_QCP_N_QSCD,
  OID_TESTBED_POLICY_EID,
  OID_TESTBED_POLICY_EPARAKSTS,
  OID_TESTBED_POLICY_ORGANISATION,
  OID_TESTBED_POLICY_TSA,
} from "./oids.ts";

export const caIds = ["root", "eid", "eparaksts", "org"] as const;
export type CaId = (typeof caIds)[number];
export type IssuingCaId = Exclude<CaId, "root">;

/** The testbed's own (fictitious) registration number for the CA operator. */
const OPERATOR_ORG_ID = "NTRLV-00000000000";
const OPERATOR = "Tilts testbed (not LVRTC)";

export const caNames: Record<CaId, NameParts> = {
  root: {
    country: "LV",
    organization: OPERATOR,
    organizationIdentifier: OPERATOR_ORG_ID,
    commonName: "Tilts Test Root CA",
  },
  eid: {
    country: "LV",
    organization: OPERATOR,
    organizationIdentifier: OPERATOR_ORG_ID,
    commonName: "Tilts Test LV eID ICA",
  },
  eparaksts: {
    country: "LV",
    organization: OPERATOR,
    organizationIdentifier: OPERATOR_ORG_ID,
    commonName: "Tilts Test eParaksts ICA",
  },
  org: {
    country: "LV",
    organization: OPERATOR,
    organizationIdentifier: OPERATOR_ORG_ID,
    commonName: "Tilts Test Organisation ICA",
  },
};

/** The CA-specific policy each issuing CA adds next to the ETSI policy. */
export const caPolicies: Record<IssuingCaId, string> = {
  eid: OID_TESTBED_POLICY_EID,
  eparaksts: OID_TESTBED_POLICY_EPARAKSTS,
  org: OID_TESTBED_POLICY_ORGANISATION,
};

export interface PkiUrls {
  crl: string;
  caCertificate: string;
  ocsp: string;
}

/** Where a CA's CRL, certificate and OCSP responder are published under the testbed's base URL. */
export function urlsOf(baseUrl: string, caId: CaId): PkiUrls {
  const base = baseUrl.replace(/\/+$/, "");
  return { crl: `${base}/crl/${caId}.crl`, caCertificate: `${base}/ca/${caId}.crt`, ocsp: `${base}/ocsp` };
}

export interface KeyIds {
  subject: Uint8Array;
  issuer: Uint8Array;
}

/** Extensions every certificate issued by a CA carries: SKI, AKI, CDP, AIA (RFC 5280 §4.2.1.1, .2, .13; §4.2.2.1). */
function issuedBy(issuerUrls: PkiUrls, keyIds: KeyIds): Extension[] {
  return [
    authorityKeyIdentifier(keyIds.issuer),
    subjectKeyIdentifier(keyIds.subject),
    crlDistributionPoints([issuerUrls.crl]),
    authorityInfoAccess({ ocsp: [issuerUrls.ocsp], caIssuers: [issuerUrls.caCertificate] }),
  ];
}

export function rootCaExtensions(keyId: Uint8Array): Extension[] {
  return [
    basicConstraints(true),
    keyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign),
    subjectKeyIdentifier(keyId),
  ];
}

export function issuingCaExtensions(rootUrls: PkiUrls, keyIds: KeyIds): Extension[] {
  return [
    basicConstraints(true, 0),
    keyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign),
    // anyPolicy lets the leaf policies (QCP-n-qscd, NCP+, the CA's own) through RFC 5280 §6.1.3 (d).
    certificatePolicies([OID_ANY_POLICY]),
    ...issuedBy(rootUrls, keyIds),
  ];
}

export type PersonUsage = "sign" | "auth";

export interface PersonDetails {
  givenName: string;
  surname: string;
  /** Latvian personal code, "DDMMYY-NNNNN" or "32XXXX-XXXXX". */
  personalCode: string;
}

export function personName(p: PersonDetails): NameParts {
  const givenName = p.givenName.toUpperCase();
  const surname = p.surname.toUpperCase();
  return {
    country: "LV",
    surname,
    givenName,
    serialNumber: `PNOLV-${p.personalCode}`,
    commonName: `${givenName} ${surname}`,
  };
}

export function personExtensions(
  caId: "eid" | "eparaksts",
  usage: PersonUsage,
  issuerUrls: PkiUrls,
  keyIds: KeyIds,
  ec: boolean,
): Extension[] {
  const common = [basicConstraints(false), ...issuedBy(issuerUrls, keyIds)];
  if (usage === "sign") {
    return [
      keyUsage(KeyUsageFlags.nonRepudiation),
      certificatePolicies([OID_QCP_N_QSCD, caPolicies[caId]]),
      qcStatements({
        compliance: true,
        types: [OID_ETSI_QCT_ESIGN],
        sscd: true,
        semanticsIdentifier: OID_ETSI_QCS_SEMANTICS_ID_NATURAL,
      }),
      ...common,
    ];
  }
  return [
    // EC keys agree keys; RSA keys encipher them (TLS client and e-mail use).
    keyUsage(
      KeyUsageFlags.digitalSignature | (ec ? KeyUsageFlags.keyAgreement : KeyUsageFlags.keyEncipherment),
    ),
    extendedKeyUsage([OID_KP_CLIENT_AUTH]),
    certificatePolicies([OID_NCP_PLUS, caPolicies[caId]]),
    qcStatements({ semanticsIdentifier: OID_ETSI_QCS_SEMANTICS_ID_NATURAL }),
    ...common,
  ];
}

export interface InstitutionDetails {
  name: string;
  /** Register of Enterprises registration number (11 digits). */
  registrationNumber: string;
}

export function institutionName(i: InstitutionDetails): NameParts {
  return {
    country: "LV",
    organization: i.name,
    organizationIdentifier: `NTRLV-${i.registrationNumber}`,
    serialNumber: i.registrationNumber,
    commonName: i.name,
  };
}

export function institutionExtensions(issuerUrls: PkiUrls, keyIds: KeyIds, ec: boolean): Extension[] {
  return [
    basicConstraints(false),
    keyUsage(
      KeyUsageFlags.digitalSignature | (ec ? KeyUsageFlags.keyAgreement : KeyUsageFlags.keyEncipherment),
    ),
    extendedKeyUsage([OID_KP_CLIENT_AUTH]),
    certificatePolicies([OID_NCP, caPolicies.org]),
    qcStatements({ semanticsIdentifier: OID_ETSI_QCS_SEMANTICS_ID_LEGAL }),
    ...issuedBy(issuerUrls, keyIds),
  ];
}

export function tsaName(name: string): NameParts {
  return { country: "LV", organization: OPERATOR, organizationIdentifier: OPERATOR_ORG_ID, commonName: name };
}

export function tsaExtensions(issuerUrls: PkiUrls, keyIds: KeyIds): Extension[] {
  return [
    basicConstraints(false),
    keyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation),
    // RFC 3161 §2.3: the TSA certificate has exactly one EKU, id-kp-timeStamping, critical.
    extendedKeyUsage([OID_KP_TIME_STAMPING], true),
    certificatePolicies([OID_TESTBED_POLICY_TSA]),
    ...issuedBy(issuerUrls, keyIds),
  ];
}

export function ocspResponderName(caId: CaId): NameParts {
  return {
    country: "LV",
    organization: OPERATOR,
    organizationIdentifier: OPERATOR_ORG_ID,
    commonName: `${caNames[caId].commonName} OCSP Responder`,
  };
}

export function ocspResponderExtensions(keyIds: KeyIds): Extension[] {
  return [
    basicConstraints(false),
    keyUsage(KeyUsageFlags.digitalSignature),
    extendedKeyUsage([OID_KP_OCSP_SIGNING]),
    ocspNoCheck(),
    authorityKeyIdentifier(keyIds.issuer),
    subjectKeyIdentifier(keyIds.subject),
  ];
}
