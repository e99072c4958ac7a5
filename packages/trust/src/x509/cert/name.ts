/**
 * Distinguished names (RFC 5280 §4.1.2.4): parsing, comparison and display.
 *
 *   Name ::= RDNSequence;  RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
 *   RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 *   AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }
 *
 * Comparison follows RFC 5280 §7.1: string values are compared after the RFC 4518 steps that
 * matter in practice — Unicode normalisation (NFKC), case folding, and insignificant space
 * handling — whatever the string type (PrintableString vs UTF8String rollover, PKITS 4.3.10).
 */
import { decodeOid, decodeString, hexOf, STRING_TAGS } from "../der/decode.ts";
import { children, type DerNode, encoded, expectTag, malformed, TAG } from "../der/reader.ts";
import * as O from "../oids.ts";

export interface NameAttribute {
  type: string;
  /** The value TLV. */
  value: DerNode;
  /** Decoded text for string types, undefined otherwise. */
  text?: string;
  /** Comparison form. */
  normalized: string;
}

export interface Name {
  /** The DER of the whole Name, as it appeared. */
  der: Uint8Array;
  rdns: NameAttribute[][];
  /** A key equal for names that match under RFC 5280 §7.1. */
  key: string;
}

/** RFC 4518 §2 in short: NFKC, case fold, collapse and trim spaces. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

function attributeKey(a: NameAttribute): string {
  return `${a.type}=${a.normalized}`;
}

export function parseName(node: DerNode): Name {
  expectTag(node, TAG.SEQUENCE, "Name");
  const rdns: NameAttribute[][] = [];
  for (const rdnNode of children(node, 256)) {
    expectTag(rdnNode, TAG.SET, "RelativeDistinguishedName");
    const rdn: NameAttribute[] = [];
    for (const atv of children(rdnNode, 64)) {
      expectTag(atv, TAG.SEQUENCE, "AttributeTypeAndValue");
      const [typeNode, value, extra] = children(atv, 3);
      if (!typeNode || !value || extra) malformed("Name: bad AttributeTypeAndValue");
      const type = decodeOid(typeNode);
      let text: string | undefined;
      let normalized: string;
      if (STRING_TAGS.has(value.tag)) {
        text = decodeString(value);
        normalized = normalizeText(text);
      } else {
        normalized = `#${hexOf(encoded(value))}`;
      }
      rdn.push({ type, value, text, normalized });
    }
    if (rdn.length === 0) malformed("Name: empty RDN");
    rdns.push(rdn);
  }
  const key = rdns.map((rdn) => rdn.map(attributeKey).sort().join("+")).join(",");
  return { der: encoded(node), rdns, key };
}

export function namesEqual(a: Name, b: Name): boolean {
  return a.key === b.key;
}

export function rdnKey(rdn: NameAttribute[]): string {
  return rdn.map(attributeKey).sort().join("+");
}

/** Is `sub` within the subtree `base` (base's RDNs a prefix of sub's)? RFC 5280 §4.2.1.10. */
export function isWithinSubtree(sub: Name, base: Name): boolean {
  if (base.rdns.length > sub.rdns.length) return false;
  for (let i = 0; i < base.rdns.length; i++) {
    if (rdnKey(base.rdns[i]!) !== rdnKey(sub.rdns[i]!)) return false;
  }
  return true;
}

const SHORT_NAMES: Record<string, string> = {
  [O.OID_AT_COMMON_NAME]: "CN",
  [O.OID_AT_SURNAME]: "SN",
  [O.OID_AT_SERIAL_NUMBER]: "serialNumber",
  [O.OID_AT_COUNTRY]: "C",
  [O.OID_AT_LOCALITY]: "L",
  [O.OID_AT_STATE]: "ST",
  [O.OID_AT_STREET]: "STREET",
  [O.OID_AT_ORGANIZATION]: "O",
  [O.OID_AT_ORGANIZATIONAL_UNIT]: "OU",
  [O.OID_AT_TITLE]: "title",
  [O.OID_AT_GIVEN_NAME]: "GN",
  [O.OID_AT_ORGANIZATION_IDENTIFIER]: "organizationIdentifier",
  [O.OID_AT_DOMAIN_COMPONENT]: "DC",
  [O.OID_AT_USER_ID]: "UID",
  [O.OID_PKCS9_EMAIL_ADDRESS]: "emailAddress",
};

function escapeValue(v: string): string {
  let s = v.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (s.startsWith(" ") || s.startsWith("#")) s = `\\${s}`;
  if (s.endsWith(" ") && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  // Control characters would break one-line reports.
  let out = "";
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? `\\${code.toString(16).padStart(2, "0")}` : ch;
  }
  return out;
}

/** RFC 4514 string form (most specific RDN first), e.g. "CN=Good CA,O=Test Certificates 2011,C=US". */
export function nameToString(name: Name): string {
  return [...name.rdns]
    .reverse()
    .map((rdn) =>
      rdn
        .map((a) => {
          const label = SHORT_NAMES[a.type] ?? a.type;
          const value = a.text !== undefined ? escapeValue(a.text) : `#${hexOf(encoded(a.value))}`;
          return `${label}=${value}`;
        })
        .join("+"),
    )
    .join(",");
}

/** The emailAddress attributes of a DN (checked against rfc822Name constraints, RFC 5280 §4.2.1.10). */
export function emailAddressesOf(name: Name): string[] {
  const out: string[] = [];
  for (const rdn of name.rdns) {
    for (const a of rdn) if (a.type === O.OID_PKCS9_EMAIL_ADDRESS && a.text !== undefined) out.push(a.text);
  }
  return out;
}
