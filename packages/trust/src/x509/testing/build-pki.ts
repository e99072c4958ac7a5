/**
 * Builds certificates and CRLs for tests and benchmarks with the DER writer and node:crypto:
 * any key type node supports (RSA, RSA-PSS, EC P-256/384/521, Ed25519, DSA). Not for production
 * issuance (the testbed PKI does that); kept small and explicit so tests can shape every field.
 */
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import * as D from "../der/writer.ts";
import * as O from "../oids.ts";

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export type KeySpec = "rsa2048" | "rsa-pss" | "p256" | "p384" | "p521" | "ed25519" | "dsa";

export function generateKey(spec: KeySpec): KeyPair {
  switch (spec) {
    case "rsa2048":
      return generateKeyPairSync("rsa", { modulusLength: 2048 });
    case "rsa-pss":
      return generateKeyPairSync("rsa-pss", { modulusLength: 2048 });
    case "p256":
      return generateKeyPairSync("ec", { namedCurve: "P-256" });
    case "p384":
      return generateKeyPairSync("ec", { namedCurve: "P-384" });
    case "p521":
      return generateKeyPairSync("ec", { namedCurve: "P-521" });
    case "ed25519":
      return generateKeyPairSync("ed25519");
    case "dsa":
      return generateKeyPairSync("dsa", { modulusLength: 2048, divisorLength: 256 });
  }
}

const HASH_OIDS: Record<string, string> = {
  sha256: O.OID_SHA256,
  sha384: O.OID_SHA384,
  sha512: O.OID_SHA512,
};

/** The AlgorithmIdentifier DER and a signing function for a private key. */
export function signerFor(
  key: KeyObject,
  pss = false,
  rsaHash: "sha256" | "sha1" | "md5" = "sha256",
): { algorithm: Uint8Array; sign: (data: Uint8Array) => Uint8Array } {
  const type = key.asymmetricKeyType;
  if (type === "ed25519") return { algorithm: D.seq(D.oid(O.OID_ED25519)), sign: (d) => sign(null, d, key) };
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const hash = curve === "secp384r1" ? "sha384" : curve === "secp521r1" ? "sha512" : "sha256";
    const alg = {
      sha256: O.OID_ECDSA_WITH_SHA256,
      sha384: O.OID_ECDSA_WITH_SHA384,
      sha512: O.OID_ECDSA_WITH_SHA512,
    }[hash];
    return { algorithm: D.seq(D.oid(alg)), sign: (d) => sign(hash, d, key) };
  }
  if (type === "dsa")
    return { algorithm: D.seq(D.oid(O.OID_DSA_WITH_SHA256)), sign: (d) => sign("sha256", d, key) };
  if (type === "rsa-pss" || pss) {
    const hashAlg = D.seq(D.oid(HASH_OIDS.sha256!), D.nullValue());
    const params = D.seq(
      D.explicit(0, hashAlg),
      D.explicit(1, D.seq(D.oid(O.OID_MGF1), hashAlg)),
      D.explicit(2, D.int(32)),
    );
    return {
      algorithm: D.seq(D.oid(O.OID_RSASSA_PSS), params),
      sign: (d) => sign("sha256", d, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }),
    };
  }
  const rsaOid = { sha256: O.OID_SHA256_WITH_RSA, sha1: O.OID_SHA1_WITH_RSA, md5: O.OID_MD5_WITH_RSA }[
    rsaHash
  ];
  return { algorithm: D.seq(D.oid(rsaOid), D.nullValue()), sign: (d) => sign(rsaHash, d, key) };
}

export interface CertificateSpec {
  /** A number, or the INTEGER's content octets as they are (negative, over-long: strict-profile tests). */
  serial: number | bigint | Uint8Array;
  subject: [string, string][];
  issuer: [string, string][];
  publicKey: KeyObject;
  issuerKey: KeyObject;
  notBefore?: Date;
  notAfter?: Date;
  /** DER Extension values (use `ext.*` below). */
  extensions?: Uint8Array[];
  pss?: boolean;
  /** RSA signature hash other than SHA-256 (tests of weak algorithms). */
  rsaHash?: "sha1" | "md5";
  /** DER Time values replacing notBefore/notAfter (e.g. GeneralizedTime with fractional seconds). */
  validityTimes?: [Uint8Array, Uint8Array];
  /** The subject and authority key identifiers added by default: false leaves one out. */
  keyIdentifiers?: { subject?: boolean | "critical"; authority?: boolean | "critical" };
}

function keyId(publicKey: KeyObject): Uint8Array {
  return createHash("sha1")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest();
}

