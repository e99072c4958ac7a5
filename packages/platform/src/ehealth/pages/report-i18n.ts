/**
 * The access reports' texts, Latvian and English, keyed the same in both (checked by
 * report-i18n.test.ts). Follows ehealth/i18n.ts: `{name}` placeholders filled by `rt(key, vars)`.
 */
import type { Language } from "../../web/i18n.ts";

const lv = {
  "report.operator.title": "Piekļuves pārskati",
  "report.operator.intro":
    "Kas, kad, kuras iestādes vārdā un ar kādu mērķi piekļuva personas datiem (līguma 9. punkts). Izvēlieties pārskata veidu un ievadiet personas kodu vai iestādes reģistrācijas numuru.",
  "report.institution.title": "Iestādes piekļuves pārskats",
  "report.institution.intro":
    "Iestādes lietotāju piekļuve pacientu datiem. Atbildot uz operatora pieprasījumu 10 darba dienu laikā, var atlasīt pēc pacienta vai lietotāja.",
  "report.mine.title": "Kas skatīja manus datus",
  "report.mine.intro":
    "Šeit redzams, kurš ārstniecības personāls, kad, kuras iestādes vārdā un ar kādu mērķi piekļuva jūsu veselības datiem. Ja kāda piekļuve jums šķiet nepamatota, vērsieties pie iestādes vai operatora.",

  "report.form.heading": "Atlase",
  "report.form.kind": "Pārskata veids",
  "report.form.kind.patient": "Pacients",
  "report.form.kind.user": "Lietotājs (ārstniecības persona)",
  "report.form.kind.institution": "Iestāde",
  "report.form.kind.all": "Visa iestāde",
  "report.form.id": "Personas kods vai reģistrācijas numurs",
  "report.form.idHint": "Personas kods formā XXXXXX-XXXXX; iestādei — 11 ciparu reģistrācijas numurs.",
  "report.form.institution": "Iestāde",
  "report.form.from": "No datuma",
  "report.form.to": "Līdz datumam (ieskaitot)",
  "report.form.dateHint": "Datumi pēc Latvijas laika.",
  "report.form.submit": "Rādīt",

  "report.table.caption": "Piekļuves ieraksti, jaunākie vispirms",
  "report.table.time": "Laiks (Latvijas)",
  "report.table.user": "Kas",
  "report.table.institution": "Iestāde",
  "report.table.patient": "Pacients",
  "report.table.action": "Darbība",
  "report.table.purpose": "Mērķis",
  "report.table.legalGround": "Tiesiskais pamats",
  "report.table.outcome": "Rezultāts",
  "report.table.object": "Objekts",
  "report.table.userCode": "Personas kods",
  "report.table.institutionNumber": "Reģistrācijas numurs",
  "report.table.refusal": "Atteikuma iemesls",
  "report.back.operator": "Atpakaļ uz operatora darba vietu",
  "report.back.institution": "Atpakaļ uz iestādes administratora darba vietu",
  "report.back.mine": "Uz sākumlapu",
  "report.table.role": "Loma",
  "report.refusedAttempt": "Atteikts piekļuves mēģinājums (kas mēģināja, netiek rādīts)",
  "report.unknownPerson": "e-veselības sistēmas lietotājs",
  "report.role.operator": "e-veselības operators",
  "report.role.administrator": "iestādes administrators",
  "report.none": "Atlasītajā periodā ierakstu nav.",
  "report.noInstitution": "—",
  "report.ownAccess": "jūs pats",
  "report.pager": "Lapas",
  "report.older": "Vecāki ieraksti",
  "report.newest": "Uz jaunākajiem",
  "report.csv": "Lejupielādēt CSV",
  "report.recorded": "Šī pārskata skatīšana arī tiek reģistrēta piekļuves žurnālā.",

  "report.action.ehealth.patient.found": "Atrada pacientu",
  "report.action.ehealth.documents.listed": "Skatīja dokumentu sarakstu",
  "report.action.ehealth.document.read": "Atvēra dokumentu",
  "report.action.ehealth.document.uploaded": "Augšupielādēja dokumentu",
  "report.action.ehealth.consents.listed": "Skatīja informētās piekrišanas",
  "report.action.ehealth.consent.recorded": "Reģistrēja informēto piekrišanu",
  "report.action.ehealth.consent.withdrawn": "Reģistrēja piekrišanas atsaukumu",
  "report.action.ehealth.report.viewed": "Skatīja piekļuves pārskatu",
  "report.action.ehealth.report.exported": "Lejupielādēja piekļuves pārskatu",
  "report.action.ehealth.own-data.viewed": "Skatīja savus datus",
  "report.action.ehealth.document.restricted": "Ierobežoja piekļuvi dokumentam",
  "report.action.ehealth.document.restriction-lifted": "Atcēla dokumenta piekļuves ierobežojumu",
  "report.emergencyOverride": "Jūsu ierobežoto dokumentu atvēra neatliekamā situācijā",
  "report.purpose.treatment": "ārstēšana",
  "report.purpose.emergency": "neatliekamā palīdzība",
  "report.purpose.prescription": "recepte",
  "report.purpose.laboratory": "laboratorija",
  "report.purpose.registration": "reģistratūra",
  "report.purpose.own-data": "savu datu apskate",
  "report.purpose.supervision": "operatora uzraudzība",
  "report.purpose.institution-report": "iestādes pārskats",
  "report.outcome.success": "atļauts",
  "report.outcome.denied": "atteikts",
  "report.outcome.failure": "neizdevās",

  "report.error.heading": "Lūdzu, izlabojiet:",
  "report.error.bad-subject": "Personas kods vai reģistrācijas numurs nav derīgs.",
  "report.error.bad-date": "Datums nav derīgs (vajag GGGG-MM-DD).",
  "report.error.bad-range": "Sākuma datums ir pēc beigu datuma vai ārpus 2000.–2100. gada.",
  "report.error.bad-cursor": "Lapas saite nav derīga. Sāciet no jaunākajiem ierakstiem.",
  "report.error.bad-limit": "Nederīgs lapas izmērs.",
  "report.error.not-allowed": "Jums nav tiesību skatīt šo pārskatu.",
  "report.error.chooseInstitution": "Izvēlieties iestādi.",
  "report.refused.title": "Piekļuve atteikta",
  "report.refused.missingRight": "Trūkstošās tiesības:",
  "report.refused.reason": "Iemesls:",
  "report.refused.logged": "Atteikums ir reģistrēts piekļuves žurnālā.",
  "report.back": "Uz sākumlapu",
  "report.csv.filename": "piekluves-parskats",
} as const;

