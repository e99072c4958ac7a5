/**
 * Why a signature is not valid, and what the signer can do, in plain words — one entry per
 * EN 319 102-1 sub-indication (Table 5) the validator of @tilts/trust can report. The Record's
 * type makes a missing entry a compile error; reason-sentences.test.ts also reads the
 * validator's sources, so a sub-indication it starts to produce cannot go unexplained.
 */
import type { SubIndication } from "@tilts/trust";
import type { Language } from "../../web/i18n.ts";

export interface ReasonSentence {
  /** What is wrong, for the person who received the document. */
  reason: string;
  /** What the signer (or the person) can do about it. */
  advice: string;
}

const REASONS: Record<SubIndication, Record<Language, ReasonSentence>> = {
  FORMAT_FAILURE: {
    lv: {
      reason: "Paraksts nav veidots pēc standarta vai ir bojāts, tāpēc to nevar pārbaudīt.",
      advice:
        "Lūdziet parakstītāju parakstīt dokumentu vēlreiz ar eParakstu vai citu atzītu parakstīšanas rīku.",
    },
    en: {
      reason: "The signature does not follow the standard or is damaged, so it cannot be checked.",
      advice: "Ask the signer to sign the document again with eParaksts or another recognised signing tool.",
    },
  },
  HASH_FAILURE: {
    lv: {
      reason:
        "Parakstītais saturs pēc parakstīšanas ir mainīts: vismaz viens fails vairs nav tāds, kādu to parakstīja.",
      advice: "Lūdziet parakstītājam oriģinālo dokumentu vai lūdziet to parakstīt vēlreiz.",
    },
    en: {
      reason: "The signed content was changed after signing: at least one file is no longer what was signed.",
      advice: "Ask the signer for the original document, or ask them to sign it again.",
    },
  },
  SIG_CRYPTO_FAILURE: {
    lv: {
      reason: "Paraksta vērtība neatbilst parakstītāja sertifikātam: paraksts ir bojāts vai viltots.",
      advice: "Neuzticieties šim parakstam. Lūdziet parakstītāju parakstīt dokumentu vēlreiz.",
    },
    en: {
      reason:
        "The signature value does not match the signer's certificate: the signature is damaged or forged.",
      advice: "Do not rely on this signature. Ask the signer to sign the document again.",
    },
  },
  REVOKED: {
    lv: {
      reason: "Parakstītāja sertifikāts bija atsaukts jau pirms parakstīšanas.",
      advice:
        "Parakstītājam jāsaņem jauns sertifikāts (piemēram, eParaksta) un jāparaksta dokuments vēlreiz. Ja sertifikātu atsaukusi cita persona, parakstītājam nekavējoties jāsazinās ar sertifikāta izdevēju.",
    },
    en: {
      reason: "The signer's certificate had been revoked before the document was signed.",
      advice:
        "The signer needs a new certificate (for example from eParaksts) and must sign the document again. If someone else revoked it, the signer should contact the certificate's issuer at once.",
    },
  },
  EXPIRED: {
    lv: {
      reason: "Parakstītāja sertifikāta derīguma termiņš bija beidzies, kad dokuments tika parakstīts.",
      advice: "Parakstītājam jāatjauno sertifikāts un jāparaksta dokuments vēlreiz, vēlams ar laika zīmogu.",
    },
    en: {
      reason: "The signer's certificate had expired when the document was signed.",
      advice:
        "The signer must renew the certificate and sign the document again, preferably with a time-stamp.",
    },
  },
  NOT_YET_VALID: {
    lv: {
      reason: "Parakstītāja sertifikāts parakstīšanas brīdī vēl nebija stājies spēkā.",
      advice: "Parakstītājam jāpārbauda savas ierīces pulkstenis un jāparaksta dokuments vēlreiz.",
    },
    en: {
      reason: "The signer's certificate was not yet in force when the document was signed.",
      advice: "The signer should check the device's clock and sign the document again.",
    },
  },
  SIG_CONSTRAINTS_FAILURE: {
    lv: {
      reason: "Parakstam trūkst obligātu īpašību, kas nepieciešamas šādam parakstam.",
      advice: "Parakstītājam jāparaksta dokuments ar rīku, kas veido standarta e-parakstu (eDoc vai PDF).",
    },
    en: {
      reason: "The signature lacks properties a signature of this kind must have.",
      advice: "The signer must sign with a tool that makes standard e-signatures (eDoc or PDF).",
    },
  },
  CHAIN_CONSTRAINTS_FAILURE: {
    lv: {
      reason:
        "Parakstītāja sertifikāts vai tā izdevēji neatbilst prasībām, piemēram, sertifikāts nav paredzēts parakstīšanai.",
      advice:
        "Parakstītājam jāparaksta ar parakstīšanai paredzētu kvalificētu sertifikātu, piemēram, eParakstu.",
    },
    en: {
      reason:
        "The signer's certificate or its issuers do not meet the requirements, for example the certificate is not meant for signing.",
      advice: "The signer must sign with a qualified certificate meant for signing, such as eParaksts.",
    },
  },
  CERTIFICATE_CHAIN_GENERAL_FAILURE: {
    lv: {
      reason: "Parakstītāja sertifikāta izcelsmi neizdevās pārbaudīt.",
      advice:
        "Mēģiniet pārbaudīt vēlreiz vēlāk. Ja tas atkārtojas, parakstītājam jāsazinās ar sertifikāta izdevēju.",
    },
    en: {
      reason: "The origin of the signer's certificate could not be checked.",
      advice: "Try again later. If it happens again, the signer should contact the certificate's issuer.",
    },
  },
  CRYPTO_CONSTRAINTS_FAILURE: {
    lv: {
      reason: "Parakstā izmantots novecojis šifrēšanas paņēmiens, kas vairs nav drošs.",
      advice: "Parakstītājam jāparaksta dokuments vēlreiz ar mūsdienīgu parakstīšanas rīku.",
    },
    en: {
      reason: "The signature uses an outdated cryptographic method that is no longer secure.",
      advice: "The signer must sign the document again with an up-to-date signing tool.",
    },
  },
  CRYPTO_CONSTRAINTS_FAILURE_NO_POE: {
    lv: {
      reason:
        "Parakstā izmantots novecojis šifrēšanas paņēmiens, un nav pierādījuma, ka paraksts izveidots, kamēr tas vēl bija drošs.",
      advice:
        "Parakstītājam jāparaksta dokuments vēlreiz. Ilgi glabājamus dokumentus parakstiet ar laika zīmogu un laikus papildiniet ar arhīva laika zīmogu.",
    },
    en: {
      reason:
        "The signature uses an outdated cryptographic method and nothing proves it was made while the method was still secure.",
      advice:
        "The signer must sign the document again. Sign documents kept for long with a time-stamp and add archive time-stamps in time.",
    },
  },
  TIMESTAMP_ORDER_FAILURE: {
    lv: {
      reason:
        "Laika zīmogi un sertifikāta statusa dati ir nepareizā secībā, tāpēc parakstīšanas laiku nevar apstiprināt.",
      advice: "Lūdziet parakstītāju parakstīt dokumentu vēlreiz.",
    },
    en: {
      reason:
        "The time-stamps and the certificate status data are in the wrong order, so the signing time cannot be confirmed.",
      advice: "Ask the signer to sign the document again.",
    },
  },
  NO_SIGNING_CERTIFICATE_FOUND: {
    lv: {
      reason: "Parakstā nav parakstītāja sertifikāta, tāpēc nevar noteikt, kas parakstīja.",
      advice:
        "Lūdziet parakstītāju parakstīt dokumentu ar rīku, kas parakstā iekļauj sertifikātu, piemēram, eParakstu.",
    },
    en: {
      reason: "The signature carries no signer's certificate, so who signed cannot be established.",
      advice:
        "Ask the signer to sign with a tool that puts the certificate in the signature, such as eParaksts.",
    },
  },
  NO_CERTIFICATE_CHAIN_FOUND: {
    lv: {
      reason:
        "Parakstītāja sertifikātu nav izdevis neviens šim pakalpojumam zināms uzticams sertifikācijas pakalpojumu sniedzējs.",
      advice:
        "Ja parakstītājs izmanto citas valsts e-parakstu, pārliecinieties, ka tas ir kvalificēts un iekļauts Eiropas Savienības uzticamo pakalpojumu sarakstos; citādi parakstiet ar eParakstu.",
    },
    en: {
      reason:
        "The signer's certificate was not issued by any trusted certification service provider known to this service.",
      advice:
        "If the signer uses another country's e-signature, make sure it is qualified and on the EU trusted lists; otherwise sign with eParaksts.",
    },
  },
  REVOKED_NO_POE: {
    lv: {
      reason:
        "Parakstītāja sertifikāts ir atsaukts, un nav pierādījuma (laika zīmoga), ka dokuments parakstīts pirms atsaukšanas.",
      advice:
        "Parakstītājam jāparaksta dokuments vēlreiz ar derīgu sertifikātu un ar laika zīmogu. Ja sertifikātu atsaucis kāds cits, parakstītājam nekavējoties jāsazinās ar sertifikāta izdevēju.",
    },
    en: {
      reason:
        "The signer's certificate is revoked and nothing (no time-stamp) proves the document was signed before that.",
      advice:
        "The signer must sign the document again with a valid certificate and a time-stamp. If someone else revoked it, the signer should contact the certificate's issuer at once.",
    },
  },
  REVOKED_CA_NO_POE: {
    lv: {
      reason:
        "Sertifikāta izdevēja sertifikāts ir atsaukts, un nav pierādījuma, ka paraksts izveidots pirms tam.",
      advice: "Parakstītājam jāsaņem jauns sertifikāts un jāparaksta dokuments vēlreiz.",
    },
    en: {
      reason:
        "The certificate of the signer's certificate issuer is revoked and nothing proves the signature was made before that.",
      advice: "The signer needs a new certificate and must sign the document again.",
    },
  },
  OUT_OF_BOUNDS_NO_POE: {
    lv: {
      reason:
        "Parakstītāja sertifikāta derīguma termiņš ir beidzies, un nav pierādījuma (laika zīmoga), ka dokuments parakstīts, kamēr tas bija derīgs.",
      advice:
        "Parakstītājam jāparaksta dokuments vēlreiz. Parakstiet ar laika zīmogu, lai paraksts paliktu pārbaudāms arī pēc sertifikāta termiņa beigām.",
    },
    en: {
      reason:
        "The signer's certificate has expired and nothing (no time-stamp) proves the document was signed while it was valid.",
      advice:
        "The signer must sign the document again. Sign with a time-stamp, so the signature stays verifiable after the certificate expires.",
    },
  },
  OUT_OF_BOUNDS_NOT_REVOKED: {
    lv: {
      reason:
        "Parakstītāja sertifikāta derīguma termiņš ir beidzies. Tas nav atsaukts, taču nav pierādījuma, ka dokuments parakstīts, kamēr sertifikāts bija derīgs.",
      advice: "Parakstītājam jāparaksta dokuments vēlreiz, šoreiz ar laika zīmogu.",
    },
    en: {
      reason:
        "The signer's certificate has expired. It was not revoked, but nothing proves the document was signed while the certificate was valid.",
      advice: "The signer must sign the document again, this time with a time-stamp.",
    },
  },
  NO_POE: {
    lv: {
      reason: "Nav pierādījuma, ka paraksts izveidots laikā, kad visas tā daļas vēl bija derīgas.",
      advice: "Parakstītājam jāparaksta dokuments ar laika zīmogu.",
    },
    en: {
      reason: "Nothing proves the signature was made while all its parts were still valid.",
      advice: "The signer must sign the document with a time-stamp.",
    },
  },
  TRY_LATER: {
    lv: {
      reason:
        "Patlaban nav pieejamas ziņas, vai parakstītāja sertifikāts nav atsaukts: sertifikāta izdevēja pakalpojums neatbild.",
      advice: "Pārbaudiet dokumentu vēlreiz pēc brīža.",
    },
    en: {
      reason:
        "Whether the signer's certificate is revoked cannot be learnt now: the issuer's service does not answer.",
      advice: "Check the document again in a while.",
    },
  },
  SIGNED_DATA_NOT_FOUND: {
    lv: {
      reason: "Dokumentā nav atrasti faili, ko paraksts aptver.",
      advice: "Augšupielādējiet visu eDoc konteineru, nevis tikai parakstu.",
    },
    en: {
      reason: "The files the signature covers are not in the document.",
      advice: "Upload the whole eDoc container, not the signature alone.",
    },
  },
};

/** The sentences for a failed or indeterminate signature without a sub-indication. */
const UNSPECIFIED: Record<Language, ReasonSentence> = {
  lv: {
    reason: "Parakstu neizdevās pilnībā pārbaudīt.",
    advice: "Lūdziet parakstītāju parakstīt dokumentu vēlreiz ar eParakstu.",
  },
  en: {
    reason: "The signature could not be checked completely.",
    advice: "Ask the signer to sign the document again with eParaksts.",
  },
};

export function reasonSentence(subIndication: SubIndication | null, language: Language): ReasonSentence {
  return subIndication ? REASONS[subIndication][language] : UNSPECIFIED[language];
}

/** Every sub-indication with sentences (for the coverage test). */
export const EXPLAINED_SUB_INDICATIONS = Object.keys(REASONS) as SubIndication[];
