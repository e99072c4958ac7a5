/**
 * ANX2-17: the portal and the system web services accept a clinical document only when its type
 * (ClinicalDocument/code) is a code of the operator's document-types classifier valid on the day
 * of the upload, in that classifier's code system (LOINC's OID) — the same store the classifier
 * web services publish, so what a system reads there is what an upload is checked against.
 */
import type { Kysely } from "kysely";
import { findCodeSystem, isValidCode } from "../classifiers/index.ts";
import type { CalendarDate } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { CdaHeader } from "./cda-header.ts";
import { DocumentError } from "./errors.ts";

export const DOCUMENT_TYPES_CLASSIFIER = "document-types";

export async function checkDocumentType(
  db: Kysely<Database>,
  header: CdaHeader,
  day: CalendarDate,
): Promise<void> {
  const system = await findCodeSystem(db, DOCUMENT_TYPES_CLASSIFIER);
  const code = header.typeCode;
  if (!code)
    throw new DocumentError(
      "document-type-unknown",
      "the document carries no type code (ClinicalDocument/code/@code)",
    );
  if (system?.oid && header.typeCodeSystem !== system.oid)
    throw new DocumentError(
      "document-type-unknown",
      `the document type's code system must be ${system.oid} (the document-types classifier's)`,
    );
  if (!system || !(await isValidCode(db, DOCUMENT_TYPES_CLASSIFIER, code, day)))
    throw new DocumentError(
      "document-type-unknown",
      `document type ${code} is not a valid code of the document-types classifier on ${day}`,
    );
}
