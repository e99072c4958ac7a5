/**
 * Test support shared by the stand-ins' signing tests (SIG-2, SIG-3): a loopback server with the
 * test PKI's CRL/OCSP routes, and the check that a person's signing certificate is a qualified
 * one that validates to the testbed root — by @tilts/trust, the validator the platform uses.
 */
import { X509Certificate } from "node:crypto";
import { certificateQcInfo, type PathValidationInput, validateCertificatePath } from "@tilts/trust";
import { expect } from "vitest";
import { OID_QCP_N_QSCD } from "./oids.ts";
import type { TestPki } from "./test-pki.ts";

/** RFC 5280 §4.2.1.3 bit numbers. */
const DIGITAL_SIGNATURE = 0;
const NON_REPUDIATION = 1;

export function httpFetchers(): Pick<PathValidationInput, "fetchCrl" | "fetchOcsp"> {
  return {
    fetchCrl: async (url) => {
      const res = await fetch(url);
      return res.ok ? new Uint8Array(await res.arrayBuffer()) : undefined;
    },
    fetchOcsp: async (url, request) => {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/ocsp-request" },
        body: Buffer.from(request),
      });
      return res.ok ? new Uint8Array(await res.arrayBuffer()) : undefined;
    },
  };
}

/** Validates `der` under the testbed root through the CA's CRL or OCSP, requiring QCP-n-qscd. */
export function validateQualified(
  pki: TestPki,
  caId: "eid" | "eparaksts",
  der: Uint8Array,
  via: "crl" | "ocsp",
) {
  const { fetchCrl, fetchOcsp } = httpFetchers();
  return validateCertificatePath({
    leaf: der,
    untrusted: [pki.ca(caId).certificate],
    anchors: [pki.ca("root").certificate],
    revocation: "require",
    initialPolicySet: [OID_QCP_N_QSCD],
    initialExplicitPolicy: true,
    ...(via === "crl" ? { fetchCrl } : { fetchOcsp }),
  });
}

/** EN 319 412-5 and EN 319 411-2: what makes the certificate a qualified e-signature certificate. */
export function expectQualifiedSigningProfile(der: Uint8Array, caPolicy: string, personalCode: string): void {
  const info = certificateQcInfo(der);
  expect([...info.keyUsage]).toEqual([NON_REPUDIATION]);
  expect(info.keyUsage.has(DIGITAL_SIGNATURE)).toBe(false);
  expect(info.qcCompliance).toBe(true);
  expect(info.qcSscd).toBe(true);
  expect(info.qcTypes).toEqual(["esign"]);
  expect(info.policies).toEqual(expect.arrayContaining([OID_QCP_N_QSCD, caPolicy]));
  expect(new X509Certificate(der).subject.split("\n")).toContain(`serialNumber=PNOLV-${personalCode}`);
}
