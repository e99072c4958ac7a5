/**
 * Keys held in a PKCS#11 token (an HSM; SoftHSM2 in tests) instead of files (CON-13): the key is
 * generated in the token — sensitive, not extractable — and every signature is made by the
 * token. Configured with PKCS11_MODULE (the vendor's library), PKCS11_TOKEN_LABEL and PKCS11_PIN.
 * Keys are ECDSA P-256 (CKM_ECDSA over a SHA-256 digest, the mechanism every token offers); the
 * token's raw r‖s is returned DER-encoded, as node:crypto's verify expects.
 *
 * The `pkcs11js` addon is an optional dependency, loaded only when a token is configured.
 */
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { createRequire } from "node:module";
import type * as Pkcs11Js from "pkcs11js";
import { KeyEncryptionError } from "./key-encryption.ts";
import type { KeySigner } from "./key-signer.ts";

export interface Pkcs11Settings {
  /** Path of the token's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  tokenLabel: string;
  pin: string;
}

export interface Pkcs11Token {
  /** The signer of the key labelled `keyLabel`, generated in the token when it has none. */
  signer(keyLabel: string): KeySigner;
  close(): void;
}

export class Pkcs11Error extends KeyEncryptionError {
  override name = "Pkcs11Error";
}

/** DER of the named curve P-256 (1.2.840.10045.3.1.7) and of id-ecPublicKey (1.2.840.10045.2.1). */
const P256_OID = Buffer.from("06082a8648ce3d030107", "hex");
const EC_PUBLIC_KEY_OID = Buffer.from("06072a8648ce3d0201", "hex");
const CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
const CKR_USER_ALREADY_LOGGED_IN = 0x100;

function loadAddon(): typeof Pkcs11Js {
  try {
    return createRequire(import.meta.url)("pkcs11js") as typeof Pkcs11Js;
  } catch (error) {
    throw new Pkcs11Error(
      "PKCS11_MODULE is set but the pkcs11js addon is not installed (npm install pkcs11js)",
      {
        cause: error,
      },
    );
  }
}

export function openPkcs11Token(settings: Pkcs11Settings): Pkcs11Token {
  const pkcs11js = loadAddon();
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(settings.module);
  } catch (error) {
    throw new Pkcs11Error(`the PKCS#11 module ${settings.module} cannot be loaded`, { cause: error });
  }
  try {
    lib.C_Initialize();
  } catch (error) {
    if ((error as { code?: number }).code !== CKR_CRYPTOKI_ALREADY_INITIALIZED) throw error;
  }
  const slot = lib
    .C_GetSlotList(true)
    .find((s) => lib.C_GetTokenInfo(s).label.trim() === settings.tokenLabel);
  if (!slot) {
    lib.C_Finalize();
    throw new Pkcs11Error(`no PKCS#11 token labelled "${settings.tokenLabel}" in ${settings.module}`);
  }
  const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    lib.C_Login(session, pkcs11js.CKU_USER, settings.pin);
  } catch (error) {
    // Login is per application and token: a second session of this process is already in.
    if ((error as { code?: number }).code === CKR_USER_ALREADY_LOGGED_IN)
      return tokenFor(lib, pkcs11js, session);
    lib.C_CloseSession(session);
    lib.C_Finalize();
    throw new Pkcs11Error(`the PKCS#11 token "${settings.tokenLabel}" refused the PIN`, { cause: error });
  }
  return tokenFor(lib, pkcs11js, session);
}

/** The key operations of a logged-in session. */
function tokenFor(lib: Pkcs11Js.PKCS11, pkcs11js: typeof Pkcs11Js, session: Buffer): Pkcs11Token {
  const find = (keyClass: number, label: string): Buffer | undefined => {
    lib.C_FindObjectsInit(session, [
      { type: pkcs11js.CKA_CLASS, value: keyClass },
      { type: pkcs11js.CKA_LABEL, value: label },
    ]);
    const handle = lib.C_FindObjects(session);
    lib.C_FindObjectsFinal(session);
    return handle ?? undefined;
  };

  const generate = (label: string): void => {
    lib.C_GenerateKeyPair(
      session,
      { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_EC_PARAMS, value: P256_OID },
        { type: pkcs11js.CKA_VERIFY, value: true },
      ],
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_SIGN, value: true },
      ],
    );
  };

  const publicKeyOf = (handle: Buffer): KeyObject => {
    const [attribute] = lib.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_EC_POINT }]);
    const point = unwrapOctetString(attribute!.value as Buffer);
    const algorithm = derSequence(Buffer.concat([EC_PUBLIC_KEY_OID, P256_OID]));
    const spki = derSequence(Buffer.concat([algorithm, derTlv(0x03, Buffer.concat([Buffer.of(0), point]))]));
    return createPublicKey({ key: spki, format: "der", type: "spki" });
  };

  return {
    signer(keyLabel) {
      if (!find(pkcs11js.CKO_PRIVATE_KEY, keyLabel)) generate(keyLabel);
      const privateHandle = find(pkcs11js.CKO_PRIVATE_KEY, keyLabel);
      const publicHandle = find(pkcs11js.CKO_PUBLIC_KEY, keyLabel);
      if (!privateHandle || !publicHandle)
        throw new Pkcs11Error(`the PKCS#11 token holds no complete key pair labelled "${keyLabel}"`);
      const publicKey = publicKeyOf(publicHandle);
      if (publicKey.asymmetricKeyDetails?.namedCurve !== "prime256v1")
        throw new Pkcs11Error(`the PKCS#11 key "${keyLabel}" is not ECDSA P-256`);
      return {
        publicKey,
        sign(data) {
          const digest = createHash("sha256").update(data).digest();
          lib.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, privateHandle);
          const raw = lib.C_Sign(session, digest, Buffer.alloc(64));
          return rawEcdsaToDer(raw);
        },
      };
    },
    close() {
      lib.C_Logout(session);
      lib.C_CloseSession(session);
      lib.C_Finalize();
    },
  };
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derTlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.of(tag), derLength(value.length), value]);
}

function derSequence(content: Buffer): Buffer {
  return derTlv(0x30, content);
}

/** CKA_EC_POINT is the DER OCTET STRING around the uncompressed point (X9.62); some tokens give the point bare. */
function unwrapOctetString(value: Buffer): Buffer {
  if (value[0] === 0x04 && value.length === 65) return value;
  if (value[0] !== 0x04) throw new Pkcs11Error("the token's EC point is not an OCTET STRING");
  const long = (value[1]! & 0x80) !== 0;
  const offset = long ? 2 + (value[1]! & 0x7f) : 2;
  return value.subarray(offset);
}

/** r‖s (PKCS#11 CKM_ECDSA) as the DER SEQUENCE { INTEGER r, INTEGER s } node:crypto verifies. */
export function rawEcdsaToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const integer = (bytes: Buffer): Buffer => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    let value = bytes.subarray(start);
    if (value[0]! & 0x80) value = Buffer.concat([Buffer.of(0), value]);
    return derTlv(0x02, value);
  };
  return derSequence(Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]));
}
