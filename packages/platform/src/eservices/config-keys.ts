/** The e-service registry's configuration keys (SIG-6: whose signatures a registration form may carry). */
import type { CoreConfig } from "../config/config.ts";
import { type ConfigFragment, integer, path } from "../core/module/index.ts";

export interface EservicesConfig {
  /**
   * PEM file of the CA certificates that registration forms' signatures must chain to (SIG-6);
   * absent with the testbed: its root CA; absent otherwise: no form is accepted.
   */
  eservicesSignatureAnchors?: string;
  /** Largest signed registration eDoc accepted, in bytes. */
  eservicesMaxFormBytes: number;
}

export const eservicesConfigKeys: ConfigFragment<EservicesConfig, CoreConfig> = {
  eservicesSignatureAnchors: {
    env: "ESERVICES_SIGNATURE_ANCHORS",
    description:
      "PEM file with the CA certificates of qualified trust service providers whose signatures e-service registration forms may carry (SIG-6); unset with the testbed: its test root CA; unset otherwise: no signed form is accepted",
    // Read at load, as EHEALTH_SIGNATURE_ANCHORS: a missing file or a non-CA certificate stops the start.
    parse: path,
    pemCertificates: { requireCa: true },
  },
  eservicesMaxFormBytes: {
    env: "ESERVICES_MAX_FORM_BYTES",
    description: "largest signed e-service registration eDoc accepted for submission, in bytes",
    parse: integer(16 * 1024, 64 * 1024 * 1024),
    default: () => 2 * 1024 * 1024,
  },
};
