/** The AS4 access point's configuration keys (OOTS-10): the P-Mode, our key, partners' certificates. */
import { resolve } from "node:path";
import type { CoreConfig } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { type ConfigFragment, integer, oneOf, text } from "../core/module/index.ts";

export interface DeliveryConfig {
  /** Domibus P-Mode XML of our AS4 access point (OOTS-10); absent: the AS4 endpoint is off. */
  as4PmodeFile?: string;
  /** Our party name in the P-Mode; absent: the file's `party` attribute. */
  as4Party?: string;
  /** PEM file with our AS4 private key (PKCS#8) and certificate: signs, and decrypts what is sent to us. */
  as4Key?: string;
  /** Folder of `<party name>.pem` certificate files of our partners (Domibus keeps them in a truststore). */
  as4PartyCertificates?: string;
  /** PEM file of the CAs partners' AS4 certificates must chain to. */
  as4TrustAnchors?: string;
  /** Revocation checking of partners' certificates: require, if-available or off. */
  as4Revocation: "require" | "if-available" | "off";
  /** The path of the AS4 endpoint. */
  as4Path: string;
  /** Largest AS4 message accepted, in bytes. */
  as4MaxMessageBytes: number;
}

/** A P-Mode without our key and partners' certificates could not sign or check anything. */
export function checkDeliveryConfig(config: CoreConfig & DeliveryConfig): void {
  if (!config.as4PmodeFile) return;
  for (const key of ["as4Key", "as4PartyCertificates", "as4TrustAnchors"] as const)
    if (!config[key])
      throw new ConfigError(deliveryConfigKeys[key].env, "AS4_PMODE_FILE is set: this is needed too");
}

export const deliveryConfigKeys: ConfigFragment<DeliveryConfig, CoreConfig> = {
  as4PmodeFile: {
    env: "AS4_PMODE_FILE",
    description:
      "Domibus P-Mode XML file of our AS4 access point (OOTS-10: parties, processes, legs); unset: no AS4 endpoint and no AS4 sending",
    parse: (v, k) => resolve(text(v, k)),
  },
  as4Party: {
    env: "AS4_PARTY",
    description: "our party name in the AS4 P-Mode file; unset: the file's party attribute",
    parse: text,
  },
  as4Key: {
    env: "AS4_KEY",
    description:
      "PEM file with our AS4 private key (PKCS#8) and its certificate: signs our messages and receipts, decrypts what partners send",
    parse: (v, k) => resolve(text(v, k)),
  },
  as4PartyCertificates: {
    env: "AS4_PARTY_CERTIFICATES",
    description:
      "folder of partners' AS4 certificates, one <party name>.pem per P-Mode party (what Domibus keeps in its truststore)",
    parse: (v, k) => resolve(text(v, k)),
  },
  as4TrustAnchors: {
    env: "AS4_TRUST_ANCHORS",
    description:
      "PEM file of the CAs partners' AS4 certificates must chain to (with their intermediates, if any)",
    parse: (v, k) => resolve(text(v, k)),
  },
  as4Revocation: {
    env: "AS4_REVOCATION",
    description:
      "revocation checking of partners' AS4 certificates (CRLs from their distribution points): require, if-available or off",
    parse: oneOf("require", "if-available", "off"),
    default: () => "require",
  },
  as4Path: {
    env: "AS4_PATH",
    description: "the path of the AS4 endpoint partners post to",
    parse: (v, k) => {
      const path = text(v, k);
      if (!/^\/[A-Za-z0-9/_.-]{0,200}$/.test(path)) throw new ConfigError(k, "expected a path such as /as4");
      return path;
    },
    default: () => "/as4",
  },
  as4MaxMessageBytes: {
    env: "AS4_MAX_MESSAGE_BYTES",
    description: "largest AS4 message accepted, in bytes (MIME envelope and payloads together)",
    parse: integer(1024, 1024 * 1024 * 1024),
    default: () => 64 * 1024 * 1024,
  },
};
