/**
 * The verification pages' text, Latvian and English, keyed the same. Latvian pages carry no
 * English words or codes: levels and outcomes are named in words.
 */
import type { Language } from "../../web/i18n.ts";
import type { FileKind } from "../verification/file-kind.ts";
import type { Outcome, SignatureLevel } from "../verification/signature-summary.ts";

const lv = {
  title: "Parakstīta dokumenta pārbaude",
  intro:
    "Augšupielādējiet parakstītu dokumentu — eDoc, ASiC konteineru, XML vai PDF failu —, lai uzzinātu, kas to parakstīja, vai paraksti ir derīgi un kādi faili ir dokumentā. Pieteikties nav vajadzīgs.",
  fileLabel: "Parakstītais dokuments",
  fileHint: "Lielākais pieļaujamais izmērs:",
  submit: "Pārbaudīt",
  privacy:
    "Dokumentu pārbaudām un tā failus īslaicīgi glabājam tikai apskatei; tie netiek saglabāti datubāzē un pēc dažām minūtēm tiek dzēsti.",
  resultTitle: "Pārbaudes rezultāts",
  documentName: "Dokuments",
  checkedAt: "Pārbaudīts",
  allValid: "Visi dokumenta paraksti ir derīgi.",
  notAllValid: "Ne visi dokumenta paraksti ir derīgi. Skatiet skaidrojumu pie katra paraksta.",
  noSignatures: "Dokumentā nav neviena paraksta.",
  filesHeading: "Dokumenta faili",
  fileName: "Nosaukums",
  fileType: "Veids",
  fileSize: "Izmērs",
  fileActions: "Darbības",
  open: "Atvērt",
  download: "Lejupielādēt",
  signaturesHeading: "Paraksti",
  signature: "Paraksts",
  signer: "Parakstītājs",
  personalCode: "Personas kods",
  otherIdentifier: "Identifikators",
  unknownSigner: "nav zināms",
  result: "Rezultāts",
  reason: "Iemesls",
  advice: "Ko darīt",
  level: "Paraksta veids",
  levelByCertificate: "pēc sertifikāta norādēm; uzticamo pakalpojumu sarakstā nav pārbaudīts",
  signingTime: "Parakstīšanas laiks",
  provenBy: "apliecina laika zīmogs",
  tsaIssuer: "izdevējs:",
  claimedOnly: "tikai parakstītāja norādīts, nav apliecināts ar laika zīmogu",
  noTime: "nav norādīts",
  covers: "Paraksts aptver",
  partial: "Paraksts aptver tikai daļu dokumenta: pēc parakstīšanas dokumentā veiktas izmaiņas.",
  validBody:
    "Saturs pēc parakstīšanas nav mainīts, un parakstītāja sertifikāts parakstīšanas brīdī bija derīgs.",
  reportLink: "Lejupielādēt pārbaudes pārskatu (PDF, ar pakalpojuma elektronisko zīmogu)",
  again: "Pārbaudīt citu dokumentu",
  expiredTitle: "Pārbaudes rezultāts vairs nav pieejams",
  expiredBody: "Dokumenta faili tiek glabāti tikai dažas minūtes. Augšupielādējiet dokumentu vēlreiz.",
  refusedTitle: "Dokumentu nevar pārbaudīt",
  tooLarge: "Fails ir pārāk liels. Lielākais pieļaujamais izmērs:",
  noFile: "Izvēlieties failu, ko pārbaudīt.",
  unreadable: "Fails nav eDoc, ASiC konteiners, XML vai PDF dokuments, vai arī tas ir bojāts.",
  bytes: "baiti",
  serviceDescription:
    "Pārbaudiet e-parakstu: kas parakstīja, vai paraksts ir derīgs un kādi faili ir dokumentā.",
} as const;

type Key = keyof typeof lv;

