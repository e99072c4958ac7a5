/**
 * The attestation page's texts (CON-7), Latvian and English, keyed the same; spread into
 * e-health's catalogue (../i18n.ts), whose test checks both languages have every key.
 */

export const attestationMessagesLv = {
  "ehealth.attestation.title": "Apliecinājums",
  "ehealth.attestation.lead":
    "Pirms sākat darbu ar pacientu datiem iestādes “{institution}” vārdā, izlasiet un parakstiet apliecinājumu ar drošu elektronisko parakstu.",
  "ehealth.attestation.textTitle": "Apliecinājuma teksts",
  "ehealth.attestation.howTitle": "Kā parakstīt",
  "ehealth.attestation.step.download": "Lejupielādējiet apliecinājuma dokumentu:",
  "ehealth.attestation.download": "apliecinājums parakstīšanai",
  "ehealth.attestation.step.sign":
    "Parakstiet to ar eParakstu (eparaksts.lv vai eParaksts Mobile) kā eDoc datni ar laika zīmogu. Dokumentu nemainiet.",
  "ehealth.attestation.step.upload": "Augšupielādējiet parakstīto eDoc datni šeit.",
  "ehealth.attestation.field.edoc": "Parakstītā apliecinājuma eDoc datne",
  "ehealth.attestation.submit": "Iesniegt parakstīto apliecinājumu",
  "ehealth.attestation.paper":
    "Ja parakstījāt apliecinājumu uz papīra, iesniedziet to e-veselības operatoram: operators to reģistrē, un pēc tam varat sākt darbu.",
  "ehealth.attestation.signed.title": "Apliecinājums parakstīts",
  "ehealth.attestation.signed.body": "Jūsu apliecinājums ir saņemts un tiks glabāts. Varat sākt darbu.",
  "ehealth.attestation.continue.portal": "Uz ārstniecības personu portālu",
  "ehealth.attestation.continue.administrator": "Uz iestādes administratora darba vietu",
  "ehealth.attestation.refused.file-missing": "Izvēlieties parakstīto eDoc datni.",
  "ehealth.attestation.refused.not-an-edoc":
    "Šī datne nav eDoc konteiners. Parakstiet lejupielādēto dokumentu ar eParakstu un augšupielādējiet iegūto eDoc datni.",
  "ehealth.attestation.refused.unsigned":
    "Datne nav parakstīta. Parakstiet to ar eParakstu un augšupielādējiet vēlreiz.",
  "ehealth.attestation.refused.no-time-stamp":
    "Parakstam nav laika zīmoga. Parakstiet vēlreiz ar eParakstu, izvēloties parakstu ar laika zīmogu.",
  "ehealth.attestation.refused.signature-invalid":
    "Parakstu nevar apstiprināt kā derīgu (sertifikāts nav uzticams, ir atsaukts vai paraksts ir bojāts). Parakstiet dokumentu vēlreiz.",
  "ehealth.attestation.refused.not-qualified":
    "Paraksts nav drošs elektroniskais paraksts. Parakstiet ar eParakstu vai eID karti.",
  "ehealth.attestation.refused.other-signer":
    "Datni parakstījusi cita persona. Apliecinājums jāparaksta jums pašam.",
  "ehealth.attestation.refused.other-text":
    "Parakstītais dokuments nav pašreizējais apliecinājuma teksts. Lejupielādējiet dokumentu no šīs lapas un parakstiet to nemainītu.",
} as const;

export type AttestationMessageKey = keyof typeof attestationMessagesLv;

export const attestationMessagesEn: Record<AttestationMessageKey, string> = {
  "ehealth.attestation.title": "Attestation",
  "ehealth.attestation.lead":
    "Before you start working with patients' data on behalf of “{institution}”, read the attestation and sign it with a qualified electronic signature.",
  "ehealth.attestation.textTitle": "The attestation",
  "ehealth.attestation.howTitle": "How to sign",
  "ehealth.attestation.step.download": "Download the attestation document:",
  "ehealth.attestation.download": "the attestation to sign",
  "ehealth.attestation.step.sign":
    "Sign it with eParaksts (eparaksts.lv or eParaksts Mobile) as an eDoc file with a time-stamp. Do not change the document.",
  "ehealth.attestation.step.upload": "Upload the signed eDoc file here.",
  "ehealth.attestation.field.edoc": "The signed attestation (eDoc file)",
  "ehealth.attestation.submit": "Submit the signed attestation",
  "ehealth.attestation.paper":
    "If you signed the attestation on paper, hand it to the e-health operator: the operator records it, and then you can start working.",
  "ehealth.attestation.signed.title": "Attestation signed",
  "ehealth.attestation.signed.body":
    "Your attestation has been received and will be kept. You can start working.",
  "ehealth.attestation.continue.portal": "To the professionals' portal",
  "ehealth.attestation.continue.administrator": "To the institution administrator's workplace",
  "ehealth.attestation.refused.file-missing": "Choose the signed eDoc file.",
  "ehealth.attestation.refused.not-an-edoc":
    "This file is not an eDoc container. Sign the downloaded document with eParaksts and upload the eDoc file you get.",
  "ehealth.attestation.refused.unsigned":
    "The file is not signed. Sign it with eParaksts and upload it again.",
  "ehealth.attestation.refused.no-time-stamp":
    "The signature has no time-stamp. Sign again with eParaksts, choosing a signature with a time-stamp.",
  "ehealth.attestation.refused.signature-invalid":
    "The signature cannot be confirmed as valid (the certificate is not trusted, is revoked, or the signature is damaged). Sign the document again.",
  "ehealth.attestation.refused.not-qualified":
    "The signature is not a qualified electronic signature. Sign with eParaksts or the eID card.",
  "ehealth.attestation.refused.other-signer":
    "The file was signed by another person. You must sign the attestation yourself.",
  "ehealth.attestation.refused.other-text":
    "The signed document is not the current attestation text. Download the document from this page and sign it unchanged.",
};
