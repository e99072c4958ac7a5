/**
 * The testbed's trusted-list signers: one certificate signs the national (LV-style) list, another
 * the tiny list of lists that points at it — as in the EU, where the Commission signs the LOTL and
 * each member state its own list (TS 119 612 §5.7.1). Both are issued by the test root with the
 * TSL-signing extended key usage (id-tsl-kp-tslSigning, TS 119 612 Annex) and kept beside the PKI
 * in `<pki state dir>/tl/` (the PKI's own files are not touched). They are not recorded in the
 * PKI's store: trusted-list signers are trusted through the pointer that announces them, not
 * through path validation.
 */

import type { KeyObject } from "node:crypto";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { trustedListOids } from "@tilts/trust";
import { buildCertificate } from "../pki/certificate-builder.ts";
import {
  authorityInfoAccess,
  authorityKeyIdentifier,
  basicConstraints,
  crlDistributionPoints,
  extendedKeyUsage,
  keyIdentifierOf,
  keyUsage,
  subjectKeyIdentifier,
} from "../pki/extensions.ts";
import { certificateToPem, generateKey } from "../pki/keys.ts";
import { buildName } from "../pki/names.ts";
import { caNames, urlsOf } from "../pki/profiles.ts";
import type { TestPki } from "../pki/test-pki.ts";

const DAY = 24 * 60 * 60 * 1000;

export type ListSignerId = "national" | "lotl";

export interface ListSigner {
  certificate: Uint8Array;
  key: KeyObject;
}

const COMMON_NAMES: Record<ListSignerId, string> = {
  national: "Tilts Test LV Trusted List Signer",
  lotl: "Tilts Test List of Lists Signer",
};

function serial(): Uint8Array {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return new Uint8Array(bytes);
}

function derOfPem(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ""), "base64"));
}

/** Loads the signer, issuing it on first use. */
export function listSigner(pki: TestPki, id: ListSignerId): ListSigner {
  const dir = join(pki.stateDir, "tl");
  const certPath = join(dir, `${id}-signer.crt.pem`);
  const keyPath = join(dir, `${id}-signer.key.pem`);
  if (existsSync(certPath) && existsSync(keyPath)) {
    return {
      certificate: derOfPem(readFileSync(certPath, "latin1")),
      key: pki.readCompanionKey(keyPath),
    };
  }
  mkdirSync(dir, { recursive: true });
  const root = pki.ca("root");
  const key = generateKey("p256");
  const now = pki.now();
  const rootUrls = urlsOf(pki.baseUrl, "root");
  const certificate = buildCertificate({
    serial: serial(),
    issuer: root.name,
    subject: buildName({ ...caNames.root, commonName: COMMON_NAMES[id] }),
    publicKey: key,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 5 * 365 * DAY),
    extensions: [
      basicConstraints(false),
      keyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation),
      extendedKeyUsage([trustedListOids.OID_KP_TSL_SIGNING]),
      authorityKeyIdentifier(keyIdentifierOf(root.key)),
      subjectKeyIdentifier(keyIdentifierOf(key)),
      crlDistributionPoints([rootUrls.crl]),
      authorityInfoAccess({ caIssuers: [rootUrls.caCertificate] }),
    ],
    signerKey: root.key,
  });
  // Key first, certificate last (renamed into place): a reader never sees a certificate without its key.
  pki.writeCompanionKey(keyPath, key);
  writeFileSync(`${certPath}.tmp`, certificateToPem(certificate));
  renameSync(`${certPath}.tmp`, certPath);
  return { certificate, key };
}
