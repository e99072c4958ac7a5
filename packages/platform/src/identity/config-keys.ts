/**
 * The identity module's configuration keys (sign-in methods: eParaksts, Latvija.lv, eIDAS, eID
 * card), declared in its manifest and joined by the composition root after the core's keys.
 */
import { resolve } from "node:path";
import type { CoreConfig } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { type ConfigFragment, integer, oneOf, text, url } from "../core/module/index.ts";

export interface IdentityConfig {
  /** LVRTC's eParaksts identity service (TrustedX); absent: eParaksts sign-in is unavailable. */
  eparakstsUrl?: string;
  /** Our client id at LVRTC's identity service. */
  eparakstsClientId?: string;
  /** Our client secret at LVRTC's identity service. */
  eparakstsClientSecret?: string;
  /** Latvija.lv login module (VPM) passive STS endpoint; absent: Latvija.lv sign-in is unavailable. */
  vpmUrl?: string;
  /** Our realm (wtrealm) at the VPM, as assigned at onboarding. */
  vpmRealm?: string;
  /** The assertion issuer we accept from the VPM. */
  vpmIssuer: string;
  /** PEM file with the VPM's signing certificate(s), pinned. */
  vpmSigningCertificates?: string;
  /** Clock skew tolerated on the VPM assertion's validity window, in seconds. */
  vpmClockSkewSeconds: number;
  /** The token we ask the VPM for: saml11 (its default) or saml20. */
  vpmTokenType: "saml11" | "saml20";
  /** JSON file listing the eIDAS nodes (country → URL, signing certificates, names); absent: eIDAS unavailable. */
  eidasNodes?: string;
  /** PEM file with our eIDAS SAML signing key and certificate. */
  eidasSpSigningKey?: string;
  /** PEM file with our eIDAS SAML decryption key and certificate (published in our metadata). */
  eidasSpEncryptionKey?: string;
  /** Clock skew tolerated on eIDAS responses' validity windows, in seconds. */
  eidasClockSkewSeconds: number;
  /** PEM file of the issuing CAs trusted for eID card authentication certificates (Web eID). */
  eidCardTrustedCas?: string;
  /** Certificate policy OIDs of eID card authentication certificates (level "high"). */
  eidCardHighPolicies?: string[];
}

/** The testbed's eParaksts stand-in knows the platform by these (development only; testbed is refused in production). */
export const TESTBED_EPARAKSTS_CLIENT_ID = "tilts-platform";
export const TESTBED_EPARAKSTS_CLIENT_SECRET = "testbed-eparaksts-secret";

/** The testbed's eID CA policy (packages/testbed pki/oids.ts OID_TESTBED_POLICY_EID, under the ITU-T example arc). */
export const TESTBED_EID_CARD_POLICY = "2.999.1597.1.1";

/** Checks across the keys, after all are read. */
export function checkIdentityConfig(config: CoreConfig & IdentityConfig): void {
  if (
    config.environment === "production" &&
    config.eparakstsClientSecret === TESTBED_EPARAKSTS_CLIENT_SECRET
  ) {
    throw new ConfigError("EPARAKSTS_CLIENT_SECRET", "the testbed's secret must not be used in production");
  }
  // Latvija.lv needs all three from the onboarding; one without the others is a mistake, not "off".
  if (config.vpmUrl && (!config.vpmRealm || !config.vpmSigningCertificates)) {
    throw new ConfigError(
      config.vpmRealm ? "VPM_SIGNING_CERTIFICATES" : "VPM_REALM",
      "VPM_URL is set: VPM_REALM and VPM_SIGNING_CERTIFICATES are needed too",
    );
  }
}

