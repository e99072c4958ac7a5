/**
 * The e-health module's configuration keys (clinical documents' signature
 * anchors, the system-access listener, the anti-copying limits), declared in its manifest.
 */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { CoreConfig } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { type ConfigFragment, integer, path, text, url } from "../core/module/index.ts";

export interface EhealthConfig {
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
  /** Worker threads checking submitted documents (ANX2-12, SIG-5); 0: in the listener's thread. */
  systemAccessCheckWorkers: number;
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
// --- Anti-copying limits (CON-3, ANX2-17, ANX2-18): their vocabulary, defaults and syntax, here
// because the keys' parsers need them and a manifest may load only its key specs; the policy in
// copying/core re-exports them. ------------------------------------------------------------------

export const COPYING_SUBJECT_KINDS = ["professional", "system", "institution"] as const;
export type CopyingSubjectKind = (typeof COPYING_SUBJECT_KINDS)[number];

export const COPYING_MEASURES = ["patients", "requests"] as const;
export type CopyingMeasure = (typeof COPYING_MEASURES)[number];

/** Window lengths in seconds, by the names the configuration uses. */
export const COPYING_WINDOWS = { "10min": 600, hour: 3600, day: 86_400 } as const;
export type CopyingWindow = keyof typeof COPYING_WINDOWS;

export interface CopyingLimit {
  readonly max: number;
  readonly measure: CopyingMeasure;
  readonly window: CopyingWindow;
}

export type CopyingLimits = Readonly<Record<CopyingSubjectKind, readonly CopyingLimit[]>>;

/**
 * Defaults drawn from a busy GP's day: some 60 patients, each opened a few times (find, list,
 * read two or three documents), in bursts of up to ~10 patients in 10 minutes. A professional's
 * limits are about 2.5 times that, so a long day never meets them, while a script reading
 * hundreds of patients is stopped within minutes. A system and an institution serve many
 * professionals: a large hospital's day (~2,000 patients) fits under their limits.
 */
export const DEFAULT_COPYING_LIMITS: CopyingLimits = {
  professional: [
    { max: 25, measure: "patients", window: "10min" },
    { max: 150, measure: "patients", window: "day" },
    { max: 200, measure: "requests", window: "10min" },
    { max: 1500, measure: "requests", window: "day" },
  ],
  system: [
    { max: 600, measure: "patients", window: "10min" },
    { max: 5000, measure: "patients", window: "day" },
    { max: 50_000, measure: "requests", window: "day" },
  ],
  institution: [
    { max: 8000, measure: "patients", window: "day" },
    { max: 80_000, measure: "requests", window: "day" },
  ],
};

/** Why a limit text does not parse (the configuration reports it with the key's name). */
export class CopyingLimitSyntaxError extends Error {
  override name = "CopyingLimitSyntaxError";
}

const LIMIT_ITEM = /^(\d{1,7})\s+(patients|requests)\s*\/\s*(10min|hour|day)$/;

/**
 * Limits as the configuration writes them: `25 patients/10min, 150 patients/day, 200
 * requests/10min` — a comma-separated list; an empty text means no limit for the subject.
 */
export function parseCopyingLimits(text: string): CopyingLimit[] {
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const limits = items.map((item) => {
    const match = LIMIT_ITEM.exec(item);
    if (!match)
      throw new CopyingLimitSyntaxError(`"${item}" is not "<number> patients|requests/10min|hour|day"`);
    const max = Number(match[1]);
    if (max < 1) throw new CopyingLimitSyntaxError(`"${item}": a limit must be at least 1`);
    return { max, measure: match[2] as CopyingMeasure, window: match[3] as CopyingWindow };
  });
  const seen = new Set<string>();
  for (const l of limits) {
    const key = `${l.measure}/${l.window}`;
    if (seen.has(key)) throw new CopyingLimitSyntaxError(`${key} is given twice`);
    seen.add(key);
  }
  return limits;
}

export interface DetectionSettings {
  /** Patients in a row, each continuing the previous one's personal code (sequential-codes.ts). */
  readonly sequentialRun: number;
  /**
   * Distinct patients a day without a treatment relationship to the institution — no consent
   * given to it and no document from it. A GP's day brings a few new patients; a script reading
   * other institutions' patients brings only such.
   */
  readonly unrelatedPatientsPerDay: number;
}

export const DEFAULT_DETECTION: DetectionSettings = { sequentialRun: 5, unrelatedPatientsPerDay: 30 };

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
  systemAccessCheckWorkers: {
    env: "SYSTEM_ACCESS_CHECK_WORKERS",
    description:
      "worker threads that check the documents systems submit (schema, signature); default: one per core; 0: in the listener's thread",
    parse: integer(0, 64),
    default: () => availableParallelism(),
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
