/**
 * Digest algorithms of XMLDSig references, mapped to node:crypto names. SHA-1 and RIPEMD-160
 * are accepted for verification only (XMLDSig 1.1 §6.2.1 keeps SHA-1 for legacy signatures;
 * RFC 6931 §2.1 lists RIPEMD-160). MD5 is refused with its own code (RFC 6151: collisions).
 */
import { createHash } from "node:crypto";
import { XmlDsigError } from "./errors.ts";
import * as U from "./uris.ts";

const DIGESTS: Record<string, { node: string; signing: boolean }> = {
  [U.DIGEST_SHA1]: { node: "sha1", signing: false },
  [U.DIGEST_SHA224]: { node: "sha224", signing: true },
  [U.DIGEST_SHA256]: { node: "sha256", signing: true },
  [U.DIGEST_SHA384]: { node: "sha384", signing: true },
  [U.DIGEST_SHA512]: { node: "sha512", signing: true },
  [U.DIGEST_SHA3_224]: { node: "sha3-224", signing: true },
  [U.DIGEST_SHA3_256]: { node: "sha3-256", signing: true },
  [U.DIGEST_SHA3_384]: { node: "sha3-384", signing: true },
  [U.DIGEST_SHA3_512]: { node: "sha3-512", signing: true },
  [U.DIGEST_RIPEMD160]: { node: "ripemd160", signing: false },
};

/** Digests whose collisions are practical: never accepted, whatever the purpose. */
const BROKEN_DIGESTS = new Set([U.DIGEST_MD5]);

/** node:crypto hash name of a digest URI; throws a coded error for unknown ones. */
export function nodeHashOf(uri: string, purpose: "verify" | "sign"): string {
  if (BROKEN_DIGESTS.has(uri))
    throw new XmlDsigError("xmldsig-weak-algorithm", `DigestMethod ${uri} (MD5) is broken and refused`);
  const d = DIGESTS[uri];
  if (!d) throw new XmlDsigError("xmldsig-unsupported-algorithm", `unknown DigestMethod ${uri}`);
  if (purpose === "sign" && !d.signing) {
    throw new XmlDsigError(
      "xmldsig-unsupported-algorithm",
      `DigestMethod ${uri} is accepted for verification only`,
    );
  }
  return d.node;
}

export function digest(uri: string, data: Uint8Array, purpose: "verify" | "sign"): Buffer {
  return createHash(nodeHashOf(uri, purpose)).update(data).digest();
}
