/**
 * Certificates for trusted-list tests: a root, two issuing CAs (one listed as CA/QC, one not),
 * a TL signer, and signer certificates shaped per test (QCStatements, policies, key usage).
 * Keys are P-256 to keep tests fast; nothing here is used outside tests.
 */
import * as D from "../../x509/der/writer.ts";
import { buildCertificate, ext, generateKey, type KeyPair } from "../../x509/testing/build-pki.ts";
import * as O from "../oids.ts";

export type Name = [string, string][];

const ROOT: Name = [
  ["2.5.4.6", "LV"],
  ["2.5.4.10", "TL Test"],
  ["2.5.4.3", "TL Test Root"],
];
const QC_CA: Name = [
  ["2.5.4.6", "LV"],
  ["2.5.4.10", "TL Test"],
  ["2.5.4.3", "TL Test Qualified CA"],
];
const OTHER_CA: Name = [
  ["2.5.4.6", "LV"],
  ["2.5.4.10", "TL Test"],
  ["2.5.4.3", "TL Test Other CA"],
];
const TL_SIGNER: Name = [
  ["2.5.4.6", "LV"],
  ["2.5.4.10", "TL Test"],
  ["2.5.4.3", "TL Test List Signer"],
];
export const PERSON: Name = [
  ["2.5.4.6", "LV"],
  ["2.5.4.4", "BERZINA"],
  ["2.5.4.42", "ANNA"],
  ["2.5.4.3", "ANNA BERZINA"],
];
export const ORGANISATION: Name = [
  ["2.5.4.6", "LV"],
  ["2.5.4.10", "SIA Piemers"],
  ["2.5.4.97", "NTRLV-40000000000"],
  ["2.5.4.3", "SIA Piemers"],
];

export interface QcSpec {
  compliance?: boolean;
  sscd?: boolean;
  types?: string[];
}

export function qcStatementsExtension(spec: QcSpec): Uint8Array {
  const statements: Uint8Array[] = [];
  if (spec.compliance) statements.push(D.seq(D.oid(O.OID_QCS_QC_COMPLIANCE)));
  if (spec.types?.length) statements.push(D.seq(D.oid(O.OID_QCS_QC_TYPE), D.seq(...spec.types.map(D.oid))));
  if (spec.sscd) statements.push(D.seq(D.oid(O.OID_QCS_QC_SSCD)));
  return ext.raw(O.OID_QC_STATEMENTS, D.seq(...statements));
}

export interface LeafSpec {
  subject?: Name;
  qc?: QcSpec;
  policies?: string[];
  /** RFC 5280 key usage bit numbers; default nonRepudiation. */
  keyUsage?: number[];
  extKeyUsage?: string[];
  notBefore?: Date;
  issuer?: "qc" | "other";
}

export interface TlTestPki {
  rootKey: KeyPair;
  root: Uint8Array;
  qcCaKey: KeyPair;
  qcCa: Uint8Array;
  otherCa: Uint8Array;
  tlSignerKey: KeyPair;
  tlSigner: Uint8Array;
  otherSignerKey: KeyPair;
  otherSigner: Uint8Array;
  leaf(spec: LeafSpec): { certificate: Uint8Array; chain: Uint8Array[] };
}

let serial = 100;

export function tlTestPki(): TlTestPki {
  const rootKey = generateKey("p256");
  const qcCaKey = generateKey("p256");
  const otherCaKey = generateKey("p256");
  const tlSignerKey = generateKey("p256");
  const otherSignerKey = generateKey("p256");
  const start = new Date("2015-01-01T00:00:00Z");
  const caExt = [ext.ca(), ext.keyUsage([5, 6])];
  const root = buildCertificate({
    serial: serial++,
    subject: ROOT,
    issuer: ROOT,
    publicKey: rootKey.publicKey,
    issuerKey: rootKey.privateKey,
    notBefore: start,
    extensions: caExt,
  });
  const ca = (name: Name, key: KeyPair) =>
    buildCertificate({
      serial: serial++,
      subject: name,
      issuer: ROOT,
      publicKey: key.publicKey,
      issuerKey: rootKey.privateKey,
      notBefore: start,
      extensions: caExt,
    });
  const qcCa = ca(QC_CA, qcCaKey);
  const otherCa = ca(OTHER_CA, otherCaKey);
  const signer = (key: KeyPair, cn: string) =>
    buildCertificate({
      serial: serial++,
      subject: [...TL_SIGNER.slice(0, 2), ["2.5.4.3", cn]],
      issuer: ROOT,
      publicKey: key.publicKey,
      issuerKey: rootKey.privateKey,
      notBefore: start,
      extensions: [ext.keyUsage([0, 1]), ext.extKeyUsage([O.OID_KP_TSL_SIGNING])],
    });
  return {
    rootKey,
    root,
    qcCaKey,
    qcCa,
    otherCa,
    tlSignerKey,
    tlSigner: signer(tlSignerKey, "TL Test List Signer"),
    otherSignerKey,
    otherSigner: signer(otherSignerKey, "TL Test Impostor"),
    leaf(spec) {
      const key = generateKey("p256");
      const fromQc = (spec.issuer ?? "qc") === "qc";
      const extensions = [
        ext.keyUsage(spec.keyUsage ?? [1]),
        ...(spec.qc ? [qcStatementsExtension(spec.qc)] : []),
        ...(spec.policies?.length ? [ext.policies(spec.policies)] : []),
        ...(spec.extKeyUsage?.length ? [ext.extKeyUsage(spec.extKeyUsage)] : []),
      ];
      const certificate = buildCertificate({
        serial: serial++,
        subject: spec.subject ?? PERSON,
        issuer: fromQc ? QC_CA : OTHER_CA,
        publicKey: key.publicKey,
        issuerKey: fromQc ? qcCaKey.privateKey : otherCaKey.privateKey,
        notBefore: spec.notBefore ?? new Date("2020-01-01T00:00:00Z"),
        extensions,
      });
      return { certificate, chain: [certificate, fromQc ? qcCa : otherCa, root] };
    },
  };
}
