/**
 * The e-health module's configuration keys (mail for CON-5 notices, clinical documents' signature
 * anchors, the system-access listener, the anti-copying limits), declared in its manifest.
 */
import { resolve } from "node:path";
import type { CoreConfig } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { type ConfigFragment, integer, path, text, url } from "../core/module/index.ts";
import {
  type CopyingLimit,
  CopyingLimitSyntaxError,
  DEFAULT_COPYING_LIMITS,
  parseCopyingLimits,
} from "./copying/core/copying-policy.ts";
import { DEFAULT_DETECTION } from "./copying/core/detection-settings.ts";

export interface EhealthConfig {
  /** Mail relay for the e-health outbox (CON-5 notices): smtp:// or smtps://; absent: mail stays queued. */
  smtpUrl?: string;
  /** The From address of the platform's mail. */
  mailFrom?: string;
  /** PEM file of the CA certificates trusted as anchors for clinical documents' XML signatures (SIG-5). */
  ehealthSignatureAnchors?: string;
  /** The mutual-TLS port for institutions' own systems (ANX2-7, DEV-4); absent: off. */
  systemAccessPort?: number;
  /** The address the system-access listener binds to. */
  systemAccessHost: string;
  /** PEM file with the system-access listener's certificate (and chain). */
  systemAccessServerCertificate?: string;
  /** PEM file with the system-access listener's private key (PKCS#8). */
  systemAccessServerKey?: string;
  /** PEM file of the CAs that institutions' connection certificates must chain to. */
  systemAccessClientCas?: string;
  /** Smallest RSA key of a connection certificate, in bits (ANX2-7: 2048; ANX2-14: may be raised). */
  systemAccessMinRsaBits: number;
  /** Smallest elliptic-curve key of a connection certificate, in bits (256: P-256). */
  systemAccessMinEcBits: number;
  /** Seconds between refreshes of the connection certificates' CRLs (ANX2-9: at most a day). */
  systemAccessCrlRefreshSeconds: number;
  /** RFC 3161 TSA of the preservation job's archive time-stamps (SIG-2); absent: the job does not run. */
  ehealthArchiveTsaUrl?: string;
  /** Hours between the preservation job's passes; 0: off. */
  ehealthArchiveRenewalHours: number;
  /** Anti-copying limits of one professional, one institution's system, one institution (CON-3, ANX2-17). */
  copyingProfessionalLimits: CopyingLimit[];
  copyingSystemLimits: CopyingLimit[];
  copyingInstitutionLimits: CopyingLimit[];
  /** Patients in a row in personal-code order that suspend the reader (ANX2-18). */
  copyingSequentialRun: number;
  /** Distinct patients a day without a treatment relationship that suspend the reader (ANX2-18). */
  copyingUnrelatedPatientsPerDay: number;
  /** The operator's address told of each detection (ANX2-18); absent: listed only. */
  copyingAlertMailTo?: string;
}

/** A limits key: the configuration's text form, one line naming the key when it does not parse. */
const limits = (value: string | number | boolean, key: string): CopyingLimit[] => {
  try {
    return parseCopyingLimits(String(value));
  } catch (error) {
    if (error instanceof CopyingLimitSyntaxError) throw new ConfigError(key, error.message);
    throw error;
  }
};
const LIMITS_FORM = 'comma-separated "<n> patients|requests/10min|hour|day"; empty: none';

/** The listener needs its own key, certificate and client CAs; without them "on" would be a mistake. */
export function checkEhealthConfig(config: CoreConfig & EhealthConfig): void {
  if (config.systemAccessPort === undefined) return;
  for (const key of [
    "systemAccessServerCertificate",
    "systemAccessServerKey",
    "systemAccessClientCas",
  ] as const)
    if (!config[key])
      throw new ConfigError(ehealthConfigKeys[key].env, "SYSTEM_ACCESS_PORT is set: this file is needed too");
}

