/**
 * Reads a detached CMS SignedData (RFC 5652 §5) with a bounds-checked BER walker (`ber.ts`:
 * NSS and Adobe write indefinite lengths in the outer layers): the
 * certificates, and the (single) SignerInfo with its ORIGINAL signed-attribute bytes (the
 * signature is over them re-tagged as SET OF, §5.4 — never over a re-encoding). Anything that
 * does not follow the grammar is a `MalformedInputError`.
 */
import { MalformedInputError } from "../errors.ts";
import { decodeOid } from "../x509/der/decode.ts";
import { type BerTlv, berChildren, berContent, berSlice, readBer } from "./ber.ts";
import { OID_SIGNED_DATA } from "./oids.ts";

export const MAX_CMS_BYTES = 4 * 1024 * 1024;

export interface CmsAttribute {
  type: string;
  /** DER of each value. */
  values: Uint8Array[];
}

export interface ParsedSignerInfo {
  sid: { issuer: Uint8Array; serial: Uint8Array } | { subjectKeyIdentifier: Uint8Array };
  digestAlgorithm: string;
  /** The signed attributes as signed: the [0] IMPLICIT content re-tagged 0x31. */
  signedAttrsDer?: Uint8Array;
  signedAttrs: CmsAttribute[];
  signatureAlgorithm: { algorithm: string; parameters?: ArrayBuffer | null };
  signature: Uint8Array;
  unsignedAttrs: CmsAttribute[];
}

export interface ParsedSignedData {
  eContentType: string;
  /** Present for attached content (PAdES wants none). */
  hasEContent: boolean;
  certificates: Uint8Array[];
  crls: Uint8Array[];
  signers: ParsedSignerInfo[];
  /** Length of the DER (the /Contents placeholder is zero-padded after it). */
  length: number;
}

/** decodeOid wants a DER node; an OID is always primitive with a definite length. */
const oidOf = (der: Uint8Array, t: BerTlv) =>
  decodeOid({ data: der, tag: t.tag, start: t.start, contentStart: t.contentStart, end: t.contentEnd });

const fail = (what: string): never => {
  throw new MalformedInputError(`CMS SignedData: ${what}`);
};

function expectTag(t: BerTlv | undefined, tag: number, what: string): BerTlv {
  if (!t || t.tag !== tag) fail(`${what} expected`);
  return t!;
}

const oidAt = (der: Uint8Array, t: BerTlv | undefined, what: string) => oidOf(der, expectTag(t, 0x06, what));

function attributes(der: Uint8Array, set: BerTlv): CmsAttribute[] {
  return berChildren(der, set).map((a) => {
    const [type, values] = berChildren(der, expectTag(a, 0x30, "Attribute"));
    return {
      type: oidAt(der, type, "attrType"),
      values: berChildren(der, expectTag(values, 0x31, "attrValues")).map((v) => berSlice(der, v)),
    };
  });
}

function algorithm(
  der: Uint8Array,
  t: BerTlv | undefined,
): { algorithm: string; parameters?: ArrayBuffer | null } {
  const parts = berChildren(der, expectTag(t, 0x30, "AlgorithmIdentifier"));
  const out: { algorithm: string; parameters?: ArrayBuffer | null } = {
    algorithm: oidAt(der, parts[0], "algorithm"),
  };
  if (parts[1]) out.parameters = new Uint8Array(berSlice(der, parts[1])).buffer;
  return out;
}

export function parseSignedData(input: Uint8Array): ParsedSignedData {
  if (input.length > MAX_CMS_BYTES) fail("too large");
  const outer = readBer(input, 0);
  const der = input.subarray(0, outer.end);
  const [contentType, content] = berChildren(der, expectTag(outer, 0x30, "ContentInfo"));
  if (oidAt(der, contentType, "contentType") !== OID_SIGNED_DATA) fail("not id-signedData");
  const [sd] = berChildren(der, expectTag(content, 0xa0, "[0] content"));
  const items = berChildren(der, expectTag(sd, 0x30, "SignedData"));
  let i = 0;
  expectTag(items[i++], 0x02, "version");
  expectTag(items[i++], 0x31, "digestAlgorithms");
  const eci = berChildren(der, expectTag(items[i++], 0x30, "encapContentInfo"));
  const eContentType = oidAt(der, eci[0], "eContentType");
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  if (items[i]?.tag === 0xa0) {
    // Only X.509 certificates (SEQUENCE); other CertificateChoices are skipped.
    for (const c of berChildren(der, items[i++]!)) if (c.tag === 0x30) certificates.push(berSlice(der, c));
  }
  if (items[i]?.tag === 0xa1)
    for (const c of berChildren(der, items[i++]!)) if (c.tag === 0x30) crls.push(berSlice(der, c));
  const signerInfos = berChildren(der, expectTag(items[i++], 0x31, "signerInfos"));
  if (i !== items.length) fail("unexpected fields after signerInfos");
  const signers = signerInfos.map((si) => {
    const f = berChildren(der, expectTag(si, 0x30, "SignerInfo"));
    let j = 1;
    const sidTlv = f[j++];
    let sid: ParsedSignerInfo["sid"];
    if (sidTlv?.tag === 0x30) {
      const [issuer, serial] = berChildren(der, sidTlv);
      sid = {
        issuer: berSlice(der, expectTag(issuer, 0x30, "issuer")),
        serial: berContent(der, expectTag(serial, 0x02, "serial")),
      };
    } else if (sidTlv?.tag === 0x80) sid = { subjectKeyIdentifier: berContent(der, sidTlv) };
    else return fail("SignerIdentifier expected");
    const digestAlgorithm = algorithm(der, f[j++]).algorithm;
    let signedAttrsDer: Uint8Array | undefined;
    let signedAttrs: CmsAttribute[] = [];
    if (f[j]?.tag === 0xa0) {
      const t = f[j++]!;
      signedAttrsDer = new Uint8Array(berSlice(der, t));
      signedAttrsDer[0] = 0x31;
      signedAttrs = attributes(der, t);
    }
    const signatureAlgorithm = algorithm(der, f[j++]);
    const signature = berContent(der, expectTag(f[j++], 0x04, "signature"));
    const unsignedAttrs = f[j]?.tag === 0xa1 ? attributes(der, f[j++]!) : [];
    if (j !== f.length) fail("unexpected fields in SignerInfo");
    return {
      sid,
      digestAlgorithm,
      ...(signedAttrsDer ? { signedAttrsDer } : {}),
      signedAttrs,
      signatureAlgorithm,
      signature,
      unsignedAttrs,
    } satisfies ParsedSignerInfo;
  });
  return { eContentType, hasEContent: eci.length > 1, certificates, crls, signers, length: outer.end };
}
