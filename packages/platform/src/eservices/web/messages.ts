/**
 * The registration workplaces' text (ESV-2, ESV-3), Latvian and English, keyed the same. Latvian
 * pages carry no codes or English words: statuses, problems and refusals have Latvian sentences.
 */
import { PERSON_CODE_PREFIX } from "../../core/web-session/index.ts";
import type { Language } from "../../web/i18n.ts";
import type { FormProblem } from "../core/registration-form.ts";
import type { FormStatus } from "../tables.ts";

const lv = {
  representativeTitle: "E-pakalpojuma reģistrācija",
  representativeIntro:
    "Aizpildiet veidlapu, lejupielādējiet to kā eDoc failu, parakstiet ar drošu elektronisko parakstu ar laika zīmogu un augšupielādējiet parakstīto failu.",
  agencyTitle: "Reģistrācijas veidlapu rinda",
  agencyIntro: "Iesniegtās e-pakalpojumu reģistrācijas veidlapas, vecākās vispirms.",
  signedInAs: "Jūs esat pieteicies kā",
  level: "augsts drošības līmenis",
  signOut: "Iziet",
  fillTitle: "1. Aizpildiet veidlapu",
  download: "Lejupielādēt parakstīšanai",
  errorsTitle: "Veidlapā ir kļūdas",
  uploadTitle: "2. Augšupielādējiet parakstīto veidlapu",
  fileLabel: "Parakstītā veidlapa (eDoc)",
  upload: "Iesniegt",
  uploadRefused: "Veidlapa netika pieņemta",
  myFormsTitle: "Jūsu iestāžu veidlapas",
  noForms: "Vēl nav iesniegtu veidlapu.",
  queueEmpty: "Rindā nav veidlapu.",
  colName: "E-pakalpojums",
  colInstitution: "Iestāde",
  colSubmitted: "Iesniegta",
  colStatus: "Statuss",
  colIdentifier: "Identifikators",
  formTitle: "Reģistrācijas veidlapa",
  fieldsTitle: "Veidlapas saturs",
  signatureTitle: "Paraksts",
  signers: "Parakstītāji (personas kods)",
  signedAt: "Parakstīta",
  sha256: "Parakstītā faila kontrolsumma",
  historyTitle: "Statusa vēsture",
  colAt: "Kad",
  colActor: "Kas",
  colNote: "Piezīme",
  colNotice: "Paziņojums nosūtīts",
  noticeQueued: "e-pasts nosūtīšanai ierindots",
  registerTitle: "Reģistrēt",
  contactName: "Aģentūras kontaktpersona",
  contactEmail: "Kontaktpersonas e-pasts",
  register: "Reģistrēt e-pakalpojumu",
  refuseTitle: "Atteikt",
  reason: "Atteikuma iemesls",
  refuse: "Atteikt reģistrāciju",
  registeredAs: "E-pakalpojums reģistrēts ar identifikatoru",
  refusedBecause: "Reģistrācija atteikta:",
  alreadyDecided: "Par šo veidlapu jau ir pieņemts lēmums.",
  backToQueue: "Atpakaļ uz rindu",
  backToForms: "Atpakaļ uz veidlapām",
  notFoundTitle: "Veidlapa nav atrasta",
  refusedTitle: "Šī darba vieta jums nav pieejama",
  refusedRepresentative:
    "Jūs neesat reģistrēts kā nevienas iestādes pārstāvis. Lūdziet aģentūrai jūs reģistrēt, iesniedzot iestādes pilnvarojumu.",
  refusedAgency: "Šī darba vieta ir tikai aģentūras darbiniekiem.",
  csrfTitle: "Pieprasījums netika izpildīts",
  csrfBody: "Lapa bija novecojusi. Atveriet to vēlreiz un mēģiniet vēlreiz.",
  signedOutTitle: "Jūs esat izgājis",
  signedOutBody: "Darba sesija ir beigta.",
  signInFailedTitle: "Pieteikšanās neizdevās",
  signInFailedBody:
    "Pieteikties neizdevās. Mēģiniet vēlreiz; darba vietai vajadzīgs augsts drošības līmenis.",
  home: "Uz sākumlapu",
  commandLine: "aģentūra (komandrinda)",
  serviceTitle: "E-pakalpojuma reģistrācija",
  serviceDescription:
    "Iestāžu pārstāvjiem: e-pakalpojuma reģistrācijas veidlapa, parakstīšana un iesniegšana.",
  agencyServiceTitle: "E-pakalpojumu reģistrācijas rinda",
  agencyServiceDescription:
    "Aģentūras darbiniekiem: iesniegto veidlapu izskatīšana, reģistrācija un atteikumi.",
} as const;

type Key = keyof typeof lv;

