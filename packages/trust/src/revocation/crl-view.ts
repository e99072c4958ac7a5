/**
 * A certificate's standing on a complete CRL combined with its delta CRL (RFC 5280 §5.2.4,
 * §6.3.3 (j)–(k)): an entry on the delta wins — removeFromCRL there releases a hold listed on
 * the base —, otherwise the base's entry (removeFromCRL entries on a base only say "not
 * revoked"). Held (certificateHold) is kept apart from revoked: a hold can be released.
 */
import type { CrlEntry, ParsedCrl } from "../x509/crl/parse-crl.ts";

export type Standing =
  | { kind: "clear"; releasedBy?: "removeFromCRL" }
  | { kind: "held" | "revoked"; entry: CrlEntry; crl: ParsedCrl };

/** Serial spellings a CRL may index: as given, without and with a leading zero octet. */
function serialForms(serial: string): string[] {
  const clean = serial.replace(/[\s:]/g, "").toLowerCase();
  const stripped = clean.replace(/^(00)+(?=..)/, "");
  return [...new Set([clean, stripped, `00${stripped}`])];
}

export function lookup(crl: ParsedCrl, serial: string): CrlEntry | undefined {
  for (const form of serialForms(serial)) {
    const entry = crl.find(form);
    if (entry) return entry;
  }
  return undefined;
}

function standingOf(entry: CrlEntry, crl: ParsedCrl): Standing {
  if (entry.reason === "removeFromCRL") return { kind: "clear", releasedBy: "removeFromCRL" };
  return { kind: entry.reason === "certificateHold" ? "held" : "revoked", entry, crl };
}

export function standing(base: ParsedCrl, delta: ParsedCrl | undefined, serial: string): Standing {
  const onDelta = delta ? lookup(delta, serial) : undefined;
  if (onDelta) return standingOf(onDelta, delta!);
  const onBase = lookup(base, serial);
  if (onBase) return standingOf(onBase, base);
  return { kind: "clear" };
}
