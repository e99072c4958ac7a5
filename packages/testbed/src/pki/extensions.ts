/** Certificate and CRL extension builders (RFC 5280 §4.2, RFC 3739, EN 319 412-5). */
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AccessDescription,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CertificatePolicies,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  PolicyInformation,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
} from "@peculiar/asn1-x509";
import { DER_NULL, integer, oid, sequence } from "./der-encode.ts";
import {
  OID_AD_CA_ISSUERS,
  OID_AD_OCSP,
  OID_CE_AUTHORITY_KEY_IDENTIFIER,
  OID_CE_BASIC_CONSTRAINTS,
  OID_CE_CERTIFICATE_POLICIES,
  OID_CE_CRL_DISTRIBUTION_POINTS,
  OID_CE_CRL_NUMBER,
  OID_CE_EXT_KEY_USAGE,
  OID_CE_KEY_USAGE,
  OID_CE_SUBJECT_KEY_IDENTIFIER,
  OID_ETSI_QCS_QC_COMPLIANCE,
  OID_ETSI_QCS_QC_SSCD,
  OID_ETSI_QCS_QC_TYPE,
  OID_PE_AUTHORITY_INFO_ACCESS,
  OID_PE_QC_STATEMENTS,
  OID_PKIX_OCSP_NOCHECK,
  OID_PKIX_QCS_SYNTAX_V2,
} from "./oids.ts";

function ext(extnID: string, critical: boolean, value: ArrayBuffer | Uint8Array): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(value) });
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifierOf(publicKey: KeyObject): Uint8Array {
  const spki = AsnConvert.parse(
    createPublicKey(publicKey).export({ type: "spki", format: "der" }),
    SubjectPublicKeyInfo,
  );
  return new Uint8Array(createHash("sha1").update(new Uint8Array(spki.subjectPublicKey)).digest());
}

export const subjectKeyIdentifier = (keyId: Uint8Array) =>
  ext(OID_CE_SUBJECT_KEY_IDENTIFIER, false, AsnConvert.serialize(new SubjectKeyIdentifier(keyId)));

export const authorityKeyIdentifier = (keyId: Uint8Array) =>
  ext(
    OID_CE_AUTHORITY_KEY_IDENTIFIER,
    false,
    AsnConvert.serialize(new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyId) })),
  );

export const basicConstraints = (cA: boolean, pathLenConstraint?: number) =>
  ext(OID_CE_BASIC_CONSTRAINTS, true, AsnConvert.serialize(new BasicConstraints({ cA, pathLenConstraint })));

/** Flags as KeyUsageFlags bits (digitalSignature = 1, nonRepudiation = 2, …). Always critical here. */
export const keyUsage = (flags: number) =>
  ext(OID_CE_KEY_USAGE, true, AsnConvert.serialize(new KeyUsage(flags)));

export const extendedKeyUsage = (purposes: string[], critical = false) =>
  ext(OID_CE_EXT_KEY_USAGE, critical, AsnConvert.serialize(new ExtendedKeyUsage(purposes)));

export const certificatePolicies = (oids: string[]) =>
  ext(
    OID_CE_CERTIFICATE_POLICIES,
    false,
    AsnConvert.serialize(
      new CertificatePolicies(oids.map((policyIdentifier) => new PolicyInformation({ policyIdentifier }))),
    ),
  );

export const crlDistributionPoints = (urls: string[]) =>
  ext(
    OID_CE_CRL_DISTRIBUTION_POINTS,
    false,
    AsnConvert.serialize(
      new CRLDistributionPoints([
        new DistributionPoint({
          distributionPoint: new DistributionPointName({
            fullName: urls.map((uniformResourceIdentifier) => new GeneralName({ uniformResourceIdentifier })),
          }),
        }),
      ]),
    ),
  );

export const authorityInfoAccess = (access: { ocsp?: string[]; caIssuers?: string[] }) =>
  ext(
    OID_PE_AUTHORITY_INFO_ACCESS,
    false,
    AsnConvert.serialize(
      new AuthorityInfoAccessSyntax([
        ...(access.ocsp ?? []).map(
          (u) =>
            new AccessDescription({
              accessMethod: OID_AD_OCSP,
              accessLocation: new GeneralName({ uniformResourceIdentifier: u }),
            }),
        ),
        ...(access.caIssuers ?? []).map(
          (u) =>
            new AccessDescription({
              accessMethod: OID_AD_CA_ISSUERS,
              accessLocation: new GeneralName({ uniformResourceIdentifier: u }),
            }),
        ),
      ]),
    ),
  );

/** RFC 6960 §4.2.2.2.1: id-pkix-ocsp-nocheck, value NULL. */
export const ocspNoCheck = () => ext(OID_PKIX_OCSP_NOCHECK, false, DER_NULL);

/**
 * QCStatements (RFC 3739 §3.2.6; EN 319 412-5 §4):
 *   QCStatement ::= SEQUENCE { statementId OBJECT IDENTIFIER, statementInfo ANY OPTIONAL }
 *   QcType ::= SEQUENCE OF OBJECT IDENTIFIER
 *   SemanticsInformation ::= SEQUENCE { semanticsIdentifier OBJECT IDENTIFIER OPTIONAL, ... }
 */
export function qcStatements(options: {
  compliance?: boolean;
  sscd?: boolean;
  types?: string[];
  semanticsIdentifier?: string;
}): Extension {
  const statements: Uint8Array[] = [];
  if (options.compliance) statements.push(sequence(oid(OID_ETSI_QCS_QC_COMPLIANCE)));
  if (options.types?.length)
    statements.push(sequence(oid(OID_ETSI_QCS_QC_TYPE), sequence(...options.types.map(oid))));
  if (options.sscd) statements.push(sequence(oid(OID_ETSI_QCS_QC_SSCD)));
  if (options.semanticsIdentifier) {
    statements.push(sequence(oid(OID_PKIX_QCS_SYNTAX_V2), sequence(oid(options.semanticsIdentifier))));
  }
  return ext(OID_PE_QC_STATEMENTS, false, sequence(...statements));
}

/** CRLNumber (RFC 5280 §5.2.3): a non-critical INTEGER up to 20 octets. */
export const crlNumber = (value: bigint) => ext(OID_CE_CRL_NUMBER, false, integer(value));
