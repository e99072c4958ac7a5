/**
 * Distinguished names for the test PKI. RFC 5280 §4.1.2.4/App. A: countryName and serialNumber
 * are PrintableString; other attributes UTF8String (EN 319 412-2 §4.2.4 allows it).
 */
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from "@peculiar/asn1-x509";
import {
  OID_AT_COMMON_NAME,
  OID_AT_COUNTRY,
  OID_AT_GIVEN_NAME,
  OID_AT_ORGANIZATION,
  OID_AT_ORGANIZATION_IDENTIFIER,
  OID_AT_ORGANIZATIONAL_UNIT,
  OID_AT_SERIAL_NUMBER,
  OID_AT_SURNAME,
} from "./oids.ts";

export interface NameParts {
  country?: string;
  organization?: string;
  organizationalUnit?: string;
  organizationIdentifier?: string;
  surname?: string;
  givenName?: string;
  serialNumber?: string;
  commonName: string;
}

const printable = new Set([OID_AT_COUNTRY, OID_AT_SERIAL_NUMBER]);

function rdn(type: string, text: string): RelativeDistinguishedName {
  const value = printable.has(type)
    ? new AttributeValue({ printableString: text })
    : new AttributeValue({ utf8String: text });
  return new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
}

/** Builds a Name in the usual order (C, O, OU, organizationIdentifier, SN, G, serialNumber, CN). */
export function buildName(parts: NameParts): Name {
  const rdns: RelativeDistinguishedName[] = [];
  const add = (type: string, text: string | undefined) => {
    if (text !== undefined) rdns.push(rdn(type, text));
  };
  add(OID_AT_COUNTRY, parts.country);
  add(OID_AT_ORGANIZATION, parts.organization);
  add(OID_AT_ORGANIZATIONAL_UNIT, parts.organizationalUnit);
  add(OID_AT_ORGANIZATION_IDENTIFIER, parts.organizationIdentifier);
  add(OID_AT_SURNAME, parts.surname);
  add(OID_AT_GIVEN_NAME, parts.givenName);
  add(OID_AT_SERIAL_NUMBER, parts.serialNumber);
  add(OID_AT_COMMON_NAME, parts.commonName);
  return new Name(rdns);
}

const shortNames: Record<string, string> = {
  [OID_AT_COUNTRY]: "C",
  [OID_AT_ORGANIZATION]: "O",
  [OID_AT_ORGANIZATIONAL_UNIT]: "OU",
  [OID_AT_ORGANIZATION_IDENTIFIER]: "organizationIdentifier",
  [OID_AT_SURNAME]: "SN",
  [OID_AT_GIVEN_NAME]: "G",
  [OID_AT_SERIAL_NUMBER]: "serialNumber",
  [OID_AT_COMMON_NAME]: "CN",
};

/** A readable one-line form (most significant RDN last, as RFC 4514 writes it). */
export function nameToString(name: Name): string {
  return [...name]
    .reverse()
    .map((r) => r.map((a) => `${shortNames[a.type] ?? a.type}=${a.value.toString()}`).join("+"))
    .join(", ");
}
