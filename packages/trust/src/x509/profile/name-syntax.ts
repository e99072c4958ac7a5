/**
 * Well-formed names for the strict profile (RFC 5280 §4.2.1.6, §4.2.1.10): the grammar each
 * GeneralName form has in a subjectAltName and in a name constraint. Names are IA5String, so
 * anything outside printable ASCII is refused by every pattern here.
 */
import type { GeneralName } from "../cert/general-name.ts";
import { uriHost } from "../name-constraints/match.ts";

/** RFC 1034 §3.5 preferred name syntax, as amended by RFC 1123 §2.1 (leading digits). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
/** RFC 5321 §4.1.2 Dot-string and Quoted-string local parts. */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const QUOTED = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
/** RFC 3986 §3.1 scheme, then a non-empty scheme-specific part (no relative references). */
const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]*:[\x21-\x7e]+$/i;

/** A host name: LDH labels of 1–63 octets, at most 253 octets, no leading or trailing dot. */
export function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split(".").every((label) => LABEL.test(label));
}

/**
 * A subjectAltName dNSName: a host name, or a wildcard as the whole leftmost label over at
 * least two more labels (RFC 6125 §6.4.3; "*.lv" and "f*o.example.lv" are refused).
 */
export function isSanDnsName(name: string): boolean {
  if (name.startsWith("*.")) return name.split(".").length >= 3 && isDnsName(name.slice(2));
  return isDnsName(name);
}

/** An RFC 5322 addr-spec as RFC 5280 §4.2.1.6 restricts it: local-part "@" domain. */
export function isMailbox(address: string): boolean {
  const at = address.lastIndexOf("@");
  if (at <= 0) return false;
  const local = address.slice(0, at);
  return (DOT_ATOM.test(local) || QUOTED.test(local)) && isDnsName(address.slice(at + 1));
}

/** An iPAddress mask of contiguous ones then zeros (CIDR, RFC 5280 §4.2.1.10 and RFC 4632). */
function isContiguousMask(mask: Uint8Array): boolean {
  let zeros = false;
  for (const octet of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const one = (octet >> bit) & 1;
      if (one && zeros) return false;
      if (!one) zeros = true;
    }
  }
  return true;
}

/**
 * An absolute URI; one with an authority (RFC 3986 §3.2) names a fully qualified domain name or
 * an IP address as its host (RFC 5280 §4.2.1.6).
 */
function isSanUri(value: string): boolean {
  if (!ABSOLUTE_URI.test(value)) return false;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return true;
  const host = uriHost(value);
  if (!host) return false;
  return isDnsName(host) || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || /^[0-9a-f:.]+$/i.test(host);
}

/** A subjectAltName entry in its form's grammar; forms without one here are accepted. */
export function isWellFormedSanName(name: GeneralName): boolean {
  switch (name.kind) {
    case "dns":
      return isSanDnsName(name.value);
    case "rfc822":
      return isMailbox(name.value);
    case "uri":
      return isSanUri(name.value);
    case "ip":
      return name.bytes.length === 4 || name.bytes.length === 16;
    default:
      return true;
  }
}

/**
 * A name-constraint base in its form's grammar (§4.2.1.10): dNSName a host name (labels are
 * added on the left; no wildcard, no leading dot); rfc822Name a mailbox, a host, or ".domain";
 * URI a host or ".domain" (no scheme); iPAddress an address and a contiguous mask, 8 or 32 octets.
 */
export function isWellFormedConstraint(base: GeneralName): boolean {
  switch (base.kind) {
    case "dns":
      // An empty dNSName matches every name: used to exclude (or permit none of) the form.
      return base.value === "" || isDnsName(base.value);
    case "rfc822":
      if (base.value.includes("@")) return isMailbox(base.value);
      return isDnsName(base.value.startsWith(".") ? base.value.slice(1) : base.value);
    case "uri":
      return isDnsName(base.value.startsWith(".") ? base.value.slice(1) : base.value);
    case "ip": {
      const half = base.bytes.length / 2;
      if (half !== 4 && half !== 16) return false;
      return isContiguousMask(base.bytes.subarray(half));
    }
    default:
      return true;
  }
}
