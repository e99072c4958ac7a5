/**
 * permitted_subtrees and excluded_subtrees of RFC 5280 §6.1.2 (b), (c), kept as the list of
 * every CA's constraints: a name must be permitted by each CA that constrains its form
 * (= the intersection of §6.1.4 (g)(1)) and excluded by none (= the union of §6.1.4 (g)(2)).
 */
import type { ParsedCertificate } from "../cert/certificate.ts";
import type { GeneralName } from "../cert/general-name.ts";
import { emailAddressesOf } from "../cert/name.ts";
import { nameOverlaps, nameWithin } from "./match.ts";

export class NameConstraintsState {
  private permitted: GeneralName[][] = [];
  private excluded: GeneralName[] = [];

  /** §6.1.4 (g) */
  add(cert: ParsedCertificate): void {
    const nc = cert.nameConstraints;
    if (!nc) return;
    if (nc.permitted) this.permitted.push(nc.permitted);
    if (nc.excluded) this.excluded.push(...nc.excluded);
  }

  /** The names of a certificate the constraints apply to: subject DN, SAN, DN emailAddress. */
  private namesOf(cert: ParsedCertificate): GeneralName[] {
    const names: GeneralName[] = [];
    if (cert.subject.rdns.length > 0) names.push({ kind: "directory", name: cert.subject });
    for (const email of emailAddressesOf(cert.subject)) names.push({ kind: "rfc822", value: email });
    if (cert.subjectAltNames) names.push(...cert.subjectAltNames);
    return names;
  }

  /** §6.1.3 (b), (c): returns a message naming the offending name, or undefined. */
  check(cert: ParsedCertificate): string | undefined {
    if (this.permitted.length === 0 && this.excluded.length === 0) return undefined;
    for (const name of this.namesOf(cert)) {
      for (const set of this.permitted) {
        let applies = false;
        let ok = false;
        for (const c of set) {
          const r = nameWithin(name, c);
          if (r === undefined) continue;
          applies = true;
          if (r) {
            ok = true;
            break;
          }
        }
        if (applies && !ok) return `${describe(name)} is not within the permitted subtrees`;
      }
      for (const c of this.excluded) {
        if (nameOverlaps(name, c) === true) return `${describe(name)} is within an excluded subtree`;
        if (name.kind === "other" && c.kind === "other" && c.tag === name.tag) {
          return "a name form the validator cannot check is constrained";
        }
      }
    }
    return undefined;
  }
}

function describe(name: GeneralName): string {
  switch (name.kind) {
    case "directory":
      return "the directory name";
    case "ip":
      return "an IP address";
    case "other":
      return "a name";
    default:
      return `${name.kind} name "${name.value}"`;
  }
}
