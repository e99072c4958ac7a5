/**
 * GeneralName (RFC 5280 §4.2.1.6):
 *   GeneralName ::= CHOICE { otherName [0], rfc822Name [1] IA5String, dNSName [2] IA5String,
 *     x400Address [3], directoryName [4] Name, ediPartyName [5],
 *     uniformResourceIdentifier [6] IA5String, iPAddress [7] OCTET STRING, registeredID [8] OID }
 */
import { hexOf } from "../der/decode.ts";
import { children, content, type DerNode, encoded, inner, malformed } from "../der/reader.ts";
import { type Name, parseName } from "./name.ts";

export type GeneralName =
  | { kind: "rfc822"; value: string }
  | { kind: "dns"; value: string }
  | { kind: "uri"; value: string }
  | { kind: "ip"; bytes: Uint8Array }
  | { kind: "directory"; name: Name }
  | { kind: "other"; tag: number; key: string };

export function parseGeneralName(node: DerNode): GeneralName {
  const cls = node.tag & 0xc0;
  if (cls !== 0x80) malformed("GeneralName: expected a context-specific tag");
  const n = node.tag & 0x1f;
  const ascii = () => Buffer.from(content(node)).toString("latin1");
  switch (n) {
    case 1:
      return { kind: "rfc822", value: ascii() };
    case 2:
      return { kind: "dns", value: ascii() };
    case 6:
      return { kind: "uri", value: ascii() };
    case 7:
      return { kind: "ip", bytes: content(node) };
    case 4:
      if ((node.tag & 0x20) === 0) malformed("GeneralName: directoryName must be constructed");
      return { kind: "directory", name: parseName(inner(node)) };
    default:
      return { kind: "other", tag: n, key: hexOf(encoded(node)) };
  }
}

export function parseGeneralNames(node: DerNode): GeneralName[] {
  return children(node, 1024).map(parseGeneralName);
}

/** Equality used for distribution-point matching (RFC 5280 §6.3.3 (b)(2)(i)). */
export function generalNamesEqual(a: GeneralName, b: GeneralName): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "directory":
      return a.name.key === (b as typeof a).name.key;
    case "ip":
      return hexOf(a.bytes) === hexOf((b as typeof a).bytes);
    case "other":
      return a.key === (b as typeof a).key;
    case "dns":
    case "rfc822":
      return a.value.toLowerCase() === (b as typeof a).value.toLowerCase();
    default:
      return a.value === (b as typeof a).value;
  }
}