const en: Record<Key, string> = {
  title: "Verify a signed document",
  intro:
    "Upload a signed document — an eDoc, an ASiC container, an XML or a PDF file — to see who signed it, whether the signatures are valid and which files it holds. No sign-in needed.",
  fileLabel: "Signed document",
  fileHint: "Largest size accepted:",
  submit: "Verify",
  privacy:
    "We verify the document and keep its files for a short while only so you can open them; they are not stored in a database and are deleted after a few minutes.",
  resultTitle: "Verification result",
  documentName: "Document",
  checkedAt: "Verified",
  allValid: "All signatures of the document are valid.",
  notAllValid: "Not all signatures of the document are valid. See the explanation at each signature.",
  noSignatures: "The document has no signature.",
  filesHeading: "Files in the document",
  fileName: "Name",
  fileType: "Type",
  fileSize: "Size",
  fileActions: "Actions",
  open: "Open",
  download: "Download",
  signaturesHeading: "Signatures",
  signature: "Signature",
  signer: "Signer",
  personalCode: "Personal code",
  otherIdentifier: "Identifier",
  unknownSigner: "unknown",
  result: "Result",
  reason: "Reason",
  advice: "What to do",
  level: "Kind of signature",
  levelByCertificate: "as the certificate states; not confirmed by a trusted list",
  signingTime: "Signing time",
  provenBy: "proven by a time-stamp",
  tsaIssuer: "issued by",
  claimedOnly: "stated by the signer only, not proven by a time-stamp",
  noTime: "not given",
  covers: "The signature covers",
  partial: "The signature covers only part of the document: the document was changed after signing.",
  validBody:
    "The content was not changed after signing and the signer's certificate was valid when it was signed.",
  reportLink: "Download the validation report (PDF, sealed by the service)",
  again: "Verify another document",
  expiredTitle: "The verification result is no longer available",
  expiredBody: "A document's files are kept for a few minutes only. Upload the document again.",
  refusedTitle: "The document cannot be verified",
  tooLarge: "The file is too large. Largest size accepted:",
  noFile: "Choose a file to verify.",
  unreadable: "The file is not an eDoc, an ASiC container, an XML or a PDF document, or it is damaged.",
  bytes: "bytes",
  serviceDescription:
    "Check an e-signature: who signed, whether the signature is valid and which files the document holds.",
};

export const verifyText: Record<Language, Record<Key, string>> = { lv, en };

export const outcomeNames: Record<Language, Record<Outcome, string>> = {
  lv: { valid: "Derīgs", invalid: "Nav derīgs", indeterminate: "Nevar noteikt, vai derīgs" },
  en: { valid: "Valid", invalid: "Not valid", indeterminate: "Cannot be determined" },
};

/** eIDAS art. 3(11), (12) and (15): the legal names of the levels. */
export const levelNames: Record<Language, Record<SignatureLevel, string>> = {
  lv: {
    qes: "Kvalificēts elektroniskais paraksts (drošs elektroniskais paraksts)",
    qeseal: "Kvalificēts elektroniskais zīmogs",
    "ades-qc": "Uzlabots elektroniskais paraksts ar kvalificētu sertifikātu",
    ades: "Uzlabots elektroniskais paraksts",
    "not-ades": "Nav uzlabots elektroniskais paraksts",
    unknown: "Nav noteikts: pakalpojumam nav pieejams uzticamo pakalpojumu saraksts",
  },
  en: {
    qes: "Qualified electronic signature (QES)",
    qeseal: "Qualified electronic seal",
    "ades-qc": "Advanced electronic signature with a qualified certificate (AdES/QC)",
    ades: "Advanced electronic signature (AdES)",
    "not-ades": "Not an advanced electronic signature",
    unknown: "Not determined: the service has no trusted list at hand",
  },
};

/** Sizes as people read them: bytes below 1 kB, else kB or MB with a decimal comma in Latvian. */
export function showSize(bytes: number, language: Language): string {
  const format = (n: number) =>
    n.toLocaleString(language === "lv" ? "lv-LV" : "en-GB", { maximumFractionDigits: 1 });
  if (bytes < 1000) return `${bytes} ${verifyText[language].bytes}`;
  if (bytes < 1_000_000) return `${format(bytes / 1000)} kB`;
  return `${format(bytes / 1_000_000)} MB`;
}

export const fileKindNames: Record<Language, Record<FileKind, string>> = {
  lv: { pdf: "PDF dokuments", image: "attēls", text: "teksts", xml: "XML dokuments", other: "cits fails" },
  en: { pdf: "PDF document", image: "image", text: "text", xml: "XML document", other: "other file" },
};
