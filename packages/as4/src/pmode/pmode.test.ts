/**
 * The Domibus P-Mode file of the test fixtures (OOTS legs, DIGEST §3.2) imports into the
 * model, and routing picks the right leg (ebMS 3.0 Core §4.1) or refuses with EBMS:0010.
 */

import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isAs4Error } from "../errors.ts";
import type { UserMessage } from "../message/model.ts";
import { ootsRequestHeader } from "../testing/test-access-points.ts";
import { importDomibusPMode, PModeImportError } from "./import-domibus.ts";
import { receptionPolicyOf, routeIncoming, routeOutgoing, sendingOptionsOf } from "./routing.ts";

const fixture = readFileSync(new URL("../../test-fixtures/pmode-oots-lv.xml", import.meta.url), "utf8");
const skCert = new Uint8Array([1, 2, 3]);
const config = importDomibusPMode(fixture, { certificates: { ap_sk: [skCert] } });
const OOTS_TYPE = "urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots";

function incoming(overrides: Partial<UserMessage> = {}): UserMessage {
  return { kind: "user", ...ootsRequestHeader("AP_SK_01", "AP_LV_01"), parts: [], ...overrides };
}

describe("Domibus P-Mode import", () => {
  it("reads parties, processes and legs with their settings", () => {
    expect(config.self).toBe("ap_lv");
    expect(config.parties.map((p) => [p.name, p.partyIds[0]])).toEqual([
      ["ap_lv", { value: "AP_LV_01", type: OOTS_TYPE }],
      ["ap_sk", { value: "AP_SK_01", type: OOTS_TYPE }],
    ]);
    expect(config.parties[1]!.endpoint).toBe("https://oots-ap.example.sk/domibus/services/msh");
    expect(config.parties[1]!.certificates).toEqual([skCert]);
    const oots = config.processes.find((p) => p.name === "ootsProcess")!;
    expect(oots.agreement).toBeUndefined();
    expect(oots.initiatorRole).toBe("http://sdg.europa.eu/edelivery/gateway");
    expect(oots.mep).toBe("http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/oneWay");
    expect(oots.legs.map((l) => [l.name, l.action, l.compressPayloads])).toEqual([
      ["ootsRequestLeg", "ExecuteQueryRequest", true],
      ["ootsResponseLeg", "ExecuteQueryResponse", false],
      ["ootsErrorLeg", "ExceptionResponse", true],
    ]);
    const request = oots.legs[0]!;
    expect(request.service).toEqual({
      value: "QueryManager",
      type: "urn:oasis:names:tc:ebcore:ebrs:ebms:binding:1.0",
    });
    expect(request.security).toEqual({
      name: "eDeliveryAS4Policy_BST",
      sign: true,
      encrypt: true,
      signatureAlgorithm: "rsa-sha256",
    });
    expect(request.reliability).toEqual({
      nonRepudiation: true,
      replyPattern: "response",
      duplicateDetection: true,
      retry: { timeoutMinutes: 12, retries: 4, strategy: "CONSTANT" },
    });
    expect(request.requiredProperties).toEqual(["originalSender", "finalRecipient"]);
    expect(request.mpc).toBe("http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/defaultMPC");
    const test = config.processes.find((p) => p.name === "testProcess")!.legs[0]!;
    expect(test.security).toMatchObject({ sign: true, encrypt: false });
  });

  it("refuses a dangling reference with a typed error", () => {
    const broken = fixture.replace('security="signOnlyPolicy"', 'security="noSuchPolicy"');
    expect(() => importDomibusPMode(broken)).toThrow(PModeImportError);
    expect(() => importDomibusPMode(broken)).toThrow(/security "noSuchPolicy"/);
  });

  it("refuses a document that is not a Domibus configuration, or not XML", () => {
    expect(() => importDomibusPMode("<configuration/>")).toThrow(PModeImportError);
    expect(() => importDomibusPMode("<db:configuration xmlns:db='x'")).toThrow(PModeImportError);
  });
});

