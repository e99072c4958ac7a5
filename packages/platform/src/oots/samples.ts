/**
 * One well-formed instance of every EDM message for a given version, built with the builders:
 * used by the tests (XSD + business rules + the EC schematrons) and handy for demos. The
 * Semantic Repository host follows the line (EdmSpecification.srHost).
 */

import type { MessageKind } from "./edm/check.ts";
import {
  buildCommonServicesAnswer,
  buildCommonServicesError,
  commonServicesError,
} from "./edm/common-services.ts";
import { buildErrorResponse, previewRequired } from "./edm/error-response.ts";
import { buildEvidenceRequest } from "./edm/evidence-request.ts";
import { buildEvidenceResponse } from "./edm/evidence-response.ts";
import { buildLcmResponse, buildLcmSubmission } from "./edm/lcm.ts";
import type {
  Agent,
  DataServiceEvidenceType,
  EvidenceRequest,
  EvidenceResponse,
  Requirement,
} from "./edm/model.ts";
import { type EdmVersion, edmSpecification } from "./edm/version.ts";

const U = (n: number) => `urn:uuid:${String(n).padStart(8, "0")}-4d1c-4b6e-9a5d-0c8e2f1a7b3${n % 10}`;
const BARE = (n: number) => `${String(n).padStart(8, "0")}-2b7e-4c11-8e0a-6d5f3c2b1a9${n % 10}`;

export function sampleRequester(): Agent {
  return {
    identifier: { value: "40003245752", schemeID: "urn:cef.eu:names:identifier:EAS:9939" },
    names: [{ lang: "EN", value: "Latvian State Revenue Service" }],
    address: {
      fullAddress: "Talejas iela 1, Riga",
      postCode: "LV-1978",
      postCityName: "Riga",
      adminUnitLevel1: "LV",
    },
    classification: "ER",
  };
}

export function sampleProvider(): Agent {
  return {
    identifier: { value: "DE73524311", schemeID: "urn:cef.eu:names:identifier:EAS:9930" },
    names: [{ lang: "EN", value: "Civil Registration Office Berlin" }],
    address: { adminUnitLevel1: "DE", adminUnitLevel2: "DE3" },
    classification: "EP",
  };
}

export function sampleEvidenceType(version: EdmVersion): DataServiceEvidenceType {
  const sr = edmSpecification(version).srHost;
  return {
    identifier: BARE(31),
    evidenceTypeClassification: `https://${sr}/evidencetypeclassifications/DE/${BARE(32)}`,
    titles: [{ lang: "EN", value: "Certificate of Birth" }],
    descriptions: [{ lang: "EN", value: "An official certificate of birth of a person" }],
    distributedAs: [
      {
        format: "application/pdf",
        // 2.0's DistributedAs/Language is left out: the shipped SDG profile is v1.0.0, whose XSD lacks it.
        conformsTo: `https://${sr}/${version === "2.0" ? "datamodels" : "distributions"}/birth-certificate`,
      },
    ],
  };
}

export function sampleRequirement(version: EdmVersion): Requirement {
  return {
    identifier: `https://${edmSpecification(version).srHost}/requirements/${BARE(41)}`,
    names: [{ lang: "EN", value: "Proof of birth" }],
  };
}

export function sampleRequest(version: EdmVersion, second = false): EvidenceRequest {
  return {
    version,
    id: U(1),
    issueDateTime: "2026-12-07T10:00:00Z",
    procedure: { code: "R1", lang: "EN" },
    ...(version !== "2.0" ? { lang: "EN" } : {}),
    ...(second
      ? {
          previewLocation: "https://provider.example.de/preview/8f3a",
          ...(version === "2.0" ? { returnLocation: "https://requester.example.lv/return/41" } : {}),
        }
      : {}),
    possibilityForPreview: true,
    explicitRequestGiven: true,
    requirements: [sampleRequirement(version)],
    requesters: [sampleRequester()],
    provider: { identifier: sampleProvider().identifier, names: sampleProvider().names },
    subject: {
      kind: "natural",
      levelOfAssurance: "High",
      identifier: { value: "DE/LV/123456789", schemeID: "eidas" },
      familyName: "Bērziņa",
      givenName: "Anna",
      dateOfBirth: "1990-04-12",
      currentAddress: { fullAddress: "Brīvības iela 1, Rīga", adminUnitLevel1: "LV" },
    },
    evidenceRequest: sampleEvidenceType(version),
  };
}

/** A company asks, through its representative (a natural person with eIDAS identity). */
export function sampleLegalPersonRequest(version: EdmVersion): EvidenceRequest {
  return {
    ...sampleRequest(version),
    subject: {
      kind: "legal",
      levelOfAssurance: "Substantial",
      legalPersonIdentifier: { value: "LV/DE/400032457", schemeID: "eidas" },
      legalName: "SIA Piemērs",
      registeredAddress: { fullAddress: "Brīvības iela 2, Rīga", adminUnitLevel1: "LV" },
    },
    authorizedRepresentative: {
      kind: "natural",
      levelOfAssurance: "High",
      identifier: { value: "DE/LV/123456789", schemeID: "eidas" },
      familyName: "Bērziņa",
      givenName: "Anna",
      dateOfBirth: "1990-04-12",
    },
  };
}

