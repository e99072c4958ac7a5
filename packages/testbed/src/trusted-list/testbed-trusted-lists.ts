/**
 * The testbed's published trusted lists: a Latvian-style national list (TSLVersionIdentifier 5,
 * SchemeTerritory LV) covering the test PKI's eID and eParaksts CAs as CA/QC services (granted,
 * ForeSignatures, QCWithQSCD for QCP-n-qscd certificates) and its TSA as TSA/QTST; and a tiny
 * list of lists pointing at it with the national signer's certificate. Every name says
 * "Tilts testbed" and the legal notice says it is a test list: nobody must mistake it for
 * LVRTC's or the Commission's. Both are signed with enveloped XAdES (TS 119 612 §5.7.1).
 */
import {
  buildTrustedListXml,
  parseCertificate,
  type ServiceSpec,
  signTrustedList,
  trustedListOids,
  trustedListUris as U,
} from "@tilts/trust";
import { type CaId, caNames } from "../pki/profiles.ts";
import type { TestPki } from "../pki/test-pki.ts";
import { type ListSigner, listSigner } from "./list-signers.ts";

const DAY = 24 * 60 * 60 * 1000;
const OPERATOR = "Tilts testbed (not LVRTC) — TEST trusted list, not for production";
const LEGAL_NOTICE =
  "This is a TEST trusted list published by the Tilts testbed. It has no legal effect and lists only test CAs.";

export interface TestbedTrustedListsOptions {
  /** Defaults to the PKI's clock. */
  now?: Date;
  /** NextUpdate − ListIssueDateTime (default 7 days; TS 119 612 §5.3.15 allows up to 6 months). */
  validityMs?: number;
}

export interface TestbedTrustedLists {
  /** Signed national list (XML text). */
  national: string;
  /** Signed list of lists (XML text). */
  lotl: string;
  nationalSigner: ListSigner;
  lotlSigner: ListSigner;
  /** Where the plugin serves them: `<pki base URL>/tl/LV.xml` and `/tl/lotl.xml`. */
  nationalUrl: string;
  lotlUrl: string;
  issued: Date;
}

export function trustedListUrls(baseUrl: string): { national: string; lotl: string } {
  const base = baseUrl.replace(/\/+$/, "");
  return { national: `${base}/tl/LV.xml`, lotl: `${base}/tl/lotl.xml` };
}

function caService(pki: TestPki, id: Extract<CaId, "eid" | "eparaksts">): ServiceSpec {
  const ca = pki.ca(id);
  return {
    type: U.SVC_TYPE_CA_QC,
    name: [
      { lang: "en", value: caNames[id].commonName },
      { lang: "lv", value: `${caNames[id].commonName} (testa)` },
    ],
    certificates: [ca.certificate],
    status: U.STATUS_GRANTED,
    statusStartingTime: parseCertificate(ca.certificate).notBefore,
    additionalServiceInformation: [U.ASI_FOR_ESIGNATURES],
    qualifications: [
      {
        qualifiers: [U.QUALIFIER_QC_WITH_QSCD],
        criteria: { assert: "all", policySets: [[trustedListOids.OID_QCP_N_QSCD]] },
      },
    ],
  };
}

/** Builds and signs both lists from the PKI's current certificates. */
export async function buildTestbedTrustedLists(
  pki: TestPki,
  options: TestbedTrustedListsOptions = {},
): Promise<TestbedTrustedLists> {
  const issued = new Date(Math.floor((options.now ?? pki.now()).getTime() / 1000) * 1000);
  const nextUpdate = new Date(issued.getTime() + (options.validityMs ?? 7 * DAY));
  // Increases with every hour of issue, so a later list always has a higher sequence number.
  const sequenceNumber = Math.max(1, Math.floor(issued.getTime() / (60 * 60 * 1000)) - 438_000);
  const urls = trustedListUrls(pki.baseUrl);
  const nationalSigner = listSigner(pki, "national");
  const lotlSigner = listSigner(pki, "lotl");
  const tsa = pki.tsa();
  const nationalXml = buildTrustedListXml({
    id: "tilts-testbed-tl-lv",
    version: 5,
    sequenceNumber,
    operatorName: [
      { lang: "en", value: OPERATOR },
      { lang: "lv", value: "Tilts testa vide (nav LVRTC) — TESTA uzticamo sarakstu" },
    ],
    schemeName: "LV: Tilts testbed TEST trusted list of qualified trust service providers",
    territory: "LV",
    informationUri: pki.baseUrl,
    issued,
    nextUpdate,
    distributionPoints: [urls.national],
    legalNotice: LEGAL_NOTICE,
    providers: [
      {
        name: OPERATOR,
        tradeName: "Tilts testbed",
        informationUri: pki.baseUrl,
        services: [
          caService(pki, "eid"),
          caService(pki, "eparaksts"),
          {
            type: U.SVC_TYPE_TSA_QTST,
            name: "Tilts Test TSA (qualified time-stamping, TEST)",
            certificates: [tsa.certificate],
            status: U.STATUS_GRANTED,
            statusStartingTime: parseCertificate(tsa.certificate).notBefore,
          },
        ],
      },
    ],
  });
  const national = await signTrustedList({
    xml: nationalXml,
    key: nationalSigner.key,
    certificate: nationalSigner.certificate,
    signingTime: issued,
  });
  const lotlXml = buildTrustedListXml({
    id: "tilts-testbed-lotl",
    version: 5,
    sequenceNumber,
    type: U.TSL_TYPE_EU_LOTL,
    operatorName: "Tilts testbed — TEST list of lists, not the European Commission's",
    schemeName: "EU: Tilts testbed TEST list of the lists",
    territory: "EU",
    informationUri: pki.baseUrl,
    issued,
    nextUpdate,
    distributionPoints: [urls.lotl],
    legalNotice: LEGAL_NOTICE,
    pointers: [
      {
        location: urls.national,
        signerCertificates: [nationalSigner.certificate],
        territory: "LV",
        operatorName: OPERATOR,
      },
    ],
  });
  const lotl = await signTrustedList({
    xml: lotlXml,
    key: lotlSigner.key,
    certificate: lotlSigner.certificate,
    signingTime: issued,
  });
  return {
    national,
    lotl,
    nationalSigner,
    lotlSigner,
    nationalUrl: urls.national,
    lotlUrl: urls.lotl,
    issued,
  };
}
