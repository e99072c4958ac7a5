/**
 * Test-only: a tiny CA, a leaf and OCSP responder certificates generated on the fly with
 * @peculiar/x509 (WebCrypto keys, exported to node:crypto KeyObjects for signing responses).
 */
import "reflect-metadata";
import { KeyObject, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { OID_KP_OCSP_SIGNING, OID_PKIX_OCSP_NOCHECK } from "../oids.ts";

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

export interface TestIdentity {
  der: Uint8Array;
  key: KeyObject;
  keys: CryptoKeyPair;
  name: string;
}

const ec = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const rsa = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export async function keyPair(kind: "ec" | "rsa" = "ec"): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(kind === "ec" ? ec : rsa, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
}

const day = 24 * 60 * 60 * 1000;
let serial = 0x1000;

export async function makeCa(name: string, kind: "ec" | "rsa" = "ec"): Promise<TestIdentity> {
  const keys = await keyPair(kind);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16),
    name,
    notBefore: new Date(Date.now() - 30 * day),
    notAfter: new Date(Date.now() + 3650 * day),
    keys,
    signingAlgorithm: kind === "ec" ? ec : rsa,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { der: new Uint8Array(cert.rawData), key: KeyObject.from(keys.privateKey), keys, name };
}

export async function issue(
  issuer: TestIdentity,
  name: string,
  options: {
    ocspSigning?: boolean;
    noCheck?: boolean;
    notBefore?: Date;
    notAfter?: Date;
    ocspUrl?: string;
  } = {},
): Promise<TestIdentity> {
  const keys = await keyPair("ec");
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
  ];
  if (options.ocspSigning) extensions.push(new x509.ExtendedKeyUsageExtension([OID_KP_OCSP_SIGNING], false));
  if (options.noCheck)
    extensions.push(new x509.Extension(OID_PKIX_OCSP_NOCHECK, false, new Uint8Array([5, 0])));
  if (options.ocspUrl) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: [options.ocspUrl] }));
  const issuerCert = new x509.X509Certificate(issuer.der.slice());
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: `0${(serial++).toString(16)}ab`,
    subject: name,
    issuer: issuerCert.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - 10 * day),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * day),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: issuer.key.asymmetricKeyType === "ec" ? ec : rsa,
    extensions,
  });
  return { der: new Uint8Array(cert.rawData), key: KeyObject.from(keys.privateKey), keys, name };
}
