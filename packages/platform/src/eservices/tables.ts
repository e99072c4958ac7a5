/**
 * The e-service registry's tables (ESV-2, ESV-3, SIG-6): the institutions' representatives the
 * agency entered, the registration forms as submitted (the signed eDoc kept byte for byte), each
 * form's status history, and the per-year counter the identifiers are drawn from.
 */
import type { Generated } from "kysely";

/** submitted (waiting in the agency's queue) → registered (identifier assigned) or refused. */
export const FORM_STATUSES = ["submitted", "registered", "refused"] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

/** A person who may sign registration forms for an institution (SIG-6), entered by the agency. */
export interface EserviceRepresentativeTable {
  id: Generated<string>;
  /** The institution's Register of Enterprises number (11 digits). */
  institution_registration_number: string;
  /** Normalised Latvian personal code `XXXXXX-XXXXX` (the signer's certificate names it PNOLV-…). */
  personal_code: string;
  full_name: string;
  added_by: string;
  added_at: Date;
}

/** One submitted registration form; the signed original never changes after the insert. */
export interface EserviceFormTable {
  id: Generated<string>;
  status: FormStatus;
  institution_registration_number: string;
  institution_name: string;
  /** Where the agency's notices go (ESV-3). */
  institution_email: string;
  name_lv: string;
  name_en: string;
  description_lv: string;
  description_en: string;
  /** Comma-separated audience codes (core/registration-form.ts AUDIENCES). */
  audiences: string;
  /** Comma-separated channel codes (CHANNELS). */
  channels: string;
  legal_basis: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  /** The form XML exactly as signed (the data file inside the eDoc). */
  form_xml: string;
  /** The signed eDoc as uploaded, unchanged (SIG-6 evidence), and its SHA-256 in hex. */
  signed_edoc: Uint8Array;
  signed_sha256: string;
  /** ETSI identifier of each signer (PNOLV-…), comma-separated; personal data, never logged. */
  signers: string;
  /** The signature time-stamp's time (best signature time) of the first signature. */
  signed_at: Date;
  submitted_at: Date;
  /** ESP-<year>-<5 digits> once registered (core/identifier.ts). */
  identifier: string | null;
  agency_contact_name: string | null;
  agency_contact_email: string | null;
  registered_at: Date | null;
  refusal_reason: string | null;
}

/** Every change of a form's status, with who made it and the notice the institution was sent. */
export interface EserviceFormStatusTable {
  id: Generated<string>;
  form_id: string;
  status: FormStatus;
  at: Date;
  actor: string;
  note: string | null;
  /** The notice to the institution (ESV-3), kept whether or not a mail queue was at hand. */
  notice_to: string | null;
  notice_subject: string | null;
  notice_body: string | null;
  /** When the notice was handed to the mail queue; null when none was configured. */
  notice_queued_at: Date | null;
}

/** The last number given out per year: identifiers count from 1 each year. */
export interface EserviceIdentifierCounterTable {
  year: number;
  last_number: number;
}

export interface EservicesTables {
  eservice_representative: EserviceRepresentativeTable;
  eservice_form: EserviceFormTable;
  eservice_form_status: EserviceFormStatusTable;
  eservice_identifier_counter: EserviceIdentifierCounterTable;
}
