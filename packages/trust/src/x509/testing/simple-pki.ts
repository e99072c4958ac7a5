/**
 * A three-level PKI (root → CA → leaf) of one key type, for tests and benchmarks.
 */
import type { KeyObject } from "node:crypto";
import { KEY_USAGE } from "../cert/extensions.ts";
import {
  buildCertificate,
  buildCrl,
  type CertificateSpec,
  ext,
  generateKey,
  type KeyPair,
  type KeySpec,
} from "./build-pki.ts";

export const ROOT_NAME: [string, string][] = [
  ["2.5.4.6", "LV"],
  ["2.5.4.10", "Tilts Test"],
  ["2.5.4.3", "Test Root CA"],
];
export const CA_NAME: [string, string][] = [
  ["2.5.4.6", "LV"],
  ["2.5.4.10", "Tilts Test"],
  ["2.5.4.3", "Test Issuing CA"],
];
export const LEAF_NAME: [string, string][] = [
  ["2.5.4.6", "LV"],
  ["2.5.4.3", "Anna Berzina"],
];

export interface SimplePki {
  rootKey: KeyPair;
  caKey: KeyPair;
  leafKey: KeyPair;
  root: Uint8Array;
  ca: Uint8Array;
  leaf: Uint8Array;
  /** CRLs of the root (about the CA) and of the CA (about the leaf), none revoked. */
  rootCrl: Uint8Array;
  caCrl: Uint8Array;
  /** Re-issues the leaf with other fields. */
  issueLeaf: (overrides: Partial<CertificateSpec>) => Uint8Array;
  /** A CA CRL revoking the given serials. */
  caCrlRevoking: (serials: number[]) => Uint8Array;
}

export function simplePki(spec: KeySpec, leafSpec: KeySpec = spec): SimplePki {
  const rootKey = generateKey(spec);
  const caKey = generateKey(spec);
  const leafKey = generateKey(leafSpec);
  const caUsage = ext.keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]);
  const root = buildCertificate({
    serial: 1,
    subject: ROOT_NAME,
    issuer: ROOT_NAME,
    publicKey: rootKey.publicKey,
    issuerKey: rootKey.privateKey,
    extensions: [ext.ca(), caUsage],
  });
  const ca = buildCertificate({
    serial: 2,
    subject: CA_NAME,
    issuer: ROOT_NAME,
    publicKey: caKey.publicKey,
    issuerKey: rootKey.privateKey,
    extensions: [ext.ca(0), caUsage],
  });
  const issueLeaf = (overrides: Partial<CertificateSpec>) =>
    buildCertificate({
      serial: 3,
      subject: LEAF_NAME,
      issuer: CA_NAME,
      publicKey: leafKey.publicKey,
      issuerKey: caKey.privateKey,
      extensions: [ext.keyUsage([KEY_USAGE.digitalSignature])],
      ...overrides,
    });
  const caCrlRevoking = (serials: number[]) =>
    buildCrl({
      issuer: CA_NAME,
      issuerKey: caKey.privateKey,
      revoked: serials.map((serial) => ({ serial, reason: 1 })),
    });
  return {
    rootKey,
    caKey,
    leafKey,
    root,
    ca,
    leaf: issueLeaf({}),
    rootCrl: buildCrl({ issuer: ROOT_NAME, issuerKey: rootKey.privateKey }),
    caCrl: caCrlRevoking([]),
    issueLeaf,
    caCrlRevoking,
  };
}

export type { KeyObject };
