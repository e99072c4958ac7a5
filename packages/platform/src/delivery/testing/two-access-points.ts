/**
 * For tests only: Latvia's and Slovakia's access points under one test PKI (@tilts/trust's
 * builders), each configured by the OOTS Domibus P-Mode fixture of @tilts/as4 with its own
 * `party=` and both endpoints pointing at loopback servers.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importDomibusPMode } from "@tilts/as4";
import { buildCertificate, CA_NAME, ext, generateKey, simplePki } from "@tilts/trust/testing";
import type { AccessPoint } from "../access-point.ts";

export const PMODE_FIXTURE = new URL("../../../../as4/test-fixtures/pmode-oots-lv.xml", import.meta.url);
export const OOTS_PARTY_TYPE = "urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots";
export const QUERY_SERVICE = {
  value: "QueryManager",
  type: "urn:oasis:names:tc:ebcore:ebrs:ebms:binding:1.0",
};
export const REQUEST_ACTION = "ExecuteQueryRequest";
/** The request leg requires these (the P-Mode's propertySet). */
export const OOTS_PROPERTIES = [
  { name: "originalSender", value: "LV90000012345", type: "urn:cef.eu:names:identifier:EAS:9939" },
  { name: "finalRecipient", value: "SK12345678", type: "urn:cef.eu:names:identifier:EAS:9950" },
];

export interface TestPkiFiles {
  lv: { key: KeyObject; certificate: Uint8Array };
  sk: { key: KeyObject; certificate: Uint8Array };
  anchors: Uint8Array[];
  intermediates: Uint8Array[];
  crls: Uint8Array[];
}

export function testAccessPointPki(): TestPkiFiles {
  const pki = simplePki("rsa2048");
  const issue = (serial: number, cn: string) => {
    const key = generateKey("rsa2048");
    const certificate = buildCertificate({
      serial,
      subject: [
        ["2.5.4.6", "LV"],
        ["2.5.4.3", cn],
      ],
      issuer: CA_NAME,
      publicKey: key.publicKey,
      issuerKey: pki.caKey.privateKey,
      // AS4 uses one key to sign and to decrypt: digitalSignature and keyEncipherment.
      extensions: [ext.keyUsage([0, 2])],
    });
    return { key: key.privateKey as KeyObject, certificate };
  };
  return {
    lv: issue(10, "ap_lv"),
    sk: issue(11, "ap_sk"),
    anchors: [pki.root],
    intermediates: [pki.ca],
    crls: [pki.rootCrl, pki.caCrl],
  };
}

/** The fixture with our own party and the two endpoints replaced. */
export function pmodeXml(self: "ap_lv" | "ap_sk", endpoints: { lv: string; sk: string }): string {
  return readFileSync(PMODE_FIXTURE, "utf8")
    .replace('party="ap_lv"', `party="${self}"`)
    .replace('endpoint="https://as4.tilts.example.lv/msh"', `endpoint="${endpoints.lv}"`)
    .replace('endpoint="https://oots-ap.example.sk/domibus/services/msh"', `endpoint="${endpoints.sk}"`);
}

export function testAccessPoint(
  pki: TestPkiFiles,
  self: "ap_lv" | "ap_sk",
  endpoints: { lv: string; sk: string },
  now: () => Date = () => new Date(),
  retry?: string,
): AccessPoint {
  const own = self === "ap_lv" ? pki.lv : pki.sk;
  const xml = pmodeXml(self, endpoints);
  return {
    pmode: importDomibusPMode(retry ? xml.replace('retry="12;4;CONSTANT"', `retry="${retry}"`) : xml, {
      certificates: { ap_lv: [pki.lv.certificate], ap_sk: [pki.sk.certificate] },
    }),
    key: typeof own.key === "string" ? createPrivateKey(own.key) : own.key,
    certificate: own.certificate,
    trust: { anchors: pki.anchors, intermediates: pki.intermediates, crls: pki.crls, revocation: "require" },
    now,
  };
}

const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trimEnd()}\n-----END ${label}-----\n`;

/**
 * Writes one access point's AS4 files into `dir` and returns the AS4_* environment naming them:
 * the P-Mode (retry schedule `retry` instead of the fixture's), our key and certificate, the
 * partner's certificate under its party name, the CAs as trust anchors.
 */
export function writeAccessPointFiles(
  dir: string,
  pki: TestPkiFiles,
  self: "ap_lv" | "ap_sk",
  endpoints: { lv: string; sk: string },
  retry = "12;4;CONSTANT",
): Record<string, string> {
  mkdirSync(join(dir, "partners"), { recursive: true });
  const own = self === "ap_lv" ? pki.lv : pki.sk;
  const [partner, partnerName] = self === "ap_lv" ? [pki.sk, "ap_sk"] : [pki.lv, "ap_lv"];
  writeFileSync(
    join(dir, "pmode.xml"),
    pmodeXml(self, endpoints).replace('retry="12;4;CONSTANT"', `retry="${retry}"`),
  );
  writeFileSync(
    join(dir, "key.pem"),
    `${own.key.export({ type: "pkcs8", format: "pem" }).toString()}${pem("CERTIFICATE", own.certificate)}`,
  );
  writeFileSync(join(dir, "partners", `${partnerName}.pem`), pem("CERTIFICATE", partner.certificate));
  writeFileSync(
    join(dir, "anchors.pem"),
    [...pki.anchors, ...pki.intermediates].map((c) => pem("CERTIFICATE", c)).join(""),
  );
  return {
    AS4_PMODE_FILE: join(dir, "pmode.xml"),
    AS4_KEY: join(dir, "key.pem"),
    AS4_PARTY_CERTIFICATES: join(dir, "partners"),
    AS4_TRUST_ANCHORS: join(dir, "anchors.pem"),
    // The test CA's CRLs name no distribution point to fetch them from.
    AS4_REVOCATION: "if-available",
  };
}
