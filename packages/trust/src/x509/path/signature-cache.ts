/**
 * A bounded memo of signature checks — "the signature over these signed bytes verifies (or
 * not) under this key" — that several path validations may share: an eDoc's signer and its
 * TSA usually hang under the same CA, so the CA certificate's and its CRL's signatures would
 * otherwise be verified once per path (a P-384 verification costs ~0.6 ms).
 *
 * Keys name exact bytes, never a name or serial: a certificate by the SHA-256 of its DER, a
 * CRL by its parse (parses are reused only after a full byte comparison), the verifying key by
 * the SHA-256 of its certificate's DER (plus inherited DSA parameters, see nextWorkingKey), and
 * the SHA-1 policy the result was computed under.
 */
import type { SignatureCheck } from "../crypto-verify.ts";

/** Entries kept; a validation needs a few dozen, a long-lived shared cache stays small. */
export const SIGNATURE_CACHE_LIMIT = 1024;

export class SignatureCheckCache {
  readonly #entries = new Map<string, SignatureCheck>();
  readonly #limit: number;

  constructor(limit = SIGNATURE_CACHE_LIMIT) {
    this.#limit = Math.max(1, limit);
  }

  get(key: string): SignatureCheck | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: SignatureCheck): void {
    // Oldest first out: insertion order is the Map's iteration order.
    if (!this.#entries.has(key) && this.#entries.size >= this.#limit)
      this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
  }

  get size(): number {
    return this.#entries.size;
  }
}
