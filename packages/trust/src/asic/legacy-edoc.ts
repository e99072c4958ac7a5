/**
 * Legacy eDoc 1.x (LVRTC "eDoc 1.01 dokumenta formāts", 2007–2010) is not ASiC: it is an
 * OPC-like package with `[Content_Types].xml`, `_rels/.rels`, `EDoc/Documents/…` and
 * `EDoc/Signature/signature1.xml` (edoc-and-validation.md §1.1). It is recognised from the
 * entry names alone, before anything is inflated, so it can be reported as unsupported.
 */
import { SIGNATURE_ENTRY_PATTERN } from "./constants.ts";

const OPC_MARKERS = ["[Content_Types].xml", "_rels/.rels"];
const EDOC1_FOLDER = /^EDoc\//i;

/** True for the eDoc 1.x layout: an OPC marker, an `EDoc/` folder, and no ASiC signature file. */
export function isLegacyEdocLayout(names: ReadonlyArray<string>): boolean {
  const hasOpcMarker = names.some((n) => OPC_MARKERS.includes(n));
  const hasEdocFolder = names.some((n) => EDOC1_FOLDER.test(n));
  const hasAsicSignature = names.some((n) => SIGNATURE_ENTRY_PATTERN.test(n));
  return hasOpcMarker && hasEdocFolder && !hasAsicSignature;
}
