/**
 * Identifier roots (II/@root) this module uses in clinical documents.
 *
 * The real Latvian e-health system's OIDs for personal codes and institutions are not in the
 * seeds (UNVERIFIED); these roots sit under the ITU-T example arc 2.999 that the testbed already
 * uses (2.999.1597.*), so they can never be mistaken for real ones. A production installation
 * replaces them here — the portal's wrong-patient check (documents/check-upload.ts) reads the
 * patient's personal code from `recordTarget/patientRole/id[@root = PERSONAL_CODE_ROOT]`.
 */
export const PERSONAL_CODE_ROOT = "2.999.1597.10.1";
/** An institution, by its registration number (the `institutionId` of the rights policy). */
export const INSTITUTION_ROOT = "2.999.1597.10.2";
/** Document ids minted by the sample builder (`<root>` + extension = a random UUID). */
export const DOCUMENT_ID_ROOT = "2.999.1597.10.3";

/** HL7 code systems used by the samples. */
export const LOINC = "2.16.840.1.113883.6.1";
export const CONFIDENTIALITY = "2.16.840.1.113883.5.25";
export const ADMINISTRATIVE_GENDER = "2.16.840.1.113883.5.1";
/** CDA R2's typeId (POCD_HD000040), required by the schema. */
export const CDA_TYPE_ID = { root: "2.16.840.1.113883.1.3", extension: "POCD_HD000040" } as const;
