/** A stored form row as the registry's value (the columns mirror the signed XML they were read from). */
import type { Selectable } from "kysely";
import type { Audience, Channel, RegistrationForm } from "./core/registration-form.ts";
import type { EserviceFormTable, FormStatus } from "./tables.ts";

export type FormRow = Selectable<EserviceFormTable>;

export interface StoredForm {
  id: string;
  status: FormStatus;
  form: RegistrationForm;
  submittedAt: Date;
  signedAt: Date;
  signedSha256: string;
  /** The signers' `PNOLV-` identifiers, as the signatures named them. */
  signers: string[];
  identifier: string | null;
  agencyContact: { name: string; email: string } | null;
  registeredAt: Date | null;
  refusalReason: string | null;
}

export function formOfRow(row: Omit<FormRow, "signed_edoc" | "form_xml">): RegistrationForm {
  return {
    name: { lv: row.name_lv, en: row.name_en },
    description: { lv: row.description_lv, en: row.description_en },
    audiences: row.audiences.split(",") as Audience[],
    channels: row.channels.split(",") as Channel[],
    legalBasis: row.legal_basis,
    institution: {
      registrationNumber: row.institution_registration_number,
      name: row.institution_name,
      email: row.institution_email,
    },
    contact: {
      name: row.contact_name,
      email: row.contact_email,
      ...(row.contact_phone ? { phone: row.contact_phone } : {}),
    },
  };
}

export function storedFormOfRow(row: Omit<FormRow, "signed_edoc" | "form_xml">): StoredForm {
  return {
    id: String(row.id),
    status: row.status,
    form: formOfRow(row),
    submittedAt: new Date(row.submitted_at),
    signedAt: new Date(row.signed_at),
    signedSha256: row.signed_sha256,
    signers: row.signers.split(","),
    identifier: row.identifier,
    agencyContact:
      row.agency_contact_name && row.agency_contact_email
        ? { name: row.agency_contact_name, email: row.agency_contact_email }
        : null,
    registeredAt: row.registered_at ? new Date(row.registered_at) : null,
    refusalReason: row.refusal_reason,
  };
}

/** Every column but the large ones (the signed eDoc and the XML), for lists and pages. */
export const FORM_SUMMARY_COLUMNS = [
  "id",
  "status",
  "institution_registration_number",
  "institution_name",
  "institution_email",
  "name_lv",
  "name_en",
  "description_lv",
  "description_en",
  "audiences",
  "channels",
  "legal_basis",
  "contact_name",
  "contact_email",
  "contact_phone",
  "signed_sha256",
  "signers",
  "signed_at",
  "submitted_at",
  "identifier",
  "agency_contact_name",
  "agency_contact_email",
  "registered_at",
  "refusal_reason",
] as const;
