/**
 * XSD validation of EDM messages against the shipped OASIS RegRep 4 + SDG schemas with
 * libxml2-wasm. The schema is compiled once per process (tens of ms) and kept; each message is
 * then a few ms. Documents reach libxml2 only after `parseXml` (no DOCTYPE, size/depth limits)
 * accepted them, so libxml2 never sees entities or external references from the outside.
 *
 * (The CDA validator in ehealth/core/cda-schema.ts does the same for HL7; a shared helper can
 * take both later.)
 */
import { readFileSync } from "node:fs";
import { XmlDocument, XmlValidateError, XsdValidator } from "libxml2-wasm";
import { xmlRegisterFsInputProviders } from "libxml2-wasm/lib/nodejs.mjs";
import type { EdmFinding } from "./edm/errors.ts";
import { OOTS_ENTRY_XSD } from "./shipped-artefacts.ts";

/** At most this many schema errors are listed (libxml2 can report one per element). */
const MAX_XSD_ERRORS = 50;
export const XSD_RULE = "XSD";

let validator: XsdValidator | undefined;

function compiled(): XsdValidator {
  if (validator) return validator;
  // Relative xs:import schemaLocations resolve through the file-system input provider.
  xmlRegisterFsInputProviders();
  const schemaDoc = XmlDocument.fromBuffer(readFileSync(OOTS_ENTRY_XSD), { url: OOTS_ENTRY_XSD });
  try {
    validator = XsdValidator.fromDoc(schemaDoc);
  } finally {
    schemaDoc.dispose();
  }
  return validator;
}

/** Schema findings for an already well-formed, hardened-parsed text (empty when valid). */
export function validateAgainstXsd(text: string): EdmFinding[] {
  const v = compiled();
  const doc = XmlDocument.fromString(text);
  try {
    v.validate(doc);
    return [];
  } catch (error) {
    if (!(error instanceof XmlValidateError)) throw error;
    return error.details.slice(0, MAX_XSD_ERRORS).map((d) => ({
      rule: XSD_RULE,
      message: d.message.trim(),
      line: d.line ?? 0,
    }));
  } finally {
    doc.dispose();
  }
}
