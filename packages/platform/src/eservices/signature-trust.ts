/**
 * Which CAs a registration form's signature must chain to (SIG-6): ESERVICES_SIGNATURE_ANCHORS
 * when set (checked when the configuration was loaded, re-read when the file changes, so a CA
 * renewal needs no restart); else, with the testbed, its root CA — created at the first start,
 * so a missing file means no anchor yet; else none, and no form is accepted.
 */
import { join } from "node:path";
import type { CoreConfig } from "../config/config.ts";
import { watchedPemCertificates } from "../config/pem-certificates.ts";
import type { EservicesConfig } from "./config-keys.ts";

export type SignatureAnchors = () => Uint8Array[];

export function signatureAnchorsOf(config: CoreConfig & EservicesConfig): SignatureAnchors {
  if (config.eservicesSignatureAnchors)
    return watchedPemCertificates(config.eservicesSignatureAnchors, "ESERVICES_SIGNATURE_ANCHORS", {
      requireCa: true,
    });
  if (config.testbed)
    return watchedPemCertificates(
      join(config.dataDir, "testbed", "pki", "ca", "root.crt.pem"),
      "testbed root CA",
      {
        missingIsEmpty: true,
      },
    );
  return () => [];
}
