/**
 * What a caller needs of a private key: its public half and a signature over some bytes. A key in
 * a file (decrypted into memory) and a key held in a PKCS#11 token both give one, so the audit
 * checkpoints do not care where the key lives.
 */
import { createPublicKey, type KeyObject, sign } from "node:crypto";

export interface KeySigner {
  readonly publicKey: KeyObject;
  /** The signature node:crypto's verify accepts for publicKey (DER for ECDSA). */
  sign(data: Uint8Array): Buffer;
}

/** The digest node:crypto's sign/verify take for this key: none for Ed25519 (it hashes itself). */
export function digestFor(key: KeyObject): string | null {
  if (key.asymmetricKeyType === "ed25519") return null;
  return key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? "sha384" : "sha256";
}

export function softwareSigner(privateKey: KeyObject): KeySigner {
  const publicKey = createPublicKey(privateKey);
  const digest = digestFor(publicKey);
  return { publicKey, sign: (data) => sign(digest, data, privateKey) };
}
