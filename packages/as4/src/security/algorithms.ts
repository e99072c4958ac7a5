/**
 * The algorithm suite of the eDelivery AS4 1.15 common profile (and the ECDSA variant of the
 * AS4 2.0 EC profile): what we produce and the only values we accept on reception
 * (anything else is EBMS:0103 PolicyNoncompliance).
 */
import { DIGEST_SHA256, EXC_C14N, SIG_ECDSA_SHA256, SIG_RSA_SHA256 } from "@tilts/trust";
import { SWA_CONTENT_SIGNATURE_TRANSFORM } from "../namespaces.ts";

export const SIGNATURE_ALGORITHMS = {
  "rsa-sha256": SIG_RSA_SHA256,
  "ecdsa-sha256": SIG_ECDSA_SHA256,
} as const;
export type SignatureAlgorithmName = keyof typeof SIGNATURE_ALGORITHMS;
export const ACCEPTED_SIGNATURE_METHODS: readonly string[] = Object.values(SIGNATURE_ALGORITHMS);
export const DIGEST = DIGEST_SHA256;
export const C14N = EXC_C14N;

/** WS-Security SwA 1.1 §5.2: the transform's output is the attachment content (after any
 *  Content-Transfer-Encoding is removed, which the MIME parser already did) — identity here. */
export const SWA_TRANSFORMS: ReadonlyMap<string, (b: Uint8Array) => Uint8Array> = new Map([
  [SWA_CONTENT_SIGNATURE_TRANSFORM, (b: Uint8Array) => b],
]);

export const WSU_ID_ATTRIBUTE = {
  namespace: "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
  localName: "Id",
};
