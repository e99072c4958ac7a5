/**
 * The EDM versions spoken side by side (DIGEST "versions", §1.9): 1.0 (still the only
 * MANDATORY release), 1.1/1.2 (same 1.x line) and 2.0. Builders and rules ask these predicates
 * rather than compare version strings, so a new line is one entry here.
 */
export const EDM_VERSIONS = ["1.0", "1.1", "1.2", "2.0"] as const;
export type EdmVersion = (typeof EDM_VERSIONS)[number];

export interface EdmSpecification {
  readonly version: EdmVersion;
  /** The body's SpecificationIdentifier literal (R-EDM-REQ-C001). */
  readonly identifier: string;
  /** Procedure slot is InternationalStringValueType (1.x) or StringValueType (2.0, S022). */
  readonly procedureIsLocalized: boolean;
  /** ReturnLocation slot in the second preview request (2.0, S061/S062/C120). */
  readonly hasReturnLocation: boolean;
  /** PreviewMethod slot in the preview error (1.x only). */
  readonly hasPreviewMethod: boolean;
  /** xml:lang on QueryRequest allowed (1.x C069) or forbidden (2.0 S059). */
  readonly requestLangAttr: boolean;
  /** DistributedAs/Transformation (1.x only). */
  readonly transformation: boolean;
  /** DistributedAs/Language and AssociatedDocumentRequest (2.0 only, C118/C119). */
  readonly distributionLanguage: boolean;
  /** C032: at most one DistributedAs (1.x) or at least one (2.0). */
  readonly maxOneDistribution: boolean;
  /** Responses packaged in RegistryPackageType with EDM classifications (2.0, S046–S066). */
  readonly packagedResponse: boolean;
  /** DSD EvidenceProviderJurisdictionDetermination + jurisdiction-admin-l2/l3 (1.x only). */
  readonly jurisdictionDetermination: boolean;
  /** ErrorProvider Agent must carry Address/AdminUnitLevel1 (2.0). */
  readonly errorProviderAddress: boolean;
  /**
   * The Semantic Repository host of code URNs: 1.0's artefacts (schematrons, ErrorSeverity
   * list) still use the pre-release `sr.oots.tech.europa.eu`, later lines `sr.oots.tech.ec.europa.eu`.
   */
  readonly srHost: string;
  readonly severityPreviewRequired: string;
  readonly severityAdditionalInput: string;
}

export function edmSpecification(version: EdmVersion): EdmSpecification {
  const two = version === "2.0";
  const srHost = version === "1.0" ? "sr.oots.tech.europa.eu" : "sr.oots.tech.ec.europa.eu";
  return {
    version,
    identifier: `oots-edm:v${version}`,
    procedureIsLocalized: !two,
    hasReturnLocation: two,
    hasPreviewMethod: !two,
    requestLangAttr: !two,
    transformation: !two,
    distributionLanguage: two,
    maxOneDistribution: !two,
    packagedResponse: two,
    jurisdictionDetermination: !two,
    errorProviderAddress: two,
    srHost,
    severityPreviewRequired: `urn:${srHost}:codes:ErrorSeverity:EDMErrorResponse:PreviewRequired`,
    severityAdditionalInput: `urn:${srHost}:codes:ErrorSeverity:DSDErrorResponse:AdditionalInput`,
  };
}

/** The version announced by a SpecificationIdentifier literal, or undefined. */
export function versionOfIdentifier(identifier: string): EdmVersion | undefined {
  const m = /^oots-edm:v(\d\.\d)$/.exec(identifier.trim());
  return EDM_VERSIONS.find((v) => v === m?.[1]);
}
