/** The e-service registry's configuration keys (SIG-6: whose signatures a registration form may carry). */
import type { CoreConfig } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { type ConfigFragment, integer, path, type RawValue } from "../core/module/index.ts";
import { parsePersonalCode } from "../core/personal-code/index.ts";

export interface EservicesConfig {
  /**
   * PEM file of the CA certificates that registration forms' signatures must chain to (SIG-6);
   * absent with the testbed: its root CA; absent otherwise: no form is accepted.
   */
  eservicesSignatureAnchors?: string;
  /** Largest signed registration eDoc accepted, in bytes. */
  eservicesMaxFormBytes: number;
  /** Personal codes of the agency's staff who may open the registration queue (ESV-3). */
  eservicesAgencyStaff: readonly string[];
}

/**
 * A comma-separated list of Latvian personal codes. The agency's staff are a handful of people
 * whose list changes with a staff order, so the operator keeps it in the configuration (as the
 * anchors) rather than in a table with its own commands; a wrong code stops the start.
 */
function personalCodeList(value: RawValue, key: string): readonly string[] {
  const codes: string[] = [];
  for (const item of String(value).split(",")) {
    if (item.trim() === "") continue;
    const parsed = parsePersonalCode(item.trim());
    if (!parsed.ok) throw new ConfigError(key, "must list Latvian personal codes, separated by commas");
    codes.push(parsed.code);
  }
  return codes;
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
  eservicesAgencyStaff: {
    env: "ESERVICES_AGENCY_STAFF",
    description:
      "comma-separated personal codes of the agency's staff who register or refuse e-service registration forms at /eservices/agency/ (ESV-3); unset: nobody",
    parse: personalCodeList,
    default: () => [],
  },
};
