import { describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { buildTrustedListXml, type TrustedListSpec } from "./build-trusted-list.ts";
import { TrustedListFormatError } from "./errors.ts";
import * as O from "./oids.ts";
import { parseTrustedList } from "./parse-trusted-list.ts";
import { tlTestPki } from "./testing/tl-test-pki.ts";
import * as U from "./uris.ts";

const pki = tlTestPki();
const T0 = new Date("2016-07-01T00:00:00Z");

function nationalSpec(overrides: Partial<TrustedListSpec> = {}): TrustedListSpec {
  return {
    sequenceNumber: 7,
    operatorName: [
      { lang: "en", value: "Test operator" },
      { lang: "lv", value: "Testa operators" },
    ],
    schemeName: "LV: test scheme",
    territory: "LV",
    issued: new Date("2026-01-01T00:00:00Z"),
    nextUpdate: new Date("2026-07-01T00:00:00Z"),
    distributionPoints: ["http://127.0.0.1/tl/LV.xml"],
    providers: [
      {
        name: "Test TSP",
        services: [
          {
            type: U.SVC_TYPE_CA_QC,
            name: [
              { lang: "en", value: "Qualified CA" },
              { lang: "lv", value: "Kvalificēta CA" },
            ],
            certificates: [pki.qcCa],
            status: U.STATUS_GRANTED,
            statusStartingTime: T0,
            additionalServiceInformation: [U.ASI_FOR_ESIGNATURES],
            qualifications: [
              {
                qualifiers: [U.QUALIFIER_QC_WITH_QSCD],
                criteria: {
                  assert: "atLeastOne",
                  keyUsage: [[{ name: "nonRepudiation", value: true }]],
                  policySets: [[O.OID_QCP_N_QSCD]],
                  criteriaLists: [{ assert: "all", extendedKeyUsage: [["1.3.6.1.5.5.7.3.4"]] }],
                },
              },
            ],
            history: [
              {
                type: U.SVC_TYPE_CA_QC,
                name: "Qualified CA",
                certificates: [pki.qcCa],
                status: U.STATUS_ACCREDITED,
                statusStartingTime: new Date("2015-01-01T00:00:00Z"),
              },
            ],
          },
          {
            type: U.SVC_TYPE_TSA_QTST,
            name: "QTST",
            skis: [new Uint8Array([1, 2, 3, 4])],
            subjectNames: ["CN=TSA,C=LV"],
            status: U.STATUS_WITHDRAWN,
            statusStartingTime: T0,
          },
        ],
      },
    ],
    ...overrides,
  };
}

describe("parseTrustedList", () => {
  it("reads a national list: scheme information, providers, services, extensions, history", () => {
    const list = parseTrustedList(buildTrustedListXml(nationalSpec()));
    expect(list.versionIdentifier).toBe(5);
    expect(list.sequenceNumber).toBe(7);
    expect(list.type).toBe(U.TSL_TYPE_EU_GENERIC);
    expect(list.isListOfLists).toBe(false);
    expect(list.territory).toBe("LV");
    expect(list.schemeOperatorNames).toEqual([
      { lang: "en", value: "Test operator" },
      { lang: "lv", value: "Testa operators" },
    ]);
    expect(list.listIssueDateTime.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(list.nextUpdate?.toISOString()).toBe("2026-07-01T00:00:00.000Z");
    expect(list.distributionPoints).toEqual(["http://127.0.0.1/tl/LV.xml"]);
    expect(list.providers).toHaveLength(1);
    expect(list.services).toHaveLength(2);
    const [ca, tsa] = list.services;
    expect(ca!.providerName).toBe("Test TSP");
    expect(ca!.current.type).toBe(U.SVC_TYPE_CA_QC);
    expect(ca!.current.names[1]).toEqual({ lang: "lv", value: "Kvalificēta CA" });
    expect(ca!.current.digitalIds).toEqual([{ kind: "certificate", der: pki.qcCa }]);
    expect(ca!.current.extensions.additionalServiceInformation).toEqual([U.ASI_FOR_ESIGNATURES]);
    const q = ca!.current.extensions.qualifications[0]!;
    expect(q.qualifiers).toEqual([U.QUALIFIER_QC_WITH_QSCD]);
    expect(q.criteria.assert).toBe("atLeastOne");
    expect(q.criteria.keyUsage).toEqual([[{ name: "nonRepudiation", value: true }]]);
    expect(q.criteria.policySets).toEqual([[O.OID_QCP_N_QSCD]]);
    expect(q.criteria.criteriaLists[0]!.extendedKeyUsage).toEqual([["1.3.6.1.5.5.7.3.4"]]);
    expect(ca!.history).toHaveLength(1);
    expect(ca!.history[0]!.status).toBe(U.STATUS_ACCREDITED);
    expect(tsa!.current.digitalIds).toEqual([
      { kind: "subject-name", name: "CN=TSA,C=LV" },
      { kind: "ski", ski: new Uint8Array([1, 2, 3, 4]) },
    ]);
    expect(tsa!.current.status).toBe(U.STATUS_WITHDRAWN);
  });

  it("reads version 6 lists and a closed list without NextUpdate", () => {
    const list = parseTrustedList(buildTrustedListXml(nationalSpec({ version: 6, nextUpdate: undefined })));
    expect(list.versionIdentifier).toBe(6);
    expect(list.nextUpdate).toBeUndefined();
  });

  it("reads the list of lists: pointers with location, signer certificates, territory, type, MIME type", () => {
    const lotl = parseTrustedList(
      buildTrustedListXml({
        sequenceNumber: 1,
        type: U.TSL_TYPE_EU_LOTL,
        operatorName: "Test Commission",
        schemeName: "EU:test LOTL",
        territory: "EU",
        issued: new Date("2026-01-01T00:00:00Z"),
        nextUpdate: new Date("2026-06-01T00:00:00Z"),
        pointers: [
          {
            location: "http://127.0.0.1/tl/LV.xml",
            signerCertificates: [pki.tlSigner, pki.otherSigner],
            territory: "LV",
            operatorName: "LV operator",
          },
        ],
      }),
    );
    expect(lotl.isListOfLists).toBe(true);
    expect(lotl.services).toEqual([]);
    const p = lotl.pointers[0]!;
    expect(p.location).toBe("http://127.0.0.1/tl/LV.xml");
    expect(p.signerCertificates).toEqual([pki.tlSigner, pki.otherSigner]);
    expect(p.territory).toBe("LV");
    expect(p.tslType).toBe(U.TSL_TYPE_EU_GENERIC);
    expect(p.mimeType).toBe(U.TSL_MIME_TYPE);
    expect(p.schemeOperatorNames[0]!.value).toBe("LV operator");
  });

  describe("hostile and broken input → typed errors", () => {
    const xml = buildTrustedListXml(nationalSpec());
    const reason = (input: string | Uint8Array, limits?: Parameters<typeof parseTrustedList>[1]) => {
      try {
        parseTrustedList(input, limits);
      } catch (e) {
        expect(e).toBeInstanceOf(MalformedInputError);
        return e instanceof TrustedListFormatError ? e.reason : (e as MalformedInputError).code;
      }
      throw new Error("parsed");
    };

    it("refuses a DOCTYPE (entity expansion, external entities)", () => {
      const evil = xml.replace("?>", '?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>');
      expect(reason(evil)).toBe("malformed");
      const external = xml.replace("?>", '?><!DOCTYPE x SYSTEM "file:///etc/passwd">');
      expect(reason(external)).toBe("malformed");
    });

    it("refuses a list over the size limit before building a DOM", () => {
      const huge = xml.replace("Test TSP", "x".repeat(2 * 1024 * 1024));
      expect(reason(huge, { limits: { xml: { maxBytes: 1024 * 1024 } } })).toBe("malformed");
    });

    it("refuses a 40 MB list under the default limits", () => {
      const padding = `<!--${"x".repeat(40 * 1024 * 1024)}-->`;
      expect(reason(xml.replace("<tsl:SchemeInformation>", `${padding}<tsl:SchemeInformation>`))).toBe(
        "malformed",
      );
    });

    it("refuses more services than the limit", () => {
      const services = Array.from({ length: 30 }, (_, i) => ({
        type: U.SVC_TYPE_CA_QC,
        name: `S${i}`,
        certificates: [pki.qcCa],
        status: U.STATUS_GRANTED,
        statusStartingTime: T0,
      }));
      const big = buildTrustedListXml(nationalSpec({ providers: [{ name: "Many", services }] }));
      expect(reason(big, { limits: { maxServices: 10 } })).toBe("tl-too-large");
      expect(parseTrustedList(big).services).toHaveLength(30);
    });

    it("names the problem: wrong root, version, missing element, bad values", () => {
      expect(reason("<a/>")).toBe("tl-not-a-trusted-list");
      expect(reason(xml.replace("<tsl:TSLVersionIdentifier>5<", "<tsl:TSLVersionIdentifier>4<"))).toBe(
        "tl-unsupported-version",
      );
      expect(reason(xml.replace(/<tsl:SchemeTerritory>LV<\/tsl:SchemeTerritory>/, ""))).toBe(
        "tl-missing-element",
      );
      expect(reason(xml.replace(/<tsl:ServiceStatus>[^<]*<\/tsl:ServiceStatus>/, ""))).toBe(
        "tl-missing-element",
      );
      expect(reason(xml.replace("2026-01-01T00:00:00Z", "yesterday"))).toBe("tl-bad-value");
      expect(reason(xml.replace("<tsl:TSLSequenceNumber>7", "<tsl:TSLSequenceNumber>-7"))).toBe(
        "tl-bad-value",
      );
      expect(reason(xml.replace(/<tsl:X509Certificate>[^<]*/, "<tsl:X509Certificate>!!notbase64"))).toBe(
        "tl-bad-value",
      );
      expect(reason(xml.replace('assert="atLeastOne"', 'assert="some"'))).toBe("tl-bad-value");
      expect(reason("not xml at all")).toBe("malformed");
      expect(reason(new Uint8Array([0xff, 0xfe, 0x00]))).toBe("malformed");
    });

    it("survives random truncations with a typed error or a result, never a crash", () => {
      for (let cut = 50; cut < xml.length; cut += Math.ceil(xml.length / 97)) {
        try {
          parseTrustedList(xml.slice(0, cut));
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedInputError);
        }
      }
    });
  });
});
