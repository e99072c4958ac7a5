/**
 * The e-health module's own texts, Latvian and English, keyed the same in both (a test checks).
 * The page shell's texts stay in web/i18n.ts. Other e-health helpers: add your keys here in both
 * catalogues (small additive edits), or keep a catalogue of your own following this pattern.
 * `{name}` placeholders are filled by `tr(key, { name })`; Preact escapes the result.
 */
import type { Language } from "../web/i18n.ts";

const lv = {
  "ehealth.service.operator.title": "E-veselība: operatora darba vieta",
  "ehealth.service.operator.description":
    "Iestādes, līgumi, 1. pielikuma pieteikumu rinda ar termiņiem; piekļuves apturēšana, atjaunošana un anulēšana.",
  "ehealth.service.administrator.title": "E-veselība: iestādes administratora darba vieta",
  "ehealth.service.administrator.description":
    "Iestādes lietotāji un viņu tiesības: piešķiršana, maiņa, apturēšana, atjaunošana un anulēšana ar pamatojumu; pilna vēsture.",
  "ehealth.service.portal.title": "E-veselība: ārstniecības personu portāls",
  "ehealth.service.portal.description":
    "Pacienta medicīnisko dokumentu skatīšana un augšupielāde ar norādītu mērķi (augsts drošības līmenis).",
  "ehealth.service.myReport.title": "E-veselība: kas skatīja manus datus",
  "ehealth.service.myReport.description":
    "Iedzīvotājam: pārskats par to, kas, kad, kuras iestādes vārdā un ar kādu mērķi piekļuva jūsu veselības datiem.",

  "ehealth.session.signedInAs": "Pieteicies: {name}",
  "ehealth.session.level": "drošības līmenis: {level}",
  "ehealth.session.signOut": "Iziet",
  "ehealth.session.signedOut.title": "Jūs esat izgājis",
  "ehealth.session.signedOut.body": "E-veselības sesija ir beigusies.",
  "ehealth.session.signInAgain": "Pieteikties vēlreiz",
  "ehealth.session.failed.title": "Pieteikšanās neizdevās",
  "ehealth.session.failed.body": "Pieteikšanos e-veselībā neizdevās pabeigt. Mēģiniet vēlreiz.",
  "ehealth.session.failed.code": "Kļūdas kods:",
  "ehealth.session.failed.expired":
    "Pieteikšanās ir novecojusi, jau izmantota vai sākta citā pārlūkā. Sāciet no jauna.",
  "ehealth.session.failed.cancelled": "Pieteikšanās tika atcelta.",
  "ehealth.session.failed.level":
    "Šai darba vietai nepieciešams augsts drošības līmenis (eID karte vai eParaksts Mobile).",
  "ehealth.session.failed.person": "E-veselībā var pieteikties tikai personas ar Latvijas personas kodu.",
  "ehealth.csrf.title": "Veidlapa nav derīga",
  "ehealth.csrf.body":
    "Veidlapas drošības pārbaude neizdevās (iespējams, sesija ir atjaunota). Atveriet lapu no jauna un mēģiniet vēlreiz.",
  "ehealth.back": "Atpakaļ",
} as const;

export type EhealthMessageKey = keyof typeof lv;

const en: Record<EhealthMessageKey, string> = {
  "ehealth.service.operator.title": "E-health: operator's workplace",
  "ehealth.service.operator.description":
    "Institutions, contracts, the annex 1 applications queue with due dates; suspending, restoring and annulling access.",
  "ehealth.service.administrator.title": "E-health: institution administrator's workplace",
  "ehealth.service.administrator.description":
    "Your institution's users and their rights: grant, change, suspend, restore and annul with a ground; the full history.",
  "ehealth.service.portal.title": "E-health: professionals' portal",
  "ehealth.service.portal.description":
    "Open and upload a patient's clinical documents for a stated purpose (assurance level high).",
  "ehealth.service.myReport.title": "E-health: who accessed my data",
  "ehealth.service.myReport.description":
    "For residents: who accessed your health data, when, for which institution and for what purpose.",

  "ehealth.session.signedInAs": "Signed in: {name}",
  "ehealth.session.level": "assurance level: {level}",
  "ehealth.session.signOut": "Sign out",
  "ehealth.session.signedOut.title": "You have signed out",
  "ehealth.session.signedOut.body": "Your e-health session has ended.",
  "ehealth.session.signInAgain": "Sign in again",
  "ehealth.session.failed.title": "Sign-in failed",
  "ehealth.session.failed.body": "The e-health sign-in could not be completed. Please try again.",
  "ehealth.session.failed.code": "Error code:",
  "ehealth.session.failed.expired":
    "This sign-in has expired, was already used or was started in another browser. Start again.",
  "ehealth.session.failed.cancelled": "The sign-in was cancelled.",
  "ehealth.session.failed.level":
    "This workplace requires assurance level high (the eID card or eParaksts Mobile).",
  "ehealth.session.failed.person": "Only persons with a Latvian personal code can sign in to e-health.",
  "ehealth.csrf.title": "The form is not valid",
  "ehealth.csrf.body":
    "The form's security check failed (your session may have been renewed). Open the page again and retry.",
  "ehealth.back": "Back",
};

export const ehealthMessages: Record<Language, Record<EhealthMessageKey, string>> = { lv, en };

export type EhealthTranslate = (key: EhealthMessageKey, vars?: Record<string, string>) => string;

export function ehealthTranslator(language: Language): EhealthTranslate {
  const catalogue = ehealthMessages[language];
  return (key, vars) => {
    const text = catalogue[key];
    return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole) : text;
  };
}