const en: Record<Key, string> = {
  representativeTitle: "E-service registration",
  representativeIntro:
    "Fill in the form, download it as an eDoc file, sign it with a qualified electronic signature with a time-stamp and upload the signed file.",
  agencyTitle: "Registration form queue",
  agencyIntro: "Submitted e-service registration forms, oldest first.",
  signedInAs: "Signed in as",
  level: "level of assurance high",
  signOut: "Sign out",
  fillTitle: "1. Fill in the form",
  download: "Download to sign",
  errorsTitle: "The form has errors",
  uploadTitle: "2. Upload the signed form",
  fileLabel: "Signed form (eDoc)",
  upload: "Submit",
  uploadRefused: "The form was not accepted",
  myFormsTitle: "Your institutions' forms",
  noForms: "No form submitted yet.",
  queueEmpty: "No form waits in the queue.",
  colName: "E-service",
  colInstitution: "Institution",
  colSubmitted: "Submitted",
  colStatus: "Status",
  colIdentifier: "Identifier",
  formTitle: "Registration form",
  fieldsTitle: "The form",
  signatureTitle: "Signature",
  signers: "Signers (personal code)",
  signedAt: "Signed",
  sha256: "Checksum of the signed file",
  historyTitle: "Status history",
  colAt: "When",
  colActor: "Who",
  colNote: "Note",
  colNotice: "Notice",
  noticeQueued: "e-mail queued for sending",
  registerTitle: "Register",
  contactName: "The agency's contact person",
  contactEmail: "The contact person's e-mail",
  register: "Register the e-service",
  refuseTitle: "Refuse",
  reason: "Reason for refusal",
  refuse: "Refuse the registration",
  registeredAs: "E-service registered with the identifier",
  refusedBecause: "Registration refused:",
  alreadyDecided: "This form has already been decided.",
  backToQueue: "Back to the queue",
  backToForms: "Back to the forms",
  notFoundTitle: "Form not found",
  refusedTitle: "This workplace is not available to you",
  refusedRepresentative:
    "You are not registered as a representative of any institution. Ask the agency to register you, with your institution's authorisation.",
  refusedAgency: "This workplace is for the agency's staff only.",
  csrfTitle: "The request was not carried out",
  csrfBody: "The page was out of date. Open it again and retry.",
  signedOutTitle: "You have signed out",
  signedOutBody: "Your session has ended.",
  signInFailedTitle: "Sign-in failed",
  signInFailedBody: "The sign-in failed. Try again; this workplace needs level of assurance high.",
  home: "To the home page",
  commandLine: "the agency (command line)",
  serviceTitle: "E-service registration",
  serviceDescription:
    "For institutions' representatives: the e-service registration form, signing and submission.",
  agencyServiceTitle: "E-service registration queue",
  agencyServiceDescription: "For the agency's staff: reviewing submitted forms, registering and refusing.",
};

export const workplaceText: Record<Language, Record<Key, string>> = { lv, en };

/** Each form field's label (keyed by the `{field}` of core/registration-form.ts problems). */
export const FIELD_LABELS: Record<Language, Record<string, string>> = {
  lv: {
    "name.lv": "Nosaukums latviski",
    "name.en": "Nosaukums angliski",
    "description.lv": "Apraksts latviski",
    "description.en": "Apraksts angliski",
    audiences: "Kam paredzēts",
    channels: "Kur pieejams",
    legalBasis: "Tiesiskais pamats",
    "institution.registrationNumber": "Iestādes reģistrācijas numurs",
    "institution.name": "Iestādes nosaukums",
    "institution.email": "Iestādes e-pasts paziņojumiem",
    "contact.name": "Kontaktpersona",
    "contact.email": "Kontaktpersonas e-pasts",
    "contact.phone": "Kontaktpersonas tālrunis (nav obligāts)",
    reason: "Atteikuma iemesls",
  },
  en: {
    "name.lv": "Name in Latvian",
    "name.en": "Name in English",
    "description.lv": "Description in Latvian",
    "description.en": "Description in English",
    audiences: "Intended for",
    channels: "Available through",
    legalBasis: "Legal basis",
    "institution.registrationNumber": "Institution's registration number",
    "institution.name": "Institution's name",
    "institution.email": "Institution's e-mail for notices",
    "contact.name": "Contact person",
    "contact.email": "Contact person's e-mail",
    "contact.phone": "Contact person's phone (optional)",
    reason: "Reason for refusal",
  },
};

const PROBLEMS: Record<Language, Record<FormProblem["code"], string>> = {
  lv: {
    required: "Aizpildiet šo lauku.",
    "too-long": "Teksts ir pārāk garš.",
    "bad-email": "Ierakstiet e-pasta adresi, piemēram, vards@iestade.lv.",
    "bad-registration-number": "Reģistrācijas numurā jābūt 11 cipariem.",
    "bad-phone": "Ierakstiet tālruņa numuru, piemēram, +371 67000000.",
    "unknown-value": "Izvēlieties no piedāvātajām iespējām.",
    "duplicate-value": "Katru iespēju izvēlieties tikai vienreiz.",
  },
  en: {
    required: "Fill in this field.",
    "too-long": "The text is too long.",
    "bad-email": "Enter an e-mail address, e.g. name@institution.lv.",
    "bad-registration-number": "The registration number has 11 digits.",
    "bad-phone": "Enter a phone number, e.g. +371 67000000.",
    "unknown-value": "Choose from the options offered.",
    "duplicate-value": "Choose each option once.",
  },
};

/** A problem's sentence; a code this page does not know reads as "fill in this field". */
export function problemText(language: Language, code: string): string {
  return PROBLEMS[language][code as FormProblem["code"]] ?? PROBLEMS[language].required;
}

export const STATUS_NAMES: Record<Language, Record<FormStatus, string>> = {
  lv: { submitted: "iesniegta, gaida izskatīšanu", registered: "reģistrēta", refused: "atteikta" },
  en: { submitted: "submitted, awaiting review", registered: "registered", refused: "refused" },
};

/**
 * Who acted, as a person reads it: a personal code without the `PNOLV-` prefix of the audit
 * form, and the agency's command line by name — never a code on the page.
 */
export function actorText(language: Language, actor: string): string {
  if (actor === "cli") return workplaceText[language].commandLine;
  return actor.startsWith(PERSON_CODE_PREFIX) ? actor.slice(PERSON_CODE_PREFIX.length) : actor;
}
