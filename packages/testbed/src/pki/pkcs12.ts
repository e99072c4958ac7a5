/**
 * PKCS#12 (RFC 7292) files for developers' test credentials (DEV-1), built with pkijs so no
 * external binary is needed: the private key in a PKCS8ShroudedKeyBag (PBES2: PBKDF2-SHA-256 +
 * AES-256-CBC), the certificate and its chain in a password-encrypted SafeContents, the whole
 * protected by an HMAC-SHA-256 MAC (PKCS#12 KDF, as OpenSSL 3 writes by default).
 * The key and its certificate share a localKeyId so tools pair them.
 */
import { createHash, type KeyObject, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const OID_PKCS8_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";
const OID_CERT_BAG = "1.2.840.113549.1.12.10.1.3";
const OID_X509_CERTIFICATE = "1.2.840.113549.1.9.22.1";
const OID_FRIENDLY_NAME = "1.2.840.113549.1.9.20";
const OID_LOCAL_KEY_ID = "1.2.840.113549.1.9.21";

/** OWASP 2023 PBKDF2-SHA-256 guidance is far higher; test credentials trade it for speed. */
const ITERATIONS = 10_000;

const engine = new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto });

export interface Pkcs12Input {
  certificate: Uint8Array;
  privateKey: KeyObject;
  /** CA certificates to include after the end-entity certificate. */
  chain?: Uint8Array[];
  password: string;
  friendlyName?: string;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

function certBag(der: Uint8Array, attributes?: pkijs.Attribute[]): pkijs.SafeBag {
  return new pkijs.SafeBag({
    bagId: OID_CERT_BAG,
    bagValue: new pkijs.CertBag({
      certId: OID_X509_CERTIFICATE,
      certValue: new asn1js.OctetString({ valueHex: toArrayBuffer(der) }),
      parsedValue: pkijs.Certificate.fromBER(toArrayBuffer(der)),
    }),
    bagAttributes: attributes,
  });
}

export async function buildPkcs12(input: Pkcs12Input): Promise<Uint8Array> {
  const password = toArrayBuffer(new Uint8Array(Buffer.from(input.password, "utf8")));
  const localKeyId = toArrayBuffer(new Uint8Array(createHash("sha1").update(input.certificate).digest()));
  const attributes = [
    new pkijs.Attribute({
      type: OID_LOCAL_KEY_ID,
      values: [new asn1js.OctetString({ valueHex: localKeyId })],
    }),
    ...(input.friendlyName
      ? [
          new pkijs.Attribute({
            type: OID_FRIENDLY_NAME,
            values: [new asn1js.BmpString({ value: input.friendlyName })],
          }),
        ]
      : []),
  ];
  const pkcs8 = toArrayBuffer(new Uint8Array(input.privateKey.export({ type: "pkcs8", format: "der" })));
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(pkcs8) });
  const encryption = {
    password,
    contentEncryptionAlgorithm: { name: "AES-CBC", length: 256 } as pkijs.ContentEncryptionAlgorithm,
    hmacHashAlgorithm: "SHA-256",
    iterationCount: ITERATIONS,
  };
  await keyBag.makeInternalValues(encryption, engine);

  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            {
              privacyMode: 0,
              value: new pkijs.SafeContents({
                safeBags: [
                  new pkijs.SafeBag({
                    bagId: OID_PKCS8_SHROUDED_KEY_BAG,
                    bagValue: keyBag,
                    bagAttributes: attributes,
                  }),
                ],
              }),
            },
            {
              privacyMode: 1,
              value: new pkijs.SafeContents({
                safeBags: [
                  certBag(input.certificate, attributes),
                  ...(input.chain ?? []).map((c) => certBag(c)),
                ],
              }),
            },
          ],
        },
      }),
    },
  });
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues({ safeContents: [{}, encryption] }, engine);
  await pfx.makeInternalValues(
    {
      password,
      iterations: ITERATIONS,
      pbkdf2HashAlgorithm: { name: "SHA-256" },
      hmacHashAlgorithm: "SHA-256",
    },
    engine,
  );
  return new Uint8Array(pfx.toSchema().toBER(false));
}
