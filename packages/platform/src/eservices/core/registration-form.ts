/**
 * The e-service registration form (ESV-2) as a value: what an institution's representative fills
 * in, checked field by field. Pure: no I/O. A check never returns a bare false — each problem is a
 * field and a code (README.md lists them).
 */

/** Who the e-service is for (ESV-1: citizens' and businesses' e-services go on the state portal). */
export const AUDIENCES = ["citizens", "businesses"] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Where people reach it. */
export const CHANNELS = ["state-portal", "institution-website", "mobile-app", "api"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface RegistrationForm {
  name: { lv: string; en: string };
  description: { lv: string; en: string };
  audiences: Audience[];
  channels: Channel[];
  /** The legal act(s) the service rests on, as the institution cites them. */
  legalBasis: string;
  institution: { registrationNumber: string; name: string; email: string };
  contact: { name: string; email: string; phone?: string };
}

export type FormProblemCode =
  | "required"
  | "too-long"
  | "bad-email"
  | "bad-registration-number"
  | "bad-phone"
  | "unknown-value"
  | "duplicate-value";

export interface FormProblem {
  /** Dotted path of the field, e.g. `name.lv`, `institution.email`. */
  field: string;
  code: FormProblemCode;
}

export type FormCheck = { ok: true; form: RegistrationForm } | { ok: false; problems: FormProblem[] };

/** What a form may hold, so an institution cannot make the registry (or the page) carry a book. */
export const FORM_LIMITS = { name: 200, description: 4000, legalBasis: 2000, text: 200, email: 254 } as const;

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const REGISTRATION_NUMBER = /^\d{11}$/;
const PHONE = /^\+?[0-9 ()-]{5,20}$/;

/** The form as the user gave it (CLI options, a web form): text and lists of text, unchecked. */
export interface RawForm {
  nameLv?: string;
  nameEn?: string;
  descriptionLv?: string;
  descriptionEn?: string;
  audiences?: readonly string[];
  channels?: readonly string[];
  legalBasis?: string;
  institutionRegistrationNumber?: string;
  institutionName?: string;
  institutionEmail?: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
}

/** Checks every field and returns either the form, trimmed, or all problems at once. */
export function checkRegistrationForm(raw: RawForm): FormCheck {
  const problems: FormProblem[] = [];
  const text = (field: string, value: string | undefined, max: number): string => {
    const v = (value ?? "").trim();
    if (!v) problems.push({ field, code: "required" });
    else if (v.length > max) problems.push({ field, code: "too-long" });
    return v;
  };
  const email = (field: string, value: string | undefined): string => {
    const v = text(field, value, FORM_LIMITS.email);
    if (v && v.length <= FORM_LIMITS.email && !EMAIL.test(v)) problems.push({ field, code: "bad-email" });
    return v;
  };
  const codes = <T extends string>(
    field: string,
    values: readonly string[] | undefined,
    allowed: readonly T[],
  ) => {
    const list = (values ?? []).map((v) => v.trim()).filter((v) => v !== "");
    if (list.length === 0) problems.push({ field, code: "required" });
    for (const v of list)
      if (!(allowed as readonly string[]).includes(v)) problems.push({ field, code: "unknown-value" });
    if (new Set(list).size !== list.length) problems.push({ field, code: "duplicate-value" });
    // Kept in the catalogue's order, so the same choice always makes the same XML.
    return allowed.filter((a) => list.includes(a));
  };
  const form: RegistrationForm = {
    name: {
      lv: text("name.lv", raw.nameLv, FORM_LIMITS.name),
      en: text("name.en", raw.nameEn, FORM_LIMITS.name),
    },
    description: {
      lv: text("description.lv", raw.descriptionLv, FORM_LIMITS.description),
      en: text("description.en", raw.descriptionEn, FORM_LIMITS.description),
    },
    audiences: codes("audiences", raw.audiences, AUDIENCES),
    channels: codes("channels", raw.channels, CHANNELS),
    legalBasis: text("legalBasis", raw.legalBasis, FORM_LIMITS.legalBasis),
    institution: {
      registrationNumber: text("institution.registrationNumber", raw.institutionRegistrationNumber, 11),
      name: text("institution.name", raw.institutionName, FORM_LIMITS.text),
      email: email("institution.email", raw.institutionEmail),
    },
    contact: {
      name: text("contact.name", raw.contactName, FORM_LIMITS.text),
      email: email("contact.email", raw.contactEmail),
    },
  };
  const regNo = form.institution.registrationNumber;
  if (regNo && regNo.length <= 11 && !REGISTRATION_NUMBER.test(regNo))
    problems.push({ field: "institution.registrationNumber", code: "bad-registration-number" });
  const phone = raw.contactPhone?.trim();
  if (phone) {
    if (!PHONE.test(phone)) problems.push({ field: "contact.phone", code: "bad-phone" });
    form.contact.phone = phone;
  }
  return problems.length === 0 ? { ok: true, form } : { ok: false, problems };
}
