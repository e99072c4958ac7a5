/**
 * A small in-process PKI for XAdES / eDoc tests and benchmarks: root → CA → {signer, TSA}, an
 * OCSP responder (issuer-signed, RFC 6960 §4.2.2.2), CRLs and an RFC 3161 TSA, all behind the
 * injected ports (no network). The clock is injected, so "revoked before/after signing" is
 * exact. (The testbed PKI is used by the platform's end-to-end tests; @tilts/trust cannot
 * depend on @tilts/testbed.)
 */
import { createHash, type KeyObject } from "node:crypto";
import { buildOcspResponse } from "../../ocsp/build-response.ts";
import { certificateFields } from "../../ocsp/certificate-fields.ts";
import { parseOcspRequest } from "../../ocsp/parse-request.ts";
import { OID_QCT_ESIGN } from "../../trusted-list/oids.ts";
import { qcStatementsExtension } from "../../trusted-list/testing/tl-test-pki.ts";
import { parseTimeStampRequest } from "../../tsp/time-stamp-request.ts";
import { buildTimeStampGranted } from "../../tsp/time-stamp-response.ts";
import { buildTimeStampToken } from "../../tsp/time-stamp-token.ts";
import { KEY_USAGE } from "../../x509/cert/extensions.ts";
import * as D from "../../x509/der/writer.ts";
import { OID_EXT_KEY_USAGE, OID_KP_TIME_STAMPING } from "../../x509/oids.ts";
import { buildCertificate, buildCrl, ext, generateKey, type KeySpec } from "../../x509/testing/build-pki.ts";
import type { RevocationFetchers, TimeStampAuthority } from "../../xades/ports.ts";

const ROOT: [string, string][] = [
  ["2.5.4.6", "LV"],
  ["2.5.4.10", "Tilts Test"],
  ["2.5.4.3", "XAdES Test Root"],
];
const CA: [string, string][] = [
  ["2.5.4.6", "LV"],
  ["2.5.4.10", "Tilts Test"],
  ["2.5.4.3", "XAdES Test CA"],
];
const DEFAULT_BASE = "http://pki.invalid";
const QCP_N_QSCD = "0.4.0.194112.1.2";

export interface EdocTestSigner {
  key: KeyObject;
  certificate: Uint8Array;
  chain: Uint8Array[];
  serial: number;
}

export interface EdocTestPki {
  root: Uint8Array;
  ca: Uint8Array;
  tsaCertificate: Uint8Array;
  issueSigner(options?: {
    /** QCStatements of a qualified e-signature certificate (QcCompliance, QcType esign, QcSSCD). */
    qc?: boolean;
    /** Certificate policy QCP-n-qscd (default true; EN 319 411-2 — implies a qualified certificate on a QSCD). */
    qcpPolicy?: boolean;
    key?: KeySpec;
    cn?: string;
    personalCode?: string;
    serial?: number;
    notAfter?: Date;
  }): EdocTestSigner;
  revoke(serial: number, at: Date): void;
  tsa: TimeStampAuthority;
  fetchers: RevocationFetchers;
  /** Counts of port calls (tests check "no network unless asked"). */
  calls: { ocsp: number; crl: number; tsa: number };
  clock: { now: Date };
  /** Shifts the OCSP responses' thisUpdate/producedAt (the Latvian "OCSP before TST" case). */
  settings: { ocspOffsetMs: number };
}

