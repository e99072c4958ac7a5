/**
 * The e-service registry's coded errors. A refusal of a submitted form carries its own code and
 * a plain reason in Latvian and English (SIG-6); codes are catalogued in README.md and never reused.
 */
export const SUBMISSION_REFUSALS = {
  "not-an-edoc": {
    lv: "Fails nav eDoc (ASiC-E) konteiners.",
    en: "The file is not an eDoc (ASiC-E) container.",
  },
  "form-missing": {
    lv: "Konteinerā jābūt tieši vienam failam — e-pakalpojuma reģistrācijas veidlapai eservice-registration.xml.",
    en: "The container must hold exactly one file: the e-service registration form eservice-registration.xml.",
  },
  "form-invalid": {
    lv: "Veidlapa konteinerā nav derīga vai nav aizpildīta pilnībā.",
    en: "The form in the container is not valid or not filled in completely.",
  },
  unsigned: {
    lv: "Veidlapa nav parakstīta. Parakstiet to ar drošu elektronisko parakstu ar laika zīmogu.",
    en: "The form is not signed. Sign it with a qualified electronic signature with a time-stamp.",
  },
  "signature-invalid": {
    lv: "Paraksts nav derīgs (bojāts, atsaukts vai neuzticama izdevēja sertifikāts).",
    en: "A signature is not valid (broken, revoked, or its certificate is not from a trusted issuer).",
  },
  "form-not-covered": {
    lv: "Paraksts neattiecas uz visu veidlapu.",
    en: "A signature does not cover the whole form.",
  },
  "no-time-stamp": {
    lv: "Parakstam nav laika zīmoga. Parakstiet veidlapu ar drošu elektronisko parakstu ar laika zīmogu.",
    en: "A signature has no time-stamp. Sign the form with a qualified electronic signature with a time-stamp.",
  },
  "not-qualified": {
    lv: "Paraksts nav drošs (kvalificēts) elektroniskais paraksts.",
    en: "A signature is not a qualified electronic signature.",
  },
  "signer-not-representative": {
    lv: "Parakstītājs nav reģistrēts kā šīs iestādes pārstāvis. Sazinieties ar aģentūru.",
    en: "The signer is not registered as a representative of this institution. Contact the agency.",
  },
  "too-large": {
    lv: "Fails ir pārāk liels.",
    en: "The file is too large.",
  },
} as const;

export type SubmissionRefusalCode = keyof typeof SUBMISSION_REFUSALS;

/** The agency's actions and the catalogue's look-ups. */
export type EservicesErrorCode =
  | SubmissionRefusalCode
  | "not-found"
  | "not-submitted"
  | "bad-input"
  | "identifiers-exhausted"
  | "representative-exists";

/** Every code with its HTTP status; README.md lists them all (errors.test.ts). */
export const ERROR_STATUS: Record<EservicesErrorCode, number> = {
  ...(Object.fromEntries(Object.keys(SUBMISSION_REFUSALS).map((code) => [code, 422])) as Record<
    SubmissionRefusalCode,
    number
  >),
  "too-large": 413,
  "not-found": 404,
  "not-submitted": 409,
  "bad-input": 400,
  "identifiers-exhausted": 503,
  "representative-exists": 409,
};

export class EservicesError extends Error {
  override name = "EservicesError";
  readonly status: number;
  constructor(
    readonly code: EservicesErrorCode,
    message: string,
    /** Per-field problems of a form (bad-input, form-invalid). */
    readonly fields: readonly { field: string; code: string }[] = [],
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/** A refused submission: the code with its Latvian and English reason (and any detail for the form). */
export function submissionRefusal(
  code: SubmissionRefusalCode,
  fields: readonly { field: string; code: string }[] = [],
): EservicesError {
  return new EservicesError(code, SUBMISSION_REFUSALS[code].en, fields);
}
