/**
 * The service's seal on its validation reports: PAdES baseline B-T (ETSI EN 319 142-1) with the
 * key and certificate of SIGNING_REPORT_SEAL — read like every platform key (encrypted at rest
 * under KEY_ENCRYPTION_SECRET, config/private-key-files.ts) — and a time-stamp from
 * SIGNING_TSA_URL, so the report's time is proven, not claimed.
 */
import type { KeyObject } from "node:crypto";
import { existsSync } from "node:fs";
import { signPdf, type TimeStampAuthority } from "@tilts/trust";
import { httpTsa } from "../../cli/commands/sign-http.ts";
import { ConfigError, type CoreConfig } from "../../config/config.ts";
import { pemCertificates } from "../../config/pem-certificates.ts";
import { privateKeyContextOf, readPrivateKeyFile } from "../../config/private-key-files.ts";
import { type SigningConfig, testbedReportSealPath } from "../config-keys.ts";

export interface ReportSeal {
  key: KeyObject;
  certificate: Uint8Array;
  /** CA certificates, the seal certificate's issuer first. */
  chain: Uint8Array[];
  tsa: TimeStampAuthority;
}

/** The configured seal, or undefined when SIGNING_REPORT_SEAL or a TSA is not set. */
export function configuredReportSeal(config: CoreConfig & SigningConfig): ReportSeal | undefined {
  if (!config.signingReportSeal || !config.signingTsaUrl) return undefined;
  // The testbed's seal is issued by the composition (modules.ts) on first start; a signing module
  // built without it (a test of the page alone) offers no report rather than failing to start.
  if (
    config.testbed &&
    config.signingReportSeal === testbedReportSealPath(config) &&
    !existsSync(config.signingReportSeal)
  )
    return undefined;
  const { pem, key } = readPrivateKeyFile(
    config.signingReportSeal,
    "SIGNING_REPORT_SEAL",
    privateKeyContextOf(config),
  );
  const [certificate, ...chain] = pemCertificates(pem, "SIGNING_REPORT_SEAL", {
    source: config.signingReportSeal,
  });
  if (!certificate)
    throw new ConfigError("SIGNING_REPORT_SEAL", "the file holds no certificate after the key");
  return { key, certificate, chain, tsa: httpTsa(config.signingTsaUrl) };
}

export async function sealReport(pdf: Uint8Array, seal: ReportSeal, now: Date): Promise<Uint8Array> {
  return signPdf({
    pdf,
    signer: { key: seal.key, certificate: seal.certificate, chain: seal.chain },
    level: "T",
    tsa: seal.tsa,
    signingTime: now,
    reason: "Tilts validation report",
  });
}