export function edocTestPki(
  /** tsaNotAfter: when the TSA certificate expires (default 2040, as every certificate here);
   *  organisation: O of the root and CA names, for a second PKI beside the first;
   *  base: where the certificates say the OCSP responder and CRLs live (default an unresolvable
   *  host; a test serving `fetchers` over HTTP passes its own, so outside checkers can ask). */
  options: { caKey?: KeySpec; now?: Date; tsaNotAfter?: Date; organisation?: string; base?: string } = {},
): EdocTestPki {
  const BASE = options.base ?? DEFAULT_BASE;
  const withOrganisation = (name: [string, string][]) =>
    name.map(([oid, v]): [string, string] => [
      oid,
      oid === "2.5.4.10" && options.organisation ? options.organisation : v,
    ]);
  const rootName = withOrganisation(ROOT);
  const caName = withOrganisation(CA);
  const clock = { now: options.now ?? new Date() };
  const settings = { ocspOffsetMs: 0 };
  const rootKey = generateKey(options.caKey ?? "p384");
  const caKey = generateKey(options.caKey ?? "p384");
  const tsaKey = generateKey("p256");
  const caUsage = ext.keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]);
  const root = buildCertificate({
    serial: 1,
    subject: rootName,
    issuer: rootName,
    publicKey: rootKey.publicKey,
    issuerKey: rootKey.privateKey,
    extensions: [ext.ca(), caUsage],
  });
  const ca = buildCertificate({
    serial: 2,
    subject: caName,
    issuer: rootName,
    publicKey: caKey.publicKey,
    issuerKey: rootKey.privateKey,
    extensions: [ext.ca(0), caUsage, ext.crlDistributionPoint(`${BASE}/root.crl`)],
  });
  const tsaCertificate = buildCertificate({
    serial: 3,
    subject: [
      ["2.5.4.6", "LV"],
      ["2.5.4.3", "XAdES Test TSA"],
    ],
    issuer: caName,
    publicKey: tsaKey.publicKey,
    issuerKey: caKey.privateKey,
    ...(options.tsaNotAfter ? { notAfter: options.tsaNotAfter } : {}),
    extensions: [
      ext.keyUsage([KEY_USAGE.digitalSignature]),
      ext.raw(OID_EXT_KEY_USAGE, extKeyUsageDer(), true),
      ext.ocspUrl(`${BASE}/ocsp`),
      ext.crlDistributionPoint(`${BASE}/ca.crl`),
    ],
  });
  const revoked = new Map<number, Date>();
  const calls = { ocsp: 0, crl: 0, tsa: 0 };
  const issued = new Map<string, number>(); // serial hex → serial
  issued.set(Buffer.from(certificateFields(tsaCertificate).serial).toString("hex"), 3);
  let tsaSerial = 1;

  const crlOf = (issuer: "root" | "ca") =>
    buildCrl({
      issuer: issuer === "root" ? rootName : caName,
      issuerKey: issuer === "root" ? rootKey.privateKey : caKey.privateKey,
      thisUpdate: new Date(clock.now.getTime() - 60_000),
      nextUpdate: new Date(clock.now.getTime() + 7 * 86_400_000),
      revoked: issuer === "ca" ? [...revoked].map(([serial, time]) => ({ serial, time })) : [],
    });

  const fetchers: RevocationFetchers = {
    fetchCrl: async (url) => {
      calls.crl++;
      if (url === `${BASE}/root.crl`) return crlOf("root");
      if (url === `${BASE}/ca.crl`) return crlOf("ca");
      return undefined;
    },
    fetchOcsp: async (url, request) => {
      calls.ocsp++;
      if (url !== `${BASE}/ocsp`) return undefined;
      const parsed = parseOcspRequest(request);
      const responses = parsed.certIds.map((certId) => {
        const hex = Buffer.from(certId.serialNumber)
          .toString("hex")
          .replace(/^(00)+(?=.)/, "");
        const serial = [...issued].find(([h]) => h.replace(/^(00)+(?=.)/, "") === hex)?.[1];
        const when = serial === undefined ? undefined : revoked.get(serial);
        return {
          certId,
          answer:
            serial === undefined
              ? ({ status: "unknown" } as const)
              : when && when.getTime() <= clock.now.getTime()
                ? ({ status: "revoked", revocationTime: when } as const)
                : ({ status: "good" } as const),
          thisUpdate: new Date(clock.now.getTime() + settings.ocspOffsetMs),
          nextUpdate: new Date(clock.now.getTime() + 86_400_000),
        };
      });
      return buildOcspResponse({
        responses,
        signerKey: caKey.privateKey,
        signerCertificate: ca,
        producedAt: new Date(clock.now.getTime() + settings.ocspOffsetMs),
        ...(parsed.nonce ? { nonce: parsed.nonce } : {}),
      });
    },
  };

  const tsa: TimeStampAuthority = async (request) => {
    calls.tsa++;
    const req = parseTimeStampRequest(request);
    const token = buildTimeStampToken({
      policy: "2.999.1.2.3",
      messageImprint: { hashAlgorithm: req.hashAlgorithm, hashedMessage: req.hashedMessage },
      serialNumber: new Uint8Array([tsaSerial++]),
      genTime: new Date(Math.floor(clock.now.getTime() / 1000) * 1000),
      ...(req.nonce ? { nonce: req.nonce } : {}),
      signerKey: tsaKey.privateKey,
      signerCertificate: tsaCertificate,
      certificates: [tsaCertificate],
    });
    return buildTimeStampGranted(token);
  };

  let nextSerial = 100;
  return {
    root,
    ca,
    tsaCertificate,
    calls,
    clock,
    settings,
    tsa,
    fetchers,
    revoke(serial, at) {
      revoked.set(serial, at);
    },
    issueSigner(o = {}) {
      const key = generateKey(o.key ?? "p384");
      const serial = o.serial ?? nextSerial++;
      const certificate = buildCertificate({
        serial,
        subject: [
          ["2.5.4.6", "LV"],
          ["2.5.4.3", o.cn ?? "ANNA BERZINA"],
          ["2.5.4.5", `PNOLV-${o.personalCode ?? "010190-10006"}`],
        ],
        issuer: caName,
        publicKey: key.publicKey,
        issuerKey: caKey.privateKey,
        notBefore: new Date("2020-01-01T00:00:00Z"),
        ...(o.notAfter ? { notAfter: o.notAfter } : {}),
        extensions: [
          ext.keyUsage([KEY_USAGE.nonRepudiation]),
          ...(o.qcpPolicy === false ? [] : [ext.policies([QCP_N_QSCD])]),
          ext.ocspUrl(`${BASE}/ocsp`),
          ext.crlDistributionPoint(`${BASE}/ca.crl`),
          ...(o.qc ? [qcStatementsExtension({ compliance: true, sscd: true, types: [OID_QCT_ESIGN] })] : []),
        ],
      });
      issued.set(Buffer.from(certificateFields(certificate).serial).toString("hex"), serial);
      return { key: key.privateKey, certificate, chain: [ca, root], serial };
    },
  };
}

/** ExtKeyUsageSyntax with id-kp-timeStamping only (RFC 3161 §2.3: critical, the sole purpose). */
function extKeyUsageDer(): Uint8Array {
  return D.seq(D.oid(OID_KP_TIME_STAMPING));
}

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
