/** Digest algorithm OIDs ↔ node:crypto names, for CertID hashing (RFC 6960 §4.1.1). */
import { OID_SHA1, OID_SHA224, OID_SHA256, OID_SHA384, OID_SHA512 } from "./oids.ts";

export type HashName = "sha1" | "sha224" | "sha256" | "sha384" | "sha512";

const byOid: Record<string, HashName> = {
  [OID_SHA1]: "sha1",
  [OID_SHA224]: "sha224",
  [OID_SHA256]: "sha256",
  [OID_SHA384]: "sha384",
  [OID_SHA512]: "sha512",
};

export const hashOids: Record<HashName, string> = {
  sha1: OID_SHA1,
  sha224: OID_SHA224,
  sha256: OID_SHA256,
  sha384: OID_SHA384,
  sha512: OID_SHA512,
};

export function hashNameOf(oid: string): HashName | undefined {
  return byOid[oid];
}
