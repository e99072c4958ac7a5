/**
 * The professionals' portal's actions on a patient's data (issue 6 item 4): find a patient, list
 * their documents, read one, upload one. Each action, in order:
 *
 *   1. the actor's grants, the institution's state and the attestation are loaded and `decide`
 *      (core/rights-policy.ts) is asked, with the stated purpose and channel "portal";
 *   2. a refusal is recorded through `recordAccess` (outcome denied, the reason as a code) in a
 *      transaction of its own and thrown as PortalRefusal, which names the missing right;
 *   3. otherwise the read or write and its `recordAccess` (outcome success, purpose, legal
 *      ground) run in ONE transaction (CON-9): no access without its record, no record without
 *      the access. A read's transaction starts with the anti-copying guard (CON-3, ANX2-17,
 *      ../copying/): past a limit, or with a copying pattern detected, the read is refused
 *      (CopyingRefusal), recorded as denied, and nothing is read.
 *
 * A document the patient restricted (restriction.ts) is left out of lists and not found on a
 * read for every other institution than the author's, unless the purpose is `emergency`: then it
 * is read and its record's object carries the flag `:emergency-override`, which the patient sees.
 *
 * An upload's checks (schema, signature — slow) run between 1 and 3, outside the transaction;
 * a refused document is recorded as a failed upload and nothing is stored.
 */
import type { Kysely } from "kysely";
import { parsePersonalCode } from "../../core/personal-code/index.ts";
import type { Level } from "../../identity/index.ts";
import { type AccessAction, LEGAL_GROUNDS, recordAccess } from "../access-log/index.ts";
import { loadInstitutionState } from "../adapters/institution-store.ts";
import { findPatient as findPatientRow, type Patient } from "../adapters/patient-store.ts";
import { hasSignedAttestation } from "../adapters/people-store.ts";
import { loadGrants } from "../adapters/rights-store.ts";
import { type CopyingSettings, DEFAULT_COPYING_SETTINGS, withCopyingGuard } from "../copying/index.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { type Action, type Decision, decide, PURPOSES, type Purpose } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { checkDocumentType } from "./check-document-type.ts";
import { type CheckedDocument, checkUpload, type UploadCheckPorts } from "./check-upload.ts";
import {
  type DocumentSummary,
  findDocument,
  insertDocument,
  listDocuments,
  type StoredDocument,
} from "./document-store.ts";
import { DocumentError } from "./errors.ts";
import { EMERGENCY_OVERRIDE, restrictedAmong, restrictionVerdict } from "./restriction.ts";

/** Who acts, for which institution, with which purpose, from where. */
export interface PortalRequest {
  /** The signed-in professional's personal code and sign-in level. */
  readonly personCode: string;
  readonly level: Level;
  /** The institution acted for (registration number). */
  readonly institution: string;
  /** The stated purpose, as given (checked here). */
  readonly purpose: string | undefined;
  readonly clientAddress?: string | null;
  readonly correlationId?: string | null;
  readonly now: Date;
  /**
   * How the professional reaches the data: the portal (annex 1, default) or the institution's
   * own system over the system web services (annex 2) — the contract must cover it (CON-1).
   */
  readonly channel?: "portal" | "system";
  /** The calling system's name (system channel): its reads are counted and judged too (ANX2-17). */
  readonly system?: string;
  /** Anti-copying limits and detection (configuration); absent: the defaults — never unguarded. */
  readonly copying?: CopyingSettings;
}

export type Denial = Extract<Decision, { allowed: false }>;

/** The action is not allowed; `decision.missingRight` names the right that would allow it. */
export class PortalRefusal extends Error {
  override name = "PortalRefusal";
  constructor(
    readonly action: Action,
    readonly decision: Denial,
  ) {
    super(decision.message);
  }
}

/** Bad input from the form (before any access): the field and a coded reason. */
export class PortalInputError extends Error {
  override name = "PortalInputError";
  constructor(
    readonly field: "patient" | "purpose" | "institution",
    readonly code: "bad-personal-code" | "unknown-purpose" | "bad-institution",
    message: string,
  ) {
    super(message);
  }
}

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === "string" && (PURPOSES as readonly string[]).includes(value);
}

/** A personal code from a form, normalised to `XXXXXX-XXXXX`; PortalInputError when invalid. */
export function patientCodeOf(input: unknown): string {
  const parsed = parsePersonalCode(typeof input === "string" ? input : "");
  if (!parsed.ok) throw new PortalInputError("patient", "bad-personal-code", parsed.error.message);
  return parsed.code;
}

