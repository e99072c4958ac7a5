/**
 * Submitting a signed registration form (ESV-2, SIG-6): the eDoc is validated with @tilts/trust's
 * `verifyDocument` — as `tilts verify` does — against the configured anchors, then passes the
 * named checks of core/submission-checks.ts; the signers must be the institution's listed
 * representatives. Accepted: the original bytes are stored unchanged with their SHA-256, with a
 * `submitted` status row and an audit record, in one transaction. Refused: an EservicesError
 * with the refusal's code (and an audit record, outcome denied).
 */
import { createHash } from "node:crypto";
import {
  type DocumentReport,
  MalformedInputError,
  type RevocationFetchers,
  readAsicE,
  TrustError,
  verifyDocument,
} from "@tilts/trust";
import type { Kysely } from "kysely";
import { recordRegistryEvent } from "./audit-events.ts";
import { qualifyByCertificateStatements } from "./core/certificate-qualification.ts";
import { checkSignedForm, checkSignersRepresent } from "./core/submission-checks.ts";
import type { EservicesDatabase } from "./database.ts";
import { EservicesError, submissionRefusal } from "./errors.ts";
import { representativeCodesOf } from "./representatives.ts";
import type { SignatureAnchors } from "./signature-trust.ts";

export interface SubmissionPorts {
  anchors: SignatureAnchors;
  /** OCSP/CRL fetching, only where the installation allows the network; LT forms carry their own. */
  fetchers?: RevocationFetchers;
  /** Largest eDoc accepted (ESERVICES_MAX_FORM_BYTES). */
  maxBytes: number;
}

export interface SubmittedForm {
  id: string;
  status: "submitted";
  institution: string;
  name: { lv: string; en: string };
  signedSha256: string;
  signedAt: Date;
  submittedAt: Date;
}

/** Reads and validates the container; anything unreadable is "not an eDoc", never a crash. */
async function validateContainer(bytes: Uint8Array, ports: SubmissionPorts, now: Date) {
  let report: DocumentReport;
  let dataFiles: { name: string; content: Uint8Array }[];
  try {
    dataFiles = readAsicE(bytes).dataFiles.map((f) => ({ name: f.name, content: f.content }));
    report = await verifyDocument(bytes, {
      anchors: ports.anchors(),
      validationTime: now,
      qualify: qualifyByCertificateStatements,
      ...(ports.fetchers ? { fetchers: ports.fetchers } : {}),
    });
  } catch (error) {
    if (error instanceof TrustError || error instanceof MalformedInputError)
      throw submissionRefusal("not-an-edoc");
    throw error;
  }
  return { report, dataFiles };
}

export async function submitSignedForm(
  db: Kysely<EservicesDatabase>,
  bytes: Uint8Array,
  ports: SubmissionPorts,
  now: Date,
  context: { clientAddress?: string | null } = {},
): Promise<SubmittedForm> {
  let institution = "unknown";
  let actor = "unidentified-submitter";
  try {
    if (bytes.length > ports.maxBytes) throw submissionRefusal("too-large");
    const container = await validateContainer(bytes, ports, now);
    actor = container.report.signatures[0]?.signerId ?? actor;
    const checked = checkSignedForm(container);
    institution = checked.form.institution.registrationNumber;
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    return await db.transaction().execute(async (trx) => {
      // Decided in the transaction that stores it, so a representative removed meanwhile cannot slip through.
      checkSignersRepresent(checked.signers, await representativeCodesOf(trx, institution));
      const { form } = checked;
      const row = await trx
        .insertInto("eservice_form")
        .values({
          status: "submitted",
          institution_registration_number: institution,
          institution_name: form.institution.name,
          institution_email: form.institution.email,
          name_lv: form.name.lv,
          name_en: form.name.en,
          description_lv: form.description.lv,
          description_en: form.description.en,
          audiences: form.audiences.join(","),
          channels: form.channels.join(","),
          legal_basis: form.legalBasis,
          contact_name: form.contact.name,
          contact_email: form.contact.email,
          contact_phone: form.contact.phone ?? null,
          form_xml: new TextDecoder().decode(checked.formXml),
          signed_edoc: bytes,
          signed_sha256: sha256,
          signers: checked.signers.join(","),
          signed_at: checked.signedAt,
          submitted_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const id = String(row.id);
      await trx
        .insertInto("eservice_form_status")
        .values({ form_id: id, status: "submitted", at: now, actor: checked.signers[0]!, note: null })
        .execute();
      await recordRegistryEvent(
        trx,
        {
          actor: checked.signers[0]!,
          institution,
          action: "eservices.form.submitted",
          object: `eservice-form:${id}`,
          detail: `sha256=${sha256}`,
          clientAddress: context.clientAddress ?? null,
        },
        now,
      );
      return {
        id,
        status: "submitted" as const,
        institution,
        name: form.name,
        signedSha256: sha256,
        signedAt: checked.signedAt,
        submittedAt: now,
      };
    });
  } catch (error) {
    if (error instanceof EservicesError)
      await recordRegistryEvent(
        db,
        {
          actor,
          institution,
          action: "eservices.form.submission-refused",
          object: null,
          outcome: "denied",
          detail: `code=${error.code}`,
          clientAddress: context.clientAddress ?? null,
        },
        now,
      );
    throw error;
  }
}