export const identityConfigKeys: ConfigFragment<IdentityConfig, CoreConfig> = {
  eparakstsUrl: {
    env: "EPARAKSTS_URL",
    description:
      "LVRTC eParaksts identity service base URL (production https://eidas.eparaksts.lv); with the testbed, its stand-in",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/eparaksts` : undefined),
    production: "https-address",
  },
  eparakstsClientId: {
    env: "EPARAKSTS_CLIENT_ID",
    description: "our client id at LVRTC's eParaksts identity service",
    parse: text,
    default: (c) => (c.testbed ? TESTBED_EPARAKSTS_CLIENT_ID : undefined),
  },
  eparakstsClientSecret: {
    env: "EPARAKSTS_CLIENT_SECRET",
    description: "our client secret at LVRTC's eParaksts identity service",
    parse: text,
    default: (c) => (c.testbed ? TESTBED_EPARAKSTS_CLIENT_SECRET : undefined),
    production: "secret",
  },
  vpmUrl: {
    env: "VPM_URL",
    description:
      "Latvija.lv login module (VPM) passive STS URL (WS-Federation; from the onboarding); with the testbed, its stand-in",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/vpm/sts` : undefined),
    production: "https-address",
  },
  vpmRealm: {
    env: "VPM_REALM",
    description: "our realm (wtrealm) at the VPM, as assigned at onboarding; with the testbed, PUBLIC_URL",
    parse: text,
    default: (c) => (c.testbed ? c.publicUrl : undefined),
  },
  vpmIssuer: {
    env: "VPM_ISSUER",
    description: "the VPM assertion issuer accepted",
    parse: text,
    default: () => "http://www.latvija.lv/sts",
  },
  vpmSigningCertificates: {
    env: "VPM_SIGNING_CERTIFICATES",
    description:
      "PEM file with the VPM's signing certificate(s), pinned; with the testbed, its stand-in's (created in DATA_DIR)",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "vpm", "signing-certificate.pem") : undefined,
  },
  vpmClockSkewSeconds: {
    env: "VPM_CLOCK_SKEW_SECONDS",
    description: "clock skew tolerated on VPM assertions' NotBefore/NotOnOrAfter, in seconds",
    parse: integer(0, 600),
    default: () => 120,
  },
  vpmTokenType: {
    env: "VPM_TOKEN_TYPE",
    description: "the token asked of the VPM: saml11 (its default) or saml20 (asked with wreq)",
    parse: oneOf("saml11", "saml20"),
    default: () => "saml11",
  },
  eidasNodes: {
    env: "EIDAS_NODES",
    description:
      "JSON file of eIDAS nodes: [{country, name:{lv,en}, url, certificates (PEM), entityId?}]; with the testbed, its foreign-node stand-ins (created in DATA_DIR)",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "eidas", "nodes.json") : undefined,
  },
  eidasSpSigningKey: {
    env: "EIDAS_SP_SIGNING_KEY",
    description:
      "PEM file with our eIDAS SAML signing key (PKCS#8 RSA) and certificate; with the testbed, generated in DATA_DIR",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "eidas", "connector-signing.pem") : undefined,
  },
  eidasSpEncryptionKey: {
    env: "EIDAS_SP_ENCRYPTION_KEY",
    description:
      "PEM file with our eIDAS decryption key (PKCS#8 RSA) and certificate; with the testbed, generated in DATA_DIR",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "eidas", "connector-encryption.pem") : undefined,
  },
  eidasClockSkewSeconds: {
    env: "EIDAS_CLOCK_SKEW_SECONDS",
    description:
      "clock skew tolerated on eIDAS responses' IssueInstant, NotBefore and NotOnOrAfter, in seconds",
    parse: integer(0, 600),
    default: () => 60,
  },
  eidCardTrustedCas: {
    env: "EID_CARD_TRUSTED_CAS",
    description:
      "PEM file with the issuing CAs trusted for eID card sign-in (LV eID ICAs); with the testbed, its test eID CA",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "pki", "ca", "eid.crt.pem") : undefined,
  },
  eidCardHighPolicies: {
    env: "EID_CARD_HIGH_POLICIES",
    description:
      "comma-separated certificate policy OIDs of eID card authentication certificates (level high); with the testbed, its eID policy",
    parse: (v, k) => {
      const oids = text(v, k)
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean);
      if (oids.length === 0 || oids.some((o) => !/^[0-2](\.\d{1,9}){1,20}$/.test(o)))
        throw new ConfigError(k, "expected comma-separated object identifiers such as 1.3.6.1.4.1.32061.1");
      return oids;
    },
    default: (c) => (c.testbed ? [TESTBED_EID_CARD_POLICY] : undefined),
  },
};