function checkInstitution(value: string): void {
  if (!/^\d{11}$/.test(value))
    throw new PortalInputError("institution", "bad-institution", "choose the institution to act for");
}

const ACCESS_OF: Record<
  "patient.find" | "patient.documents.list" | "document.read" | "document.upload",
  AccessAction
> = {
  "patient.find": "ehealth.patient.found",
  "patient.documents.list": "ehealth.documents.listed",
  "document.read": "ehealth.document.read",
  "document.upload": "ehealth.document.uploaded",
};
type PortalAction = keyof typeof ACCESS_OF;

async function ask(db: Kysely<Database>, request: PortalRequest, action: PortalAction): Promise<Decision> {
  const purpose = isPurpose(request.purpose) ? request.purpose : undefined;
  const [grants, institution, attestationSigned] = await Promise.all([
    loadGrants(db, request.personCode, request.now),
    loadInstitutionState(db, request.institution, rigaDateOf(request.now)),
    hasSignedAttestation(db, request.personCode, request.institution),
  ]);
  return decide({ personId: request.personCode, level: request.level, grants, attestationSigned }, action, {
    ...(institution ? { institution } : {}),
    channel: request.channel ?? "portal",
    ...(purpose ? { purpose } : {}),
  });
}

function common(request: PortalRequest, patientCode: string) {
  return {
    user: request.personCode,
    institution: request.institution,
    patient: patientCode,
    clientAddress: request.clientAddress ?? null,
    correlationId: request.correlationId ?? null,
  };
}

/** Decides; on a refusal records it (denied) and throws PortalRefusal. */
async function authorize(
  db: Kysely<Database>,
  request: PortalRequest,
  action: PortalAction,
  patientCode: string,
): Promise<{ purpose: Purpose; legalGround: string }> {
  checkInstitution(request.institution);
  const decision = await ask(db, request, action);
  if (!decision.allowed) {
    await recordAccess(
      db,
      {
        ...common(request, patientCode),
        action: ACCESS_OF[action],
        purpose: isPurpose(request.purpose) ? request.purpose : null,
        legalGround: null,
        outcome: "denied",
        refusal: `${decision.reason}:${action}`,
      },
      request.now,
    );
    throw new PortalRefusal(action, decision);
  }
  // decide() allows a patient-data action only with a purpose allowed for the role.
  if (!isPurpose(request.purpose)) throw new Error("decide allowed a patient-data action without a purpose");
  return { purpose: request.purpose, legalGround: LEGAL_GROUNDS[request.purpose] };
}

/** A read of the patient's data: guard, `work` (the read and its record) in one transaction (CON-3, CON-9). */
function guardedRead<T>(
  db: Kysely<Database>,
  request: PortalRequest,
  action: PortalAction,
  patientCode: string,
  granted: { purpose: Purpose; legalGround: string },
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const read = {
    professional: request.personCode,
    institution: request.institution,
    system: request.system,
    patientCode,
    now: request.now,
  };
  return withCopyingGuard(db, read, request.copying ?? DEFAULT_COPYING_SETTINGS, work, (refusal) =>
    recordAccess(
      db,
      {
        ...common(request, patientCode),
        action: ACCESS_OF[action],
        ...granted,
        outcome: "denied",
        refusal: `${refusal.code}:${action}`,
      },
      request.now,
    ).then(() => undefined),
  );
}

/** Finds a registered patient by personal code (undefined: none; the search is recorded either way). */
export async function findPatient(
  db: Kysely<Database>,
  request: PortalRequest,
  patientInput: unknown,
): Promise<Patient | undefined> {
  const patientCode = patientCodeOf(patientInput);
  const granted = await authorize(db, request, "patient.find", patientCode);
  return guardedRead(db, request, "patient.find", patientCode, granted, async (trx) => {
    const patient = await findPatientRow(trx, patientCode);
    await recordAccess(
      trx,
      {
        ...common(request, patientCode),
        action: "ehealth.patient.found",
        ...granted,
        outcome: patient ? "success" : "failure",
        object: patient ? "patient" : "patient:not-found",
      },
      request.now,
    );
    return patient;
  });
}