export function sampleResponse(version: EdmVersion): EvidenceResponse {
  const et = sampleEvidenceType(version);
  return {
    version,
    requestId: U(1),
    responseId: BARE(2),
    issueDateTime: "2026-12-07T10:01:00Z",
    status: "success",
    providers: [sampleProvider()],
    requester: { identifier: sampleRequester().identifier, names: sampleRequester().names },
    items: [
      {
        id: U(3),
        packageId: U(4),
        classificationId: U(5),
        repositoryItemRef: { href: "cid:attachment100001@example.oots.eu", title: "BirthCertificate" },
        metadata: {
          identifier: BARE(6),
          isAbout: {
            kind: "natural",
            identifier: { value: "DE/LV/123456789", schemeID: "eidas" },
            familyName: "Bērziņa",
            givenName: "Anna",
            dateOfBirth: "1990-04-12",
          },
          issuingAuthority: { identifier: sampleProvider().identifier, names: sampleProvider().names },
          isConformantTo: {
            evidenceTypeClassification: et.evidenceTypeClassification,
            titles: et.titles,
            descriptions: et.descriptions ?? [],
          },
          issuingDate: "2026-12-07",
          distribution: { format: "application/pdf", languages: ["DE"] },
        },
      },
    ],
  };
}

/** Every message kind of `version`, serialised (the preview error stands for the error response). */
export function sampleMessages(version: EdmVersion): Record<MessageKind, string> {
  const sr = edmSpecification(version).srHost;
  const dset = sampleEvidenceType(version);
  const publisher = {
    identifier: sampleProvider().identifier,
    names: sampleProvider().names,
    address: { adminUnitLevel1: "DE" },
    jurisdiction: { adminUnitLevel1: "DE", adminUnitLevel2: "DE3" },
  };
  const access = {
    identifier: { value: "AP_DE_01", schemeID: "urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots" },
    conformsTo: `oots-edm:v${version}`,
    publisher,
  };
  const concept = {
    identifier: BARE(51),
    type: "Codelist",
    valueExpression: `https://${sr}/codelists/DE/residence`,
    descriptions: [{ lang: "EN", value: "Federal state of residence" }],
  };
  const requirement: Requirement = {
    ...sampleRequirement(version),
    referenceFrameworks: [
      {
        identifier: BARE(42),
        titles: [{ lang: "EN", value: "Birth" }],
        relatedTo: [{ identifier: "R1" }],
        jurisdiction: { adminUnitLevel1: "LV" },
      },
    ],
  };
  return {
    "evidence-request": buildEvidenceRequest(sampleRequest(version)),
    "evidence-response": buildEvidenceResponse(sampleResponse(version)),
    "evidence-error": buildErrorResponse({
      version,
      requestId: U(1),
      responseId: BARE(7),
      errorProvider: { ...sampleProvider(), classification: "ERRP" },
      requester: { identifier: sampleRequester().identifier, names: sampleRequester().names },
      exception: previewRequired(
        version,
        "2026-12-07T10:00:30Z",
        "https://provider.example.de/preview/8f3a",
        {
          description: [{ lang: "EN", value: "Please review your birth certificate" }],
          ...(version !== "2.0" ? { method: "GET" as const } : {}),
        },
      ),
    }),
    "eb-requirements-response": buildCommonServicesAnswer({
      kind: "eb-requirements",
      version,
      requirements: [{ id: U(8), value: requirement }],
    }),
    "eb-evidence-types-response": buildCommonServicesAnswer({
      kind: "eb-evidence-types",
      version,
      requirements: [
        {
          id: U(9),
          value: {
            ...requirement,
            evidenceTypeLists: [
              {
                identifier: BARE(43),
                names: [{ lang: "EN", value: "Birth certificate" }],
                evidenceTypes: [
                  {
                    evidenceTypeClassification: dset.evidenceTypeClassification,
                    titles: dset.titles,
                    jurisdictions: [{ adminUnitLevel1: "DE" }],
                  },
                ],
              },
            ],
          },
        },
      ],
    }),
    "eb-error": buildCommonServicesError(commonServicesError(version, "EB:ERR:0005", "procedure-id")),
    "dsd-response": buildCommonServicesAnswer({
      kind: "dsd-data-services",
      version,
      dataServices: [
        { id: U(10), value: { ...dset, accessServices: [access], authenticationLevelOfAssurance: "High" } },
      ],
    }),
    "dsd-error": buildCommonServicesError(
      commonServicesError(version, "DSD:ERR:0005", undefined, {
        dataServiceEvidenceType: dset,
        ...(version !== "2.0"
          ? {
              jurisdictionDetermination: {
                contextId: BARE(52),
                contexts: [{ lang: "EN", value: "Place of birth" }],
                level: "NUTS2",
              },
            }
          : {}),
        userRequestedClassificationConcepts: [concept],
      }),
    ),
    "lcm-submission": buildLcmSubmission({
      version,
      id: U(11),
      target: "dsd",
      objects: [
        { id: U(12), classificationId: U(13), node: "EvidenceProvider", value: access },
        {
          id: U(14),
          classificationId: U(15),
          node: "DataServiceEvidenceType",
          value: { ...dset, accessServices: [access] },
        },
      ],
      associations: [
        {
          id: U(16),
          type: "urn:oasis:names:tc:ebxml-regrep:AssociationType:ServesEvidenceType",
          sourceObject: U(12),
          targetObject: U(14),
        },
      ],
    }),
    "lcm-response": buildLcmResponse({ requestId: U(11), status: "success", exceptions: [] }),
  };
}