export function buildCertificate(spec: CertificateSpec): Uint8Array {
  const signer = signerFor(spec.issuerKey, spec.pss, spec.rsaHash);
  const spki = new Uint8Array(spec.publicKey.export({ type: "spki", format: "der" }));
  const ski = spec.keyIdentifiers?.subject ?? true;
  const aki = spec.keyIdentifiers?.authority ?? true;
  const exts = [
    ...(ski
      ? [D.extension(O.OID_SUBJECT_KEY_IDENTIFIER, D.octets(keyId(spec.publicKey)), ski === "critical")]
      : []),
    ...(aki
      ? [
          D.extension(
            O.OID_AUTHORITY_KEY_IDENTIFIER,
            D.seq(D.implicit(0, keyId(createPublicKey(spec.issuerKey)))),
            aki === "critical",
          ),
        ]
      : []),
    ...(spec.extensions ?? []),
  ];
  const serial = spec.serial instanceof Uint8Array ? D.tlv(0x02, spec.serial) : D.int(spec.serial);
  const tbs = D.seq(
    D.explicit(0, D.int(2)),
    serial,
    signer.algorithm,
    D.name(spec.issuer),
    D.seq(
      ...(spec.validityTimes ?? [
        D.time(spec.notBefore ?? new Date("2020-01-01T00:00:00Z")),
        D.time(spec.notAfter ?? new Date("2040-01-01T00:00:00Z")),
      ]),
    ),
    D.name(spec.subject),
    spki,
    D.explicit(3, D.seq(...exts)),
  );
  return D.seq(tbs, signer.algorithm, D.bitString(signer.sign(tbs)));
}

/** Common extensions. */
export const ext = {
  ca: (pathLen?: number) =>
    D.extension(
      O.OID_BASIC_CONSTRAINTS,
      D.seq(D.bool(true), ...(pathLen !== undefined ? [D.int(pathLen)] : [])),
      true,
    ),
  keyUsage: (bits: number[]) => D.extension(O.OID_KEY_USAGE, D.namedBits(bits), true),
  extKeyUsage: (oids: string[]) => D.extension(O.OID_EXT_KEY_USAGE, D.seq(...oids.map(D.oid))),
  crlDistributionPoint: (uri: string) =>
    D.extension(
      O.OID_CRL_DISTRIBUTION_POINTS,
      D.seq(D.seq(D.explicit(0, D.explicit(0, D.implicit(6, Buffer.from(uri)))))),
    ),
  ocspUrl: (uri: string) =>
    D.extension(
      O.OID_AUTHORITY_INFO_ACCESS,
      D.seq(D.seq(D.oid(O.OID_AD_OCSP), D.implicit(6, Buffer.from(uri)))),
    ),
  /** Name constraints from DER GeneralName values (e.g. D.implicit(2, dns), D.implicit(7, ip+mask)). */
  nameConstraints: (permitted: Uint8Array[], excluded: Uint8Array[] = []) =>
    D.extension(
      O.OID_NAME_CONSTRAINTS,
      D.seq(
        ...(permitted.length ? [D.tlv(0xa0, ...permitted.map((g) => D.seq(g)))] : []),
        ...(excluded.length ? [D.tlv(0xa1, ...excluded.map((g) => D.seq(g)))] : []),
      ),
      true,
    ),
  subjectAltNames: (names: Uint8Array[]) => D.extension(O.OID_SUBJECT_ALT_NAME, D.seq(...names)),
  dnsNames: (names: string[]) =>
    D.extension(O.OID_SUBJECT_ALT_NAME, D.seq(...names.map((n) => D.implicit(2, Buffer.from(n))))),
  policies: (oids: string[]) =>
    D.extension(O.OID_CERTIFICATE_POLICIES, D.seq(...oids.map((p) => D.seq(D.oid(p))))),
  raw: (id: string, value: Uint8Array, critical = false) => D.extension(id, value, critical),
};

export interface CrlSpec {
  issuer: [string, string][];
  issuerKey: KeyObject;
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** null leaves the cRLNumber out (strict-profile tests). */
  crlNumber?: number | null;
  crlNumberCritical?: boolean;
  /** Entries: serial and revocation time; reason as CRLReason code. */
  revoked?: { serial: number | bigint; time?: Date; reason?: number }[];
}

export function buildCrl(spec: CrlSpec): Uint8Array {
  const signer = signerFor(spec.issuerKey);
  const entries = (spec.revoked ?? []).map((e) =>
    D.seq(
      D.int(e.serial),
      D.time(e.time ?? new Date("2021-01-01T00:00:00Z")),
      ...(e.reason !== undefined ? [D.seq(D.extension(O.OID_CRL_REASON, D.enumerated(e.reason)))] : []),
    ),
  );
  const tbs = D.seq(
    D.int(1),
    signer.algorithm,
    D.name(spec.issuer),
    D.time(spec.thisUpdate ?? new Date("2021-01-01T00:00:00Z")),
    D.time(spec.nextUpdate ?? new Date("2039-01-01T00:00:00Z")),
    ...(entries.length > 0 ? [D.seq(...entries)] : []),
    ...(spec.crlNumber === null
      ? []
      : [
          D.explicit(
            0,
            D.seq(D.extension(O.OID_CRL_NUMBER, D.int(spec.crlNumber ?? 1), spec.crlNumberCritical ?? false)),
          ),
        ]),
  );
  return D.seq(tbs, signer.algorithm, D.bitString(signer.sign(tbs)));
}