/** The patient (if registered) and their documents. */
export async function listPatientDocuments(
  db: Kysely<Database>,
  request: PortalRequest,
  patientInput: unknown,
): Promise<{ patient: Patient | undefined; documents: DocumentSummary[] }> {
  const patientCode = patientCodeOf(patientInput);
  const granted = await authorize(db, request, "patient.documents.list", patientCode);
  return guardedRead(db, request, "patient.documents.list", patientCode, granted, async (trx) => {
    const patient = await findPatientRow(trx, patientCode);
    const documents = patient
      ? await visibleDocuments(trx, patientCode, request.institution, granted.purpose)
      : [];
    await recordAccess(
      trx,
      {
        ...common(request, patientCode),
        action: "ehealth.documents.listed",
        ...granted,
        outcome: patient ? "success" : "failure",
        object: patient ? `documents:${documents.length}` : "patient:not-found",
      },
      request.now,
    );
    return { patient, documents };
  });
}

/** The patient's documents this institution may see for this purpose (restriction.ts). */
async function visibleDocuments(
  db: Kysely<Database>,
  patientCode: string,
  institution: string,
  purpose: Purpose,
): Promise<DocumentSummary[]> {
  const documents = await listDocuments(db, patientCode);
  const restricted = await restrictedAmong(
    db,
    documents.map((d) => d.id),
  );
  return documents.filter(
    (d) =>
      restrictionVerdict({ ...d, restricted: restricted.has(d.id) }, { institution, purpose }) !== "hidden",
  );
}

/** One of the patient's documents; DocumentError `document-not-found` when there is none. */
export async function readDocument(
  db: Kysely<Database>,
  request: PortalRequest,
  patientInput: unknown,
  documentId: string,
): Promise<StoredDocument> {
  const patientCode = patientCodeOf(patientInput);
  const granted = await authorize(db, request, "document.read", patientCode);
  const document = await guardedRead(db, request, "document.read", patientCode, granted, async (trx) => {
    const stored = await findDocument(trx, patientCode, documentId);
    const verdict = stored
      ? restrictionVerdict(
          { restricted: (await restrictedAmong(trx, [stored.id])).has(stored.id), ...stored },
          { institution: request.institution, purpose: granted.purpose },
        )
      : "hidden";
    // A hidden document reads as missing: the reader must not learn it exists (the patient's wish).
    const found = verdict === "hidden" ? undefined : stored;
    await recordAccess(
      trx,
      {
        ...common(request, patientCode),
        action: "ehealth.document.read",
        ...granted,
        outcome: found ? "success" : "failure",
        object: !stored
          ? "document:not-found"
          : verdict === "hidden"
            ? `document:${stored.id}:restricted`
            : verdict === "override"
              ? `document:${stored.id}:${EMERGENCY_OVERRIDE}`
              : `document:${stored.id}`,
      },
      request.now,
    );
    return found;
  });
  if (!document) throw new DocumentError("document-not-found", "the patient has no such document");
  return document;
}

/**
 * Uploads a document for the patient: decide, check (schema, patient, signature), then store
 * and record in one transaction. DocumentError on a refused document (recorded as failed).
 */
export async function uploadDocument(
  db: Kysely<Database>,
  request: PortalRequest,
  patientInput: unknown,
  bytes: Uint8Array,
  ports: UploadCheckPorts,
): Promise<{ id: string; checked: CheckedDocument }> {
  const patientCode = patientCodeOf(patientInput);
  const granted = await authorize(db, request, "document.upload", patientCode);
  let checked: CheckedDocument;
  try {
    if (!(await findPatientRow(db, patientCode)))
      throw new DocumentError("patient-not-found", "no registered patient has this personal code");
    checked = await checkUpload(bytes, patientCode, ports);
    await checkDocumentType(db, checked.header, rigaDateOf(request.now));
  } catch (error) {
    if (error instanceof DocumentError) {
      await recordAccess(
        db,
        {
          ...common(request, patientCode),
          action: "ehealth.document.uploaded",
          ...granted,
          outcome: "failure",
          refusal: `invalid-document:${error.code}`,
        },
        request.now,
      );
    }
    throw error;
  }
  const id = await db.transaction().execute(async (trx) => {
    const stored = await insertDocument(
      trx,
      { patientCode, registrationNumber: request.institution, authorCode: request.personCode, checked },
      request.now,
    );
    await recordAccess(
      trx,
      {
        ...common(request, patientCode),
        action: "ehealth.document.uploaded",
        ...granted,
        outcome: "success",
        object: `document:${stored}`,
      },
      request.now,
    );
    return stored;
  });
  return { id, checked };
}
