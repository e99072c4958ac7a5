/**
 * A classifier as FHIR R4 resources (http://hl7.org/fhir/R4/codesystem.html, valueset.html):
 *
 * - CodeSystem, `content: complete`: every published code, Latvian display (the resource's
 *   `language`), English as a designation, the validity dates as the concept properties
 *   `effectiveDate` / `retirementDate` — the same form the loader reads (parse-fhir.ts);
 * - ValueSet: `compose.include` of the whole code system at its version, and the `expansion` of
 *   the codes valid on the day asked for (a code valid only later or no longer is left out).
 */
import type { CodeSystemInfo, StoredCode } from "../classifier-store.ts";
import { VALID_FROM_PROPERTY, VALID_TO_PROPERTY } from "./parse-fhir.ts";

/** FHIR's URIs of the two concept properties (CodeSystem concept-properties). */
const PROPERTY_URI = "http://hl7.org/fhir/concept-properties#";

export const valueSetUrl = (name: string) => `urn:tilts:valueset:${name}`;

export function fhirCodeSystem(system: CodeSystemInfo, codes: readonly StoredCode[]) {
  return {
    resourceType: "CodeSystem",
    id: system.name,
    language: "lv",
    url: system.url,
    ...(system.oid ? { identifier: [{ system: "urn:ietf:rfc:3986", value: `urn:oid:${system.oid}` }] } : {}),
    version: String(system.version),
    name: system.name.replaceAll("-", "_"),
    title: system.title.lv,
    status: "active",
    date: system.updatedAt.toISOString(),
    content: "complete",
    count: codes.length,
    property: [
      { code: VALID_FROM_PROPERTY, uri: `${PROPERTY_URI}${VALID_FROM_PROPERTY}`, type: "dateTime" },
      { code: VALID_TO_PROPERTY, uri: `${PROPERTY_URI}${VALID_TO_PROPERTY}`, type: "dateTime" },
    ],
    concept: codes.map((c) => ({
      code: c.code,
      display: c.displayLv,
      designation: [{ language: "en", value: c.displayEn }],
      property: [
        { code: VALID_FROM_PROPERTY, valueDateTime: c.validFrom },
        ...(c.validTo ? [{ code: VALID_TO_PROPERTY, valueDateTime: c.validTo }] : []),
      ],
    })),
  };
}

export function fhirValueSet(system: CodeSystemInfo, validCodes: readonly StoredCode[], now: Date) {
  return {
    resourceType: "ValueSet",
    id: system.name,
    language: "lv",
    url: valueSetUrl(system.name),
    version: String(system.version),
    name: system.name.replaceAll("-", "_"),
    title: system.title.lv,
    status: "active",
    compose: { include: [{ system: system.url, version: String(system.version) }] },
    expansion: {
      timestamp: now.toISOString(),
      total: validCodes.length,
      contains: validCodes.map((c) => ({
        system: system.url,
        version: String(system.version),
        code: c.code,
        display: c.displayLv,
        designation: [{ language: "en", value: c.displayEn }],
      })),
    },
  };
}
