/** The signing module's configuration keys: the public verification page's limits and trust. */
import { join } from "node:path";
import type { CoreConfig } from "../config/config.ts";
import { type ConfigFragment, integer, path, url } from "../core/module/index.ts";

export interface SigningConfig {
  /** Largest document accepted on the verification page, in bytes. */
  signingMaxUploadBytes: number;
  /** How long a verified document's files stay openable, in seconds (memory only, never logged). */
  signingContentTtlSeconds: number;
  /**
   * PEM file of the CA certificates signatures must chain to; absent with the testbed: its root
   * CA; absent otherwise: no signature can pass (each is shown indeterminate).
   */
  signingSignatureAnchors?: string;
  /**
   * Trusted-list files (ETSI TS 119 612) that say which signatures are qualified; each file's
   * signature is verified at start and when it changes. Unset: the kind of signature is what the
   * certificate states about itself, and the page says so.
   */
  signingTrustedLists?: string[];
  /** PEM file: the service's seal key (PKCS#8, clear or encrypted at rest) and its certificate chain. */
  signingReportSeal?: string;
  /** RFC 3161 TSA that time-stamps the sealed reports (PAdES B-T). */
  signingTsaUrl?: string;
}

/** With the testbed, the report seal the composition issues from the test PKI on first start. */
export const testbedReportSealPath = (config: Pick<CoreConfig, "dataDir">): string =>
  join(config.dataDir, "testbed", "signing", "report-seal.pem");

export const signingConfigKeys: ConfigFragment<SigningConfig, CoreConfig> = {
  signingMaxUploadBytes: {
    env: "SIGNING_MAX_UPLOAD_BYTES",
    description:
      "largest document (eDoc, ASiC-E, XML or PDF) accepted on the public verification page, in bytes",
    parse: integer(64 * 1024, 256 * 1024 * 1024),
    default: () => 20_000_000,
  },
  signingContentTtlSeconds: {
    env: "SIGNING_CONTENT_TTL_SECONDS",
    description:
      "how long the files of a verified document can be opened from the result page, in seconds (kept in memory only)",
    parse: integer(30, 3600),
    default: () => 600,
  },
  signingSignatureAnchors: {
    env: "SIGNING_SIGNATURE_ANCHORS",
    description:
      "PEM file with the CA certificates signatures on the verification page must chain to; unset with the testbed: its test root CA; unset otherwise: no signature is shown valid",
    parse: path,
    pemCertificates: { requireCa: true },
  },
  signingTrustedLists: {
    env: "SIGNING_TRUSTED_LISTS",
    description:
      "comma-separated trusted-list files (ETSI TS 119 612 XML, e.g. Latvia's national list kept current by a scheduled download): which signatures on the verification page are qualified; each list's signature must verify, a changed file is read again; unset: the kind of signature as the certificate states it",
    parse: (value, key) =>
      String(value)
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "")
        .map((item) => path(item, key)),
  },
  signingReportSeal: {
    env: "SIGNING_REPORT_SEAL",
    description:
      "PEM file with the service's seal key (PKCS#8; encrypted at rest under KEY_ENCRYPTION_SECRET, or clear) followed by its certificate and CA certificates: seals the validation reports (PAdES B-T); with the testbed, an organisation seal issued from the test PKI into the data folder; unset otherwise: no report PDF is offered",
    parse: path,
    default: (c) => (c.testbed && c.dataDir ? testbedReportSealPath({ dataDir: c.dataDir }) : undefined),
  },
  signingTsaUrl: {
    env: "SIGNING_TSA_URL",
    description:
      "RFC 3161 time-stamping service for the sealed validation reports (a qualified TSA in production); with the testbed, its TSA",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/tsa` : undefined),
    production: "https-address",
  },
};
