/**
 * Distribution points (RFC 5280 §4.2.1.13, §5.2.5):
 *   DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
 *     reasons [1] ReasonFlags OPTIONAL, cRLIssuer [2] GeneralNames OPTIONAL }
 *   DistributionPointName ::= CHOICE { fullName [0] GeneralNames,
 *     nameRelativeToCRLIssuer [1] RelativeDistinguishedName }
 */
import { decodeNamedBits, decodeOid, decodeString, hexOf, STRING_TAGS } from "../der/decode.ts";
import { children, type DerNode, encoded, expectTag, malformed, readNode, TAG } from "../der/reader.ts";
import { type GeneralName, parseGeneralName, parseGeneralNames } from "./general-name.ts";
import { type Name, type NameAttribute, normalizeText, rdnKey } from "./name.ts";

export type DistributionPointName =
  | { kind: "full"; names: GeneralName[] }
  | { kind: "relative"; rdn: NameAttribute[] };

export interface DistributionPoint {
  name?: DistributionPointName;
  /** ReasonFlags bit numbers (1 keyCompromise … 8 aACompromise); undefined = all reasons. */
  reasons?: Set<number>;
  crlIssuer?: GeneralName[];
}

/** ReasonFlags bits 1..8 (bit 0 "unused"), RFC 5280 §4.2.1.13. */
export const ALL_REASON_BITS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8];

function parseRdn(node: DerNode): NameAttribute[] {
  const rdn: NameAttribute[] = [];
  for (const atv of children(node, 64)) {
    const [typeNode, value] = children(expectTag(atv, TAG.SEQUENCE, "AttributeTypeAndValue"), 3);
    if (!typeNode || !value) malformed("RDN: bad attribute");
    const text = STRING_TAGS.has(value.tag) ? decodeString(value) : undefined;
    rdn.push({
      type: decodeOid(typeNode),
      value,
      text,
      normalized: text !== undefined ? normalizeText(text) : `#${hexOf(encoded(value))}`,
    });
  }
  if (rdn.length === 0) malformed("RDN: empty");
  return rdn;
}

export function parseDistributionPointName(node: DerNode): DistributionPointName {
  const choice = readNode(node.data, node.contentStart, node.end);
  if (choice.end !== node.end) malformed("DistributionPointName: trailing bytes");
  if (choice.tag === 0xa0) return { kind: "full", names: parseGeneralNames(choice) };
  if (choice.tag === 0xa1) return { kind: "relative", rdn: parseRdn(choice) };
  malformed("DistributionPointName: unknown choice");
}

export function parseDistributionPoints(node: DerNode): DistributionPoint[] {
  const out: DistributionPoint[] = [];
  for (const dpNode of children(expectTag(node, TAG.SEQUENCE, "CRLDistributionPoints"), 64)) {
    const dp: DistributionPoint = {};
    for (const field of children(expectTag(dpNode, TAG.SEQUENCE, "DistributionPoint"), 3)) {
      if (field.tag === 0xa0) dp.name = parseDistributionPointName(field);
      else if (field.tag === 0x81) dp.reasons = decodeNamedBits({ ...field, tag: TAG.BIT_STRING });
      else if (field.tag === 0xa2) dp.crlIssuer = children(field, 64).map(parseGeneralName);
      else malformed("DistributionPoint: unknown field");
    }
    out.push(dp);
  }
  return out;
}

/** Turns a nameRelativeToCRLIssuer into full names by appending it to the CRL issuer's DN. */
export function resolveDistributionPointNames(dp: DistributionPointName, crlIssuer: Name): GeneralName[] {
  if (dp.kind === "full") return dp.names;
  const rdns = [...crlIssuer.rdns, dp.rdn];
  const name: Name = { der: new Uint8Array(0), rdns, key: rdns.map(rdnKey).join(",") };
  return [{ kind: "directory", name }];
}
