/**
 * The attestation a person signs before working with patients' data (CON-7): confidentiality of
 * patient data, use only for the stated purpose, personal responsibility. One text per version;
 * the version identifier is kept with every signature (`ehealth_attestation.form_version`), so a
 * later wording never changes what an earlier signer agreed to.
 *
 * The signed document is the plain-text file below, byte for byte (UTF-8, both languages): the
 * person puts it into an eDoc with eParaksts, and the upload is accepted only when the eDoc's one
 * data file is exactly these bytes (check-signed.ts).
 */

/** The current version: the demo data's attestations carry the same identifier. */
export const ATTESTATION_VERSION = "apliecinājums-2026-01";

/** The file name offered for download (ASCII, so every signing tool keeps it as is). */
export const ATTESTATION_FILE_NAME = "apliecinajums-2026-01.txt";

export const ATTESTATION_PARAGRAPHS = {
  lv: [
    "Es apliecinu, ka, strādājot e-veselības sistēmā, ievērošu pacientu datu konfidencialitāti: neizpaudīšu pacientu veselības datus un citus personas datus nevienam, kam nav tiesību tos saņemt, un neatstāšu tos pieejamus citām personām.",
    "Es izmantošu e-veselības sistēmu un tajā pieejamos datus tikai tam mērķim, kuru norādu katrā piekļuvē, un tikai savu darba pienākumu veikšanai iestādē, kuras vārdā strādāju.",
    "Es apzinos, ka katra mana piekļuve tiek reģistrēta, ka pacients var redzēt, kas piekļuva viņa datiem, un ka es personīgi atbildu par visām darbībām, kas veiktas ar manu pieteikšanos. Savus pieteikšanās līdzekļus nenodošu citiem.",
    "Es apzinos, ka par šo pienākumu pārkāpšanu var tikt apturēta mana piekļuve un piemērota normatīvajos aktos noteiktā atbildība.",
  ],
  en: [
    "I attest that, working in the e-health system, I will keep patients' data confidential: I will not disclose patients' health data or other personal data to anyone not entitled to receive them, and I will not leave them accessible to other persons.",
    "I will use the e-health system and the data available in it only for the purpose I state at each access, and only to carry out my duties at the institution on whose behalf I work.",
    "I am aware that every access of mine is recorded, that a patient can see who accessed their data, and that I am personally responsible for every action taken under my sign-in. I will not hand my means of signing in to others.",
    "I am aware that breaching these duties may lead to my access being suspended and to the liability laid down by law.",
  ],
} as const;

/** The document to sign: both languages with the version, as one UTF-8 text. */
export function attestationDocumentText(): string {
  return [
    `E-veselības sistēmas lietotāja apliecinājums (${ATTESTATION_VERSION})`,
    "",
    ...ATTESTATION_PARAGRAPHS.lv.flatMap((p) => [p, ""]),
    `E-health system user's attestation (${ATTESTATION_VERSION})`,
    "",
    ...ATTESTATION_PARAGRAPHS.en.flatMap((p) => [p, ""]),
  ].join("\n");
}

export const attestationDocumentBytes = (): Uint8Array => new TextEncoder().encode(attestationDocumentText());
