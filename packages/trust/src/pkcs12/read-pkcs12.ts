/**
 * Reading PKCS#12 (RFC 7292) key stores — the signer's key and certificate for `tilts sign`.
 * Parsed with pkijs (ASN.1 and PBES2/PKCS#12-KDF decryption); the MAC is checked before any
 * bag is trusted (RFC 7292 §5.1 integrity mode). The end-entity certificate is the one whose
 * public key matches the private key; the other certificates are returned as the chain.
 * Limits: 1 MiB input, 64 bags.
 */
import { createPrivateKey, createPublicKey, type KeyObject, webcrypto, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { MalformedInputError, TrustError } from "../errors.ts";

const OID_PKCS8_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";
const OID_KEY_BAG = "1.2.840.113549.1.12.10.1.1";
const OID_CERT_BAG = "1.2.840.113549.1.12.10.1.3";
const OID_X509_CERTIFICATE = "1.2.840.113549.1.9.22.1";

export const MAX_PKCS12_BYTES = 1024 * 1024;
const MAX_BAGS = 64;

const engine = new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto });

export class Pkcs12Error extends TrustError {
  override name = "Pkcs12Error";
}

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** DER end-entity certificate (its key pairs with privateKey). */
  certificate: Uint8Array;
  /** DER other certificates of the store (CA chain). */
  chain: Uint8Array[];
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

export async function readPkcs12(der: Uint8Array, password: string): Promise<Pkcs12Contents> {
  if (der.length > MAX_PKCS12_BYTES) throw new MalformedInputError("PKCS#12: larger than 1 MiB");
  const pw = toArrayBuffer(new Uint8Array(Buffer.from(password, "utf8")));
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(der));
  } catch (cause) {
    throw new MalformedInputError("PKCS#12: not a PFX structure", { cause });
  }
  try {
    await pfx.parseInternalValues({ password: pw, checkIntegrity: true }, engine);
  } catch (cause) {
    throw new Pkcs12Error(
      "pkcs12-bad-password",
      "PKCS#12: wrong password or damaged file (MAC check failed)",
      { cause },
    );
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new MalformedInputError("PKCS#12: no AuthenticatedSafe");
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw })) }, engine);
  } catch (cause) {
    throw new Pkcs12Error("pkcs12-bad-password", "PKCS#12: cannot decrypt the contents", { cause });
  }
  const keys: KeyObject[] = [];
  const certs: Uint8Array[] = [];
  let bags = 0;
  for (const content of safe.parsedValue?.safeContents ?? []) {
    for (const bag of content.value.safeBags) {
      if (++bags > MAX_BAGS) throw new MalformedInputError("PKCS#12: too many bags");
      if (bag.bagId === OID_PKCS8_SHROUDED_KEY_BAG) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        // pkijs declares the decryption step protected; it is the documented way to decrypt.
        const decryptable = shrouded as unknown as {
          parseInternalValues(p: { password: ArrayBuffer }, c: pkijs.ICryptoEngine): Promise<void>;
        };
        await decryptable.parseInternalValues({ password: pw }, engine);
        const info = shrouded.parsedValue;
        if (info)
          keys.push(
            createPrivateKey({
              key: Buffer.from(info.toSchema().toBER(false)),
              format: "der",
              type: "pkcs8",
            }),
          );
      } else if (bag.bagId === OID_KEY_BAG) {
        const info = bag.bagValue as pkijs.PrivateKeyInfo;
        keys.push(
          createPrivateKey({ key: Buffer.from(info.toSchema().toBER(false)), format: "der", type: "pkcs8" }),
        );
      } else if (bag.bagId === OID_CERT_BAG) {
        const certBag = bag.bagValue as pkijs.CertBag;
        if (certBag.certId !== OID_X509_CERTIFICATE) continue;
        const value = certBag.certValue as asn1js.OctetString;
        certs.push(new Uint8Array(value.valueBlock.valueHexView));
      }
    }
  }
  const privateKey = keys[0];
  if (!privateKey) throw new Pkcs12Error("pkcs12-no-key", "PKCS#12: no private key");
  const publicDer = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  const certificate = certs.find((c) => {
    try {
      return Buffer.from(new X509Certificate(c).publicKey.export({ type: "spki", format: "der" })).equals(
        publicDer,
      );
    } catch {
      return false;
    }
  });
  if (!certificate)
    throw new Pkcs12Error("pkcs12-no-certificate", "PKCS#12: no certificate for the private key");
  return { privateKey, certificate, chain: certs.filter((c) => c !== certificate) };
}
