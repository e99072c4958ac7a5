/**
 * Trust anchors from trusted lists (TS 119 615 §4.2): the certificates of services of the given
 * types (default CA/QC) whose state in force at `at` has a qualifying status. Duplicates (the
 * same CA in several lists or states) are returned once.
 */
import { isQualifyingStatus, statusAt } from "./status.ts";
import type { TrustedList } from "./types.ts";
import { SVC_TYPE_CA_QC } from "./uris.ts";

export function trustAnchorsFrom(
  lists: TrustedList[],
  at: Date,
  types: readonly string[] = [SVC_TYPE_CA_QC],
): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const list of lists) {
    for (const service of list.services) {
      const state = statusAt(service, at);
      if (!state || !types.includes(state.type) || !isQualifyingStatus(state.status)) continue;
      for (const id of state.digitalIds) {
        if (id.kind !== "certificate") continue;
        const key = Buffer.from(id.der).toString("base64");
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(id.der);
      }
    }
  }
  return out;
}
