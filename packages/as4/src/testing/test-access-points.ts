/**
 * Test fixtures only: two access points (Latvia's sender, Slovakia's receiver) under one test
 * PKI built with @tilts/trust's test PKI builders, plus a third, untrusted one.
 * Certificates carry digitalSignature and keyEncipherment (AS4 uses one key for both).
 */
import { buildCertificate, CA_NAME, ext, generateKey, type KeyPair, simplePki } from "@tilts/trust/testing";
import type { CertificateTrust } from "../security/verify-envelope.ts";

export interface TestAccessPoint {
  name: string;
  partyId: string;
  key: KeyPair;
  certificate: Uint8Array;
  serial: number;
}

const USAGE = ext.keyUsage([0, 2]);
export const AT = new Date("2026-12-07T10:00:00Z");

export function testAccessPoints() {
  const pki = simplePki("rsa2048");
  const issue = (serial: number, cn: string, key: KeyPair) =>
    buildCertificate({
      serial,
      subject: [
        ["2.5.4.6", "LV"],
        ["2.5.4.3", cn],
      ],
      issuer: CA_NAME,
      publicKey: key.publicKey,
      issuerKey: pki.caKey.privateKey,
      extensions: [USAGE],
    });
  const ap = (
    serial: number,
    name: string,
    partyId: string,
    key: KeyPair = generateKey("rsa2048"),
  ): TestAccessPoint => ({
    name,
    partyId,
    key,
    certificate: issue(serial, name, key),
    serial,
  });
  const sender = ap(10, "ap_lv", "AP_LV_01");
  const receiver = ap(11, "ap_sk", "AP_SK_01");
  const ecSender = ap(12, "ap_lv_ec", "AP_LV_02", generateKey("p256"));
  const other = simplePki("rsa2048");
  const stranger: TestAccessPoint = {
    name: "stranger",
    partyId: "AP_XX_01",
    key: other.leafKey,
    certificate: other.leaf,
    serial: 3,
  };
  const trust: CertificateTrust = {
    anchors: [pki.root],
    intermediates: [pki.ca],
    crls: [pki.rootCrl, pki.caCrl],
    revocation: "require",
  };
  const revokedTrust = (serial: number): CertificateTrust => ({
    ...trust,
    crls: [pki.rootCrl, pki.caCrlRevoking([serial])],
  });
  return { pki, sender, receiver, ecSender, stranger, trust, revokedTrust };
}

/** An OOTS evidence request header (DIGEST §3.1), as the Latvian AP sends it to the Slovak one. */
export function ootsRequestHeader(from = "AP_LV_01", to = "AP_SK_01") {
  const partyType = "urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots";
  const role = "http://sdg.europa.eu/edelivery/gateway";
  return {
    messageId: "4f1b7a0e-3d7c-4a55-9d1b-1f0a6c2e9b11@tilts.test",
    timestamp: new Date("2026-12-07T09:59:30.000Z"),
    from: { partyIds: [{ value: from, type: partyType }], role },
    to: { partyIds: [{ value: to, type: partyType }], role },
    service: { value: "QueryManager", type: "urn:oasis:names:tc:ebcore:ebrs:ebms:binding:1.0" },
    action: "ExecuteQueryRequest",
    conversationId: "6a8c3f52-1e0b-4c1d-8d5e-2b7f9a0c4e31",
    properties: [
      { name: "originalSender", value: "LV90000012345", type: "urn:cef.eu:names:identifier:EAS:9939" },
      { name: "finalRecipient", value: "SK12345678", type: "urn:cef.eu:names:identifier:EAS:9950" },
    ],
  };
}