describe("routing", () => {
  it("an incoming OOTS request from SK → ootsProcess / ootsRequestLeg", () => {
    const routed = routeIncoming(config, incoming());
    expect([routed.process.name, routed.leg.name, routed.from.name, routed.to.name]).toEqual([
      "ootsProcess",
      "ootsRequestLeg",
      "ap_sk",
      "ap_lv",
    ]);
    expect(receptionPolicyOf(routed)).toEqual({
      signature: { required: true, allowedCertificates: [skCert] },
      encryptionRequired: true,
    });
  });

  it("the action selects the leg: an exception response → ootsErrorLeg", () => {
    expect(routeIncoming(config, incoming({ action: "ExceptionResponse" })).leg.name).toBe("ootsErrorLeg");
  });

  it.each([
    ["an unknown action", { action: "Foo" }],
    ["another service type", { service: { value: "QueryManager", type: "urn:other" } }],
    ["an agreement the process lacks", { agreementRef: { value: "urn:agreement:x" } }],
    [
      "an unknown sender",
      {
        from: {
          partyIds: [{ value: "AP_XX_01", type: OOTS_TYPE }],
          role: "http://sdg.europa.eu/edelivery/gateway",
        },
      },
    ],
    [
      "a message for another access point",
      {
        to: {
          partyIds: [{ value: "AP_SK_01", type: OOTS_TYPE }],
          role: "http://sdg.europa.eu/edelivery/gateway",
        },
      },
    ],
    [
      "a wrong role",
      { from: { partyIds: [{ value: "AP_SK_01", type: OOTS_TYPE }], role: "urn:other-role" } },
    ],
    ["no finalRecipient property", { properties: [{ name: "originalSender", value: "x" }] }],
  ])("refuses %s with EBMS:0010", (_, overrides) => {
    let error: unknown;
    try {
      routeIncoming(config, incoming(overrides as Partial<UserMessage>));
    } catch (e) {
      error = e;
    }
    expect(isAs4Error(error, "EBMS:0010")).toBe(true);
  });

  it("outgoing: by the recipient's party id, service and action", () => {
    const routed = routeOutgoing(
      config,
      { value: "AP_SK_01", type: OOTS_TYPE },
      { value: "QueryManager", type: "urn:oasis:names:tc:ebcore:ebrs:ebms:binding:1.0" },
      "ExecuteQueryResponse",
    );
    expect([routed.leg.name, routed.to.endpoint]).toEqual([
      "ootsResponseLeg",
      "https://oots-ap.example.sk/domibus/services/msh",
    ]);
    expect(() =>
      routeOutgoing(
        config,
        { value: "AP_DE_01", type: OOTS_TYPE },
        routed.leg.service,
        "ExecuteQueryRequest",
      ),
    ).toThrow(/no party/);
  });

  it("sending options follow the leg: compression, signature algorithm, encryption to the party", () => {
    const key = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    const service = { value: "QueryManager", type: "urn:oasis:names:tc:ebcore:ebrs:ebms:binding:1.0" };
    const request = routeOutgoing(
      config,
      { value: "AP_SK_01", type: OOTS_TYPE },
      service,
      "ExecuteQueryRequest",
    );
    const options = sendingOptionsOf(request, { privateKey: key, certificate: new Uint8Array([9]) });
    expect(options.compress).toBe(true);
    expect(options.signing?.algorithm).toBe("rsa-sha256");
    expect(options.encryptFor).toBe(skCert);
    const response = routeOutgoing(
      config,
      { value: "AP_SK_01", type: OOTS_TYPE },
      service,
      "ExecuteQueryResponse",
    );
    expect(sendingOptionsOf(response, { privateKey: key, certificate: new Uint8Array([9]) }).compress).toBe(
      false,
    );
    const noCerts = importDomibusPMode(fixture);
    const routed = routeOutgoing(
      noCerts,
      { value: "AP_SK_01", type: OOTS_TYPE },
      service,
      "ExecuteQueryRequest",
    );
    expect(() => sendingOptionsOf(routed, { privateKey: key, certificate: new Uint8Array([9]) })).toThrow(
      expect.objectContaining({ code: "EBMS:0010" }),
    );
  });
});
