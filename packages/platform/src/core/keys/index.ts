/**
 * Private keys at rest (CON-13: technical information whose disclosure would harm security): encrypted PKCS#8 under the platform's key-encryption
 * secret, clear files from older data folders migrated on start, and the KeySigner interface
 * callers sign through without caring where the key lives.
 */
export {
  CLEAR_PEM_LABEL,
  ENCRYPTED_PEM_LABEL,
  isClearPkcs8Pem,
  isEncryptedPem,
  KeyEncryption,
  KeyEncryptionError,
  MIN_KEY_ENCRYPTION_SECRET_LENGTH,
} from "./key-encryption.ts";
export { type KeyEncryptionSource, keyEncryptionFrom } from "./key-encryption-source.ts";
export { digestFor, type KeySigner, softwareSigner } from "./key-signer.ts";
export {
  encryptKeyFileInPlace,
  type OperatorKeyOptions,
  operatorPrivateKey,
} from "./operator-key-file.ts";
export {
  openPkcs11Token,
  Pkcs11Error,
  type Pkcs11Settings,
  type Pkcs11Token,
  rawEcdsaToDer,
} from "./pkcs11-token.ts";
export {
  type ReadKeyFile,
  readKeyPem,
  readProtectedKeyFile,
  writeNewProtectedKeyFile,
} from "./protected-key-file.ts";
