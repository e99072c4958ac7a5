import { describe, expect, it } from "vitest";
import { buildTrustedListXml } from "./build-trusted-list.ts";
import { parseTrustedList } from "./parse-trusted-list.ts";
import { isQualifyingStatus, statusAt, statusName } from "./status.ts";
import { tlTestPki } from "./testing/tl-test-pki.ts";
import { trustAnchorsFrom } from "./trust-anchors.ts";
import * as U from "./uris.ts";

const pki = tlTestPki();
const d = (s: string) => new Date(`${s}T00:00:00Z`);

// accredited 2012 → granted 2016-07-01 → withdrawn 2020 → granted again 2022 (current).
const list = parseTrustedList(
  buildTrustedListXml({
    sequenceNumber: 1,
    operatorName: "op",
    schemeName: "LV",
    territory: "LV",
    issued: d("2026-01-01"),
    nextUpdate: d("2026-07-01"),
    providers: [
      {
        name: "TSP",
        services: [
          {
            type: U.SVC_TYPE_CA_QC,
            name: "CA now",
            certificates: [pki.qcCa],
            status: U.STATUS_GRANTED,
            statusStartingTime: d("2022-01-01"),
            history: [
              {
                type: U.SVC_TYPE_CA_QC,
                name: "CA granted",
                certificates: [pki.qcCa],
                status: U.STATUS_GRANTED,
                statusStartingTime: d("2016-07-01"),
              },
              {
                type: U.SVC_TYPE_CA_QC,
                name: "CA accredited",
                certificates: [pki.qcCa],
                status: U.STATUS_ACCREDITED,
                statusStartingTime: d("2012-01-01"),
              },
              {
                type: U.SVC_TYPE_CA_QC,
                name: "CA withdrawn",
                certificates: [pki.qcCa],
                status: U.STATUS_WITHDRAWN,
                statusStartingTime: d("2020-01-01"),
              },
            ],
          },
          {
            type: U.SVC_TYPE_TSA_QTST,
            name: "TSA",
            certificates: [pki.otherCa],
            status: U.STATUS_GRANTED,
            statusStartingTime: d("2016-07-01"),
          },
        ],
      },
    ],
  }),
);
const ca = list.services[0]!;

describe("statusAt", () => {
  it.each([
    ["2011-12-31", undefined],
    ["2012-01-01", "accredited"],
    ["2016-06-30", "accredited"],
    ["2016-07-01", "granted"],
    ["2019-12-31", "granted"],
    ["2020-01-01", "withdrawn"],
    ["2021-06-01", "withdrawn"],
    ["2022-01-01", "granted"],
    ["2030-01-01", "granted"],
  ])("at %s → %s", (at, expected) => {
    const state = statusAt(ca, d(at));
    expect(state ? statusName(state.status) : undefined).toBe(expected);
  });

  it("history is ordered most recent first whatever the document order", () => {
    expect(ca.history.map((h) => statusName(h.status))).toEqual(["withdrawn", "granted", "accredited"]);
  });

  it("treats granted and the pre-eIDAS positive statuses as qualifying, others not", () => {
    for (const s of [
      U.STATUS_GRANTED,
      U.STATUS_ACCREDITED,
      U.STATUS_UNDER_SUPERVISION,
      U.STATUS_SUPERVISION_IN_CESSATION,
      U.STATUS_SET_BY_NATIONAL_LAW,
    ])
      expect(isQualifyingStatus(s)).toBe(true);
    for (const s of [
      U.STATUS_WITHDRAWN,
      U.STATUS_RECOGNISED_AT_NATIONAL_LEVEL,
      U.STATUS_DEPRECATED_AT_NATIONAL_LEVEL,
      U.STATUS_SUPERVISION_CEASED,
      U.STATUS_ACCREDITATION_REVOKED,
      "http://example.com/granted",
    ])
      expect(isQualifyingStatus(s)).toBe(false);
  });
});

describe("trustAnchorsFrom", () => {
  it("returns CA/QC certificates whose status qualifies at the time, once each", () => {
    expect(trustAnchorsFrom([list, list], d("2018-01-01"))).toEqual([pki.qcCa]);
    expect(trustAnchorsFrom([list], d("2021-01-01"))).toEqual([]);
    expect(trustAnchorsFrom([list], d("2010-01-01"))).toEqual([]);
  });

  it("can be asked for other service types (qualified time-stamping)", () => {
    expect(trustAnchorsFrom([list], d("2018-01-01"), [U.SVC_TYPE_TSA_QTST])).toEqual([pki.otherCa]);
  });
});
