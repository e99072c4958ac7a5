/**
 * Does a name fall within a name-constraint subtree? RFC 5280 §4.2.1.10, per name form.
 */
import type { GeneralName } from "../cert/general-name.ts";
import { isWithinSubtree } from "../cert/name.ts";

function dnsWithin(name: string, constraint: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, "");
  let c = constraint.toLowerCase().replace(/\.$/, "");
  if (c === "") return true;
  if (c.startsWith(".")) return n.endsWith(c);
  if (n === c) return true;
  c = `.${c}`;
  return n.endsWith(c);
}

/**
 * Whether SOME name a dNSName stands for lies within the constraint. A plain name stands for
 * itself; a wildcard "*.example.com" (RFC 6125 §6.4.3: one whole leftmost label) for every
 * "<label>.example.com". dnsWithin already answers "all of them" for a wildcard (the "*" label
 * matches no specific label); "some of them" also holds when the constraint is exactly one
 * label below the wildcard's base: an excluded bar.example.com excludes *.example.com, which
 * covers it.
 */
function dnsOverlaps(name: string, constraint: string): boolean {
  if (dnsWithin(name, constraint)) return true;
  const n = name.toLowerCase().replace(/\.$/, "");
  if (!n.startsWith("*.")) return false;
  const base = n.slice(2);
  const c = constraint.toLowerCase().replace(/\.$/, "");
  if (c.startsWith(".")) return false;
  const dot = c.indexOf(".");
  return dot > 0 && c.slice(dot + 1) === base && c.slice(0, dot) !== "*";
}

/** rfc822Name: a mailbox, a host, or ".domain" for any host within the domain. */
export function emailWithin(address: string, constraint: string): boolean {
  const at = address.lastIndexOf("@");
  if (at < 0) return false;
  const local = address.slice(0, at);
  const host = address.slice(at + 1).toLowerCase();
  const c = constraint.toLowerCase();
  if (constraint.includes("@")) {
    const cat = constraint.lastIndexOf("@");
    return local === constraint.slice(0, cat) && host === constraint.slice(cat + 1).toLowerCase();
  }
  if (c.startsWith(".")) return host.endsWith(c);
  return host === c;
}

/** The host part of a URI's authority, or undefined when it has none (RFC 3986 §3.2). */
export function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(uri);
  if (!m) return undefined;
  let authority = m[1]!;
  const at = authority.lastIndexOf("@");
  if (at >= 0) authority = authority.slice(at + 1);
  if (authority.startsWith("[")) return authority.slice(1, authority.indexOf("]"));
  const colon = authority.indexOf(":");
  return (colon >= 0 ? authority.slice(0, colon) : authority).toLowerCase();
}

function uriWithin(uri: string, constraint: string): boolean {
  const host = uriHost(uri);
  if (host === undefined || host === "") return false;
  const c = constraint.toLowerCase();
  if (c.startsWith(".")) return host.endsWith(c);
  return host === c;
}

/** iPAddress constraint: address followed by mask (8 octets for IPv4, 32 for IPv6). */
function ipWithin(address: Uint8Array, constraint: Uint8Array): boolean {
  if (constraint.length !== address.length * 2) return false;
  for (let i = 0; i < address.length; i++) {
    const mask = constraint[address.length + i]!;
    if ((address[i]! & mask) !== (constraint[i]! & mask)) return false;
  }
  return true;
}

/**
 * For excluded subtrees: whether any name `name` stands for falls within the constraint (a
 * wildcard dNSName stands for many; every other form for itself). undefined across forms.
 */
export function nameOverlaps(name: GeneralName, constraint: GeneralName): boolean | undefined {
  if (name.kind === "dns" && constraint.kind === "dns") return dnsOverlaps(name.value, constraint.value);
  return nameWithin(name, constraint);
}

/**
 * For permitted subtrees: whether every name `name` stands for falls within the constraint.
 * undefined when the two names are of different forms (the constraint does not apply).
 */
export function nameWithin(name: GeneralName, constraint: GeneralName): boolean | undefined {
  if (name.kind !== constraint.kind) return undefined;
  switch (name.kind) {
    case "dns":
      return dnsWithin(name.value, (constraint as typeof name).value);
    case "rfc822":
      return emailWithin(name.value, (constraint as typeof name).value);
    case "uri":
      return uriWithin(name.value, (constraint as typeof name).value);
    case "ip":
      return ipWithin(name.bytes, (constraint as typeof name).bytes);
    case "directory":
      return isWithinSubtree(name.name, (constraint as typeof name).name);
    case "other":
      if (name.tag !== (constraint as typeof name).tag) return undefined;
      // A form this validator does not process: fail closed (RFC 5280 §4.2.1.10).
      return false;
  }
}