export type ReportMessageKey = keyof typeof lv;

const en: Record<ReportMessageKey, string> = {
  "report.operator.title": "Access reports",
  "report.operator.intro":
    "Who accessed a person's data, when, for which institution and for what purpose (contract item 9). Choose the kind of report and enter a personal code or an institution's registration number.",
  "report.institution.title": "Institution access report",
  "report.institution.intro":
    "Your institution's users' access to patients' data. To answer the operator's request within 10 working days, narrow it to a patient or a user.",
  "report.mine.title": "Who accessed my data",
  "report.mine.intro":
    "Which health professionals accessed your health data, when, for which institution and for what purpose. If an access looks unjustified to you, contact the institution or the operator.",

  "report.form.heading": "Selection",
  "report.form.kind": "Kind of report",
  "report.form.kind.patient": "Patient",
  "report.form.kind.user": "User (health professional)",
  "report.form.kind.institution": "Institution",
  "report.form.kind.all": "The whole institution",
  "report.form.id": "Personal code or registration number",
  "report.form.idHint":
    "A personal code as XXXXXX-XXXXX; for an institution, its 11-digit registration number.",
  "report.form.institution": "Institution",
  "report.form.from": "From",
  "report.form.to": "To (inclusive)",
  "report.form.dateHint": "Dates in Latvian time.",
  "report.form.submit": "Show",

  "report.table.caption": "Access records, newest first",
  "report.table.time": "Time (Latvia)",
  "report.table.user": "Who",
  "report.table.institution": "Institution",
  "report.table.patient": "Patient",
  "report.table.action": "Action",
  "report.table.purpose": "Purpose",
  "report.table.legalGround": "Legal ground",
  "report.table.outcome": "Outcome",
  "report.table.object": "Object",
  "report.table.userCode": "Personal code",
  "report.table.institutionNumber": "Registration number",
  "report.table.refusal": "Reason refused",
  "report.back.operator": "Back to the operator's workplace",
  "report.back.institution": "Back to the institution administrator's workplace",
  "report.back.mine": "To the home page",
  "report.table.role": "Role",
  "report.refusedAttempt": "A refused attempt to access (who tried is not shown)",
  "report.unknownPerson": "a user of the e-health system",
  "report.role.operator": "e-health operator",
  "report.role.administrator": "institution administrator",
  "report.none": "No records in the selected period.",
  "report.noInstitution": "—",
  "report.ownAccess": "you",
  "report.pager": "Pages",
  "report.older": "Older records",
  "report.newest": "Back to the newest",
  "report.csv": "Download CSV",
  "report.recorded": "Viewing this report is recorded in the access log too.",

  "report.action.ehealth.patient.found": "Found the patient",
  "report.action.ehealth.documents.listed": "Listed documents",
  "report.action.ehealth.document.read": "Opened a document",
  "report.action.ehealth.document.uploaded": "Uploaded a document",
  "report.action.ehealth.consents.listed": "Viewed informed consents",
  "report.action.ehealth.consent.recorded": "Recorded an informed consent",
  "report.action.ehealth.consent.withdrawn": "Recorded a consent's withdrawal",
  "report.action.ehealth.report.viewed": "Viewed an access report",
  "report.action.ehealth.report.exported": "Downloaded an access report",
  "report.action.ehealth.own-data.viewed": "Viewed their own data",
  "report.action.ehealth.document.restricted": "Restricted access to a document",
  "report.action.ehealth.document.restriction-lifted": "Lifted a document's access restriction",
  "report.emergencyOverride": "Your restricted document was opened in an emergency",
  "report.purpose.treatment": "treatment",
  "report.purpose.emergency": "emergency care",
  "report.purpose.prescription": "prescription",
  "report.purpose.laboratory": "laboratory",
  "report.purpose.registration": "registration",
  "report.purpose.own-data": "viewing own data",
  "report.purpose.supervision": "operator's supervision",
  "report.purpose.institution-report": "institution's report",
  "report.outcome.success": "allowed",
  "report.outcome.denied": "refused",
  "report.outcome.failure": "failed",

  "report.error.heading": "Please correct:",
  "report.error.bad-subject": "The personal code or registration number is not valid.",
  "report.error.bad-date": "The date is not valid (use YYYY-MM-DD).",
  "report.error.bad-range": "The start date is after the end date, or outside 2000–2100.",
  "report.error.bad-cursor": "The page link is not valid. Start from the newest records.",
  "report.error.bad-limit": "Invalid page size.",
  "report.error.not-allowed": "You may not see this report.",
  "report.error.chooseInstitution": "Choose an institution.",
  "report.refused.title": "Access refused",
  "report.refused.missingRight": "Missing right:",
  "report.refused.reason": "Reason:",
  "report.refused.logged": "The refusal is recorded in the access log.",
  "report.back": "To the home page",
  "report.csv.filename": "access-report",
};

export const reportMessages: Record<Language, Record<ReportMessageKey, string>> = { lv, en };

export type ReportTranslate = (key: ReportMessageKey, vars?: Record<string, string>) => string;

export function reportTranslator(language: Language): ReportTranslate {
  const catalogue = reportMessages[language];
  return (key, vars) => {
    const text = catalogue[key];
    return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole) : text;
  };
}

/** A catalogue text for a value from the log, or the value itself when there is none. */
export function reportLabel(
  rt: ReportTranslate,
  prefix: "action" | "purpose" | "outcome",
  value: string,
): string {
  const key = `report.${prefix}.${value}`;
  return key in reportMessages.en ? rt(key as ReportMessageKey) : value;
}
