/**
 * The access point's identity and trust, as one value the endpoint and the sender share: the
 * P-Mode configuration (ours is `self`), our signing/decryption key and certificate, the
 * trust anchors of partners' certificates, the clock.
 */
import type { KeyObject } from "node:crypto";
import type { CertificateTrust, PModeConfiguration } from "@tilts/as4";

export interface AccessPoint {
  pmode: PModeConfiguration;
  /** One key signs our messages and receipts and decrypts what is sent to us (AS4 common profile). */
  key: KeyObject;
  certificate: Uint8Array;
  trust: CertificateTrust;
  now: () => Date;
}
