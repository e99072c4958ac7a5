/**
 * AS4 access-point credentials from the test PKI (OOTS-10, DEV-1): a developer gets a working
 * access point and a testbed partner for it without running openssl by hand. Both key pairs are
 * RSA-2048 certificates of the PKI's organisation CA, whose key usage (digitalSignature and
 * keyEncipherment) is what AS4 needs: one key signs (RSA-SHA256) and receives the payload key
 * (RSA-OAEP). Each side gets the default OOTS P-Mode with its own `party=`.
 */
import { readFileSync } from "node:fs";
import { type IssuedCredential, issueInstitution } from "../pki/issue-credentials.ts";
import type { TestPki } from "../pki/test-pki.ts";

/** The two P-Mode party names of the testbed's default P-Mode. */
export const AS4_TESTBED_PARTIES = { self: "ap_lv", partner: "ap_sk" } as const;

const PMODE_TEMPLATE = new URL("./pmode-oots-testbed.xml", import.meta.url);

/** The default OOTS P-Mode for `self`, with both parties' endpoints. */
export function testbedAs4PMode(self: string, endpoints: { ap_lv: string; ap_sk: string }): string {
  return readFileSync(PMODE_TEMPLATE, "utf8")
    .replace("{{self}}", self)
    .replace("{{ap_lv}}", escapeAttribute(endpoints.ap_lv))
    .replace("{{ap_sk}}", escapeAttribute(endpoints.ap_sk));
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export interface As4TestbedCredentials {
  /** Our access point's key and certificate (chain: organisation CA, root). */
  self: IssuedCredential;
  /** The testbed partner's. */
  partner: IssuedCredential;
}

/** Issues both access points' credentials (registration numbers only name the test subjects). */
export function issueAs4Credentials(pki: TestPki): As4TestbedCredentials {
  return {
    self: issueInstitution(pki, { name: "Tilts AS4 access point ap_lv", registrationNumber: "40000000001" }),
    partner: issueInstitution(pki, {
      name: "Testbed AS4 partner ap_sk",
      registrationNumber: "40000000002",
    }),
  };
}