export const ehealthConfigKeys: ConfigFragment<EhealthConfig, CoreConfig> = {
  smtpUrl: {
    env: "SMTP_URL",
    description:
      "smtp://user:password@host:port or smtps://… — the mail relay for e-health notices (CON-5); unset with the testbed: its SMTP stand-in on loopback (shown at /testbed/mail); unset otherwise: mail stays queued",
    parse: url("smtp:", "smtps:"),
  },
  mailFrom: {
    env: "MAIL_FROM",
    description: "the From address of the platform's mail, e.g. Tilts e-veselība <noreply@example.lv>",
    parse: text,
    default: (c) => `Tilts <noreply@${c.publicUrl ? new URL(c.publicUrl).hostname : "localhost"}>`,
  },
  ehealthSignatureAnchors: {
    env: "EHEALTH_SIGNATURE_ANCHORS",
    description:
      "PEM file with the CA certificates trusted as anchors for the XML signatures of clinical documents (SIG-5); unset with the testbed: its test root CA; unset otherwise: no signature is valid",
    // Read at load so a missing file, one without a PEM certificate or with a non-CA stops the start.
    parse: path,
    pemCertificates: { requireCa: true },
  },
  systemAccessPort: {
    env: "SYSTEM_ACCESS_PORT",
    description:
      "TCP port of the mutual-TLS listener for institutions' own systems (ANX2-7, DEV-4); unset: off",
    parse: integer(0, 65535),
  },
  systemAccessHost: {
    env: "SYSTEM_ACCESS_HOST",
    description: "address the system-access listener binds to (default HOST)",
    parse: text,
    default: (c) => c.host,
  },
  systemAccessServerCertificate: {
    env: "SYSTEM_ACCESS_SERVER_CERTIFICATE",
    description:
      "PEM file with the system-access listener's certificate (and chain); with the testbed, issued from its PKI into DATA_DIR/ehealth/system-access on first start",
    parse: path,
    pemCertificates: {},
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "ehealth", "system-access", "server.crt.pem") : undefined,
  },
  systemAccessServerKey: {
    env: "SYSTEM_ACCESS_SERVER_KEY",
    description:
      "PKCS#8 PEM file with the system-access listener's private key; with the testbed, generated beside its certificate",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "ehealth", "system-access", "server.key.pem") : undefined,
  },
  systemAccessClientCas: {
    env: "SYSTEM_ACCESS_CLIENT_CAS",
    description:
      "PEM file with the CAs institutions' connection certificates must chain to (ANX2-8); with the testbed, its organisation CA",
    parse: path,
    pemCertificates: { requireCa: true },
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "pki", "ca", "org.crt.pem") : undefined,
  },
  systemAccessMinRsaBits: {
    env: "SYSTEM_ACCESS_MIN_RSA_BITS",
    description:
      "smallest RSA key of a connection certificate in bits (ANX2-7: 2048; the operator may raise it, ANX2-14)",
    parse: integer(2048, 16384),
    default: () => 2048,
  },
  systemAccessMinEcBits: {
    env: "SYSTEM_ACCESS_MIN_EC_BITS",
    description:
      "smallest elliptic-curve key of a connection certificate in bits (256 = P-256; 384, 521 raise it)",
    parse: integer(256, 521),
    default: () => 256,
  },
  systemAccessCrlRefreshSeconds: {
    env: "SYSTEM_ACCESS_CRL_REFRESH_SECONDS",
    description:
      "seconds between refreshes of the connection certificates' CRLs; a revoked certificate's open connections close within one (ANX2-9: at most 86400)",
    parse: integer(1, 86_400),
    default: () => 3600,
  },
  ehealthArchiveTsaUrl: {
    env: "EHEALTH_ARCHIVE_TSA_URL",
    description:
      "RFC 3161 time-stamping service (a qualified one in production) for the archive time-stamps that keep kept clinical documents verifiable (SIG-2); with the testbed, its TSA; unset otherwise: the preservation job does not run",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/tsa` : undefined),
    production: "https-address",
  },
  ehealthArchiveRenewalHours: {
    env: "EHEALTH_ARCHIVE_RENEWAL_HOURS",
    description:
      "hours between passes of the preservation job, which renews archive time-stamps before their TSA certificates expire; 0: off",
    parse: integer(0, 8760),
    default: () => 24,
  },
  copyingProfessionalLimits: {
    env: "COPYING_PROFESSIONAL_LIMITS",
    description: `anti-copying limits of one professional, portal and system web services together (CON-3): ${LIMITS_FORM}`,
    parse: limits,
    default: () => [...DEFAULT_COPYING_LIMITS.professional],
  },
  copyingSystemLimits: {
    env: "COPYING_SYSTEM_LIMITS",
    description: `anti-copying limits of one institution's system on the system web services (ANX2-17): ${LIMITS_FORM}`,
    parse: limits,
    default: () => [...DEFAULT_COPYING_LIMITS.system],
  },
  copyingInstitutionLimits: {
    env: "COPYING_INSTITUTION_LIMITS",
    description: `anti-copying limits of one institution, all its professionals and systems (CON-3): ${LIMITS_FORM}`,
    parse: limits,
    default: () => [...DEFAULT_COPYING_LIMITS.institution],
  },
  copyingSequentialRun: {
    env: "COPYING_SEQUENTIAL_RUN",
    description:
      "patients read in a row in personal-code order that count as a copying script: the professional's or system's reads are suspended and the operator told (ANX2-18)",
    parse: integer(3, 1000),
    default: () => DEFAULT_DETECTION.sequentialRun,
  },
  copyingUnrelatedPatientsPerDay: {
    env: "COPYING_UNRELATED_PATIENTS_PER_DAY",
    description:
      "distinct patients a day, per professional or system, without a treatment relationship to the institution (no consent given to it, no document from it) past which the reader is suspended and the operator told (ANX2-18)",
    parse: integer(5, 100_000),
    default: () => DEFAULT_DETECTION.unrelatedPatientsPerDay,
  },
  copyingAlertMailTo: {
    env: "COPYING_ALERT_MAIL_TO",
    description:
      "the operator's mail address told of each copying detection through the outbox (ANX2-18); default AUDIT_CHECKPOINT_MAIL_TO; unset: detections are only listed (tilts ehealth copying list)",
    parse: (v, k) => {
      const address = text(v, k);
      if (!/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(address))
        throw new ConfigError(k, "expected a mail address such as operator@example.lv");
      return address;
    },
    default: (c) => c.auditCheckpointMailTo,
  },
};
