/**
 * The technical portal's texts in Latvian and English (ANX2-13, DEV-6). The Latvian pages carry
 * no English: what the OpenAPI document says in English (summaries, parameter and answer
 * descriptions) has its Latvian text here, keyed by operation, parameter name and status; a test
 * checks that every operation and parameter of the document has one.
 */
import type { Language } from "../../web/i18n.ts";
import type { TestPersonRole } from "./test-persons.ts";

/** The roles that have no name in the rights pages' catalogue. */
export type OwnRole = Extract<TestPersonRole, "no-rights" | "patient">;

const lv = {
  portalName: "Tehniskais portāls",
  navLabel: "Tehniskā portāla sadaļas",
  nav: {
    overview: "Pārskats",
    api: "Tīmekļa pakalpojumi",
    cda: "Klīniskie dokumenti",
    classifiers: "Klasifikatori",
    testPersons: "Testa personas",
  },
  overview: {
    title: "Tehniskais portāls iestāžu sistēmu izstrādātājiem",
    intro:
      "Šeit aprakstīts, kā ārstniecības iestādes vai aptiekas informācijas sistēma apmainās ar datiem ar e-veselības sistēmu: savienojums, drošības prasības, tīmekļa pakalpojumi ar piemēriem, pieņemtie dokumenti, klasifikatori, plānotie darbi un testa personu datu kopa.",
    structureTitle: "Kā iestādes sistēma pieslēdzas",
    structure: [
      "Savienojums notiek pa HTTPS ar abpusēju TLS autentifikāciju. Sistēma uzrāda savu pieslēguma sertifikātu, ko operators piesaista vienai iestādei un vienai tās reģistrētai sistēmai; nepiesaistīts sertifikāts netiek ielaists.",
      "Katrā pieprasījumā sistēma galvenēs norāda, kurš speciālists rīkojas, ar kādu mērķi un par kuru pacientu. Personas kodi nekad netiek likti adresē, jo starpniekserveri un žurnāli adreses saglabā. Tiesības pārbauda tāpat kā portālā, un katru piekļuvi pacienta datiem reģistrē piekļuves žurnālā.",
      "Klīniskie dokumenti ir HL7 CDA R2 dokumenti ar iekļautu elektronisko parakstu. Dokumentu bez derīga paraksta nepieņem.",
      "Kodus (piekļuves mērķus, speciālistu lomas, darbības ar pacienta datiem, dokumentu veidus) sistēma ņem no operatora klasifikatoriem; katram klasifikatoram ir versija.",
      "Atteikumu sistēma saņem kā problēmas dokumentu ar nemainīgu kodu, pēc kura tā var rīkoties.",
      "Ja pieslēguma sertifikātu atsauc, jauni savienojumi tiek atteikti un jau atvērtie tiek pārtraukti viena atsaukto sertifikātu saraksta atjaunošanas laikā.",
      "Pret masveida datu kopēšanu ir ierobežojumi speciālistam, sistēmai un iestādei. Pārsniedzot ierobežojumu, sistēma saņem atteikumu ar norādi, pēc cik sekundēm mēģināt vēlreiz; aizdomīgu lasīšanu aptur līdz operatora pārbaudei.",
      "Plānoto darbu laikā pakalpojumi atbild ar atteikumu un norādi, kad mēģināt vēlreiz. Plānotos darbus izziņo iepriekš.",
    ],
    securityTitle: "Drošības prasības",
    securityIntro: "Šīs prasības nolasītas no sistēmas pašreizējās konfigurācijas.",
    tlsVersions: "TLS versijas",
    tls12Ciphers:
      "Šifru komplekti TLS 1.2 savienojumiem (TLS 1.3 komplekti visi ir autentificētas šifrēšanas)",
    signatureAlgorithms: "Parakstu algoritmi savienojuma izveidē",
    rsa: (bits: number) => `RSA atslēgas: vismaz ${bits} biti`,
    curves: (names: string) => `Eliptisko līkņu atslēgas: līknes ${names}`,
    sha2: "Visiem sertifikātiem ķēdē jābūt parakstītiem ar SHA-2 saimes jaucējfunkciju.",
    crl: (seconds: number) =>
      seconds % 60 === 0
        ? `Atsaukto sertifikātu sarakstus atjauno ne retāk kā reizi ${seconds / 60} minūtēs.`
        : `Atsaukto sertifikātu sarakstus atjauno ne retāk kā reizi ${seconds} sekundēs.`,
    port: (port: number) => `Šajā instalācijā iestāžu sistēmu pakalpojumi pieejami portā ${port}.`,
    portOff: "Šajā instalācijā iestāžu sistēmu pakalpojumi nav ieslēgti.",
    maintenanceTitle: "Plānotie darbi",
    maintenanceNone: "Plānotu darbu nav.",
    maintenanceFrom: "No",
    maintenanceTo: "līdz",
    maintenanceLink: "Plānoto darbu lapa",
  },
  api: {
    title: "Iestāžu sistēmu tīmekļa pakalpojumi",
    intro:
      "Pakalpojumu apraksts ir OpenAPI 3.1 dokuments, ko izmanto arī pats pakalpojumu serveris. Piemēros aizstājiet sertifikāta, atslēgas un dokumenta failu nosaukumus ar savējiem.",
    download: "Lejupielādēt OpenAPI aprakstu (JSON)",
    address: "Adrese",
    parameters: "Parametri",
    name: "Nosaukums",
    where: "Kur",
    required: "Obligāts",
    yes: "jā",
    no: "nē",
    description: "Apraksts",
    example: "Piemērs",
    body: "Pieprasījuma saturs",
    responses: "Atbildes",
    status: "Statuss",
    mediaType: "Satura veids",
    problemType: (prefix: string) => `Atteikuma veids: ${prefix}kods`,
    curl: "Piemērs ar curl",
    typeScript: "Piemērs TypeScript valodā (node:https)",
    in: { header: "galvene", path: "adrese", query: "vaicājums", cookie: "sīkdatne" } as Record<
      string,
      string
    >,
  },
  cda: {
    title: "Pieņemtie klīniskie dokumenti",
    intro:
      "E-veselības sistēma pieņem HL7 CDA R2 dokumentus, kas atbilst CDA R2 XML shēmai (ar SDTC paplašinājumiem) un ir parakstīti.",
    typesTitle: "Dokumentu veidi",
    code: "Kods",
    display: "Nosaukums",
    requiredTitle: "Obligātās dokumenta daļas",
    required: (root: string) => [
      "Saknes elements ClinicalDocument HL7 v3 nosaukumtelpā un atbilstība CDA R2 shēmai.",
      `Pacients galvenē: recordTarget/patientRole/id ar saknes identifikatoru ${root} un pacienta personas kodu; tam jāsakrīt ar pieprasījuma galvenē norādīto pacientu.`,
      "Dokumenta veida kods (LOINC) un dokumenta identifikators.",
      "Dokumenta izmērs nepārsniedz 5 MiB.",
    ],
    signatureTitle: "Paraksta profils",
    signature: [
      "Iekļauts XML paraksts (XAdES), kas ir ClinicalDocument elementa tiešs bērns un aptver visu dokumentu.",
      "Parakstītāja sertifikātam jāveido ķēde līdz uzticamam sertifikācijas pakalpojumu sniedzējam, un tā atsaukšanas stāvoklim jābūt zināmam; ieteicams XAdES-LT līmenis ar iekļautām OCSP atbildēm un laika zīmogu.",
      "Paraksts nav derīgs, ja tas neaptver visu dokumentu vai ja dokuments pēc parakstīšanas mainīts.",
    ],
    sampleTitle: "Dokumenta paraugs",
    sample:
      "Paraugs ir izraksts no stacionāra par demonstrācijas pacientu; tas atbilst shēmai, bet nav parakstīts. Parakstītu paraugu testa vidē var izveidot ar komandu",
    sampleLink: "Lejupielādēt dokumenta paraugu (XML)",
  },
  classifiers: {
    title: "Klasifikatori",
    intro:
      "Sistēma izmanto tos pašus kodus, ko e-veselības sistēma. Katram klasifikatoram ir versija; to var nolasīt tīmekļa pakalpojumos JSON formā vai kā FHIR R4 kodu sistēmu (ar pieslēguma sertifikātu).",
    version: "Versija",
    system: "Kodu sistēma",
    json: "JSON forma",
    fhir: "FHIR forma",
    code: "Kods",
    display: "Nosaukums",
  },
  testPersons: {
    title: "Testa personu datu kopa",
    synthetic:
      "Visas šīs personas ir izdomātas testa personas; neviena no tām nav reāla persona. Tās ir demonstrācijas un testa vides personas ar lomām, ko tām piešķir demonstrācijas dati.",
    signIn:
      "Testa vidē var pieteikties kā jebkurš no darbiniekiem ar eParaksts mobile aizstājēju (lietotāja numurs ir personas kods, PIN1 ir 1234).",
    csv: "Lejupielādēt CSV",
    json: "Lejupielādēt JSON",
    name: "Vārds, uzvārds",
    code: "Personas kods",
    role: "Loma",
    institution: "Iestāde",
    /** The staff roles' names are the rights pages' own (ehealth.role.*). */
    roles: { "no-rights": "bez tiesībām", patient: "pacients" } as Record<OwnRole, string>,
  },
  /** Latvian summaries of the operations, by `METHOD /path`. */
  operations: {
    "GET /system/v1/whoami": "Iestāde un sistēma, kurai piesaistīts savienojums",
    "POST /system/v1/documents": "Iesniegt parakstītu klīnisko dokumentu (HL7 CDA R2)",
    "GET /system/v1/documents": "Pacienta dokumentu saraksts (tikai metadati)",
    "GET /system/v1/documents/{id}": "Viens dokuments tieši tāds, kāds iesniegts",
    "GET /system/v1/rights/{action}": "Vai speciālists drīkst veikt darbību ar norādīto mērķi",
    "GET /system/v1/classifiers": "Pakalpojumu klasifikatori ar to versijām",
    "GET /system/v1/classifiers/{name}": "Viena klasifikatora kodi",
    "GET /system/v1/fhir/CodeSystem/{name}": "Viens klasifikators kā FHIR R4 kodu sistēma",
    "GET /system/v1/fhir/ValueSet/{name}": "Klasifikatora šodien derīgie kodi kā FHIR R4 vērtību kopa",
  } as Record<string, string>,
  /** Latvian descriptions of the parameters, by name. */
  parameters: {
    "tilts-professional": "Personas kods speciālistam, kurš rīkojas iestādes sistēmā",
    "tilts-purpose": "Piekļuves mērķis (klasifikators „Piekļuves mērķi”); tiek reģistrēts piekļuves žurnālā",
    "tilts-patient": "Pacienta personas kods (ar nolūku nav adresē)",
    id: "Dokumenta identifikators",
    action: "Darbība ar pacienta datiem (klasifikators „Darbības ar pacienta datiem”)",
    name: "Klasifikatora nosaukums",
    since:
      "Versija, pēc kuras notikušās izmaiņas atbildē jāparāda (tikai pievienotie, mainītie un atceltie kodi)",
  } as Record<string, string>,
  /** Latvian descriptions of the answers, by status. */
  statuses: {
    "200": "Atbilde",
    "201": "Pieņemts un saglabāts; galvene Location norāda dokumenta adresi",
    "304": "Norādītā versija ir pašreizējā",
    "400": "Atteikums: pieprasījums neatbilst aprakstam",
    "403": "Atteikums: nav tiesību vai piekļuve apturēta",
    "404": "Atteikums: nav atrasts",
    "413": "Atteikums: dokuments par lielu",
    "415": "Atteikums: neatbalstīts satura veids",
    "422": "Atteikums: dokuments neatbilst prasībām",
    "429": "Atteikums: sasniegts kopēšanas ierobežojums; galvene Retry-After norāda, kad mēģināt vēlreiz",
    "503":
      "Atteikums: dokumentu pārbaude šobrīd pārslogota vai notiek plānoti darbi; galvene Retry-After norāda, kad mēģināt vēlreiz",
  } as Record<string, string>,
  bodyDescription: "Parakstīts HL7 CDA R2 dokuments (application/xml)",
  personalData:
    "Personas dati: iestādes sistēma tos nedrīkst glabāt pastāvīgi; tā saglabā tikai metadatus kā atsauci uz e-veselības sistēmu. Atbildi sūta ar galveni Cache-Control: no-store.",
};

type Messages = typeof lv;

const en: Messages = {
  portalName: "Technical portal",
  navLabel: "Sections of the technical portal",
  nav: {
    overview: "Overview",
    api: "Web services",
    cda: "Clinical documents",
    classifiers: "Classifiers",
    testPersons: "Test persons",
  },
  overview: {
    title: "Technical portal for software vendors",
    intro:
      "How a healthcare institution's or pharmacy's own information system exchanges data with the e-health system: the connection, the security rules, the web services with examples, the documents accepted, the classifiers, planned maintenance and the test persons data set.",
    structureTitle: "How an institution's system connects",
    structure: [
      "The connection is HTTPS with mutual TLS. The system presents its own connection certificate, which the operator binds to one institution and one of its registered systems; a certificate that is not bound is not let in.",
      "In every request the system names, in headers, the professional who acts, the purpose and the patient. Personal codes never go in the address, which proxies and logs keep. Rights are checked as in the portal, and every access to a patient's data is recorded in the access log.",
      "Clinical documents are HL7 CDA R2 documents with an enveloped electronic signature. A document without a valid signature is refused.",
      "Codes (purposes of access, professional roles, actions on patient data, document types) come from the operator's classifiers; each classifier has a version.",
      "A refusal comes as a problem document (RFC 9457) with a stable code the system can act on.",
      "When a connection certificate is revoked, new connections are refused and open ones are closed within one refresh of the certificate revocation lists.",
      "Limits against mass copying apply to the professional, the system and the institution. Past a limit the system is refused and told after how many seconds to retry; suspicious reading is suspended until the operator has reviewed it.",
      "During planned maintenance the services refuse with a note of when to retry. Planned maintenance is announced ahead.",
    ],
    securityTitle: "Security rules",
    securityIntro: "These rules are read from the system's current configuration.",
    tlsVersions: "TLS versions",
    tls12Ciphers: "Cipher suites for TLS 1.2 connections (TLS 1.3's suites are all authenticated encryption)",
    signatureAlgorithms: "Signature algorithms in the handshake",
    rsa: (bits: number) => `RSA keys: at least ${bits} bits`,
    curves: (names: string) => `Elliptic curve keys: curves ${names}`,
    sha2: "Every certificate of the chain must be signed with a SHA-2 hash.",
    crl: (seconds: number) =>
      seconds % 60 === 0
        ? `Certificate revocation lists are refreshed at least every ${seconds / 60} minutes.`
        : `Certificate revocation lists are refreshed at least every ${seconds} seconds.`,
    port: (port: number) =>
      `On this installation the services for institutions' systems listen on port ${port}.`,
    portOff: "On this installation the services for institutions' systems are not switched on.",
    maintenanceTitle: "Planned maintenance",
    maintenanceNone: "No maintenance is planned.",
    maintenanceFrom: "From",
    maintenanceTo: "to",
    maintenanceLink: "Planned maintenance page",
  },
  api: {
    title: "Web services for institutions' systems",
    intro:
      "The services are described by an OpenAPI 3.1 document, the one the services' own server uses. In the examples, replace the names of the certificate, key and document files with your own.",
    download: "Download the OpenAPI description (JSON)",
    address: "Address",
    parameters: "Parameters",
    name: "Name",
    where: "In",
    required: "Required",
    yes: "yes",
    no: "no",
    description: "Description",
    example: "Example",
    body: "Request body",
    responses: "Responses",
    status: "Status",
    mediaType: "Media type",
    problemType: (prefix: string) => `Refusal type: ${prefix}code`,
    curl: "Example with curl",
    typeScript: "Example in TypeScript (node:https)",
    in: { header: "header", path: "path", query: "query", cookie: "cookie" },
  },
  cda: {
    title: "Clinical documents accepted",
    intro:
      "The e-health system accepts HL7 CDA R2 documents that validate against the CDA R2 XML schema (with the SDTC extensions) and are signed.",
    typesTitle: "Document types",
    code: "Code",
    display: "Name",
    requiredTitle: "Required parts of a document",
    required: (root: string) => [
      "The root element ClinicalDocument in the HL7 v3 namespace, valid against the CDA R2 schema.",
      `The patient in the header: recordTarget/patientRole/id with the root ${root} and the patient's personal code, the same patient as the request's header names.`,
      "A document type code (LOINC) and a document id.",
      "At most 5 MiB.",
    ],
    signatureTitle: "Signature profile",
    signature: [
      "An enveloped XML signature (XAdES), a direct child of ClinicalDocument, covering the whole document.",
      "The signer's certificate must chain to a trusted service provider and its revocation status must be known; XAdES-LT, with OCSP answers and a time-stamp embedded, is recommended.",
      "A signature that does not cover the whole document, or a document changed after signing, is not valid.",
    ],
    sampleTitle: "Sample document",
    sample:
      "The sample is a discharge summary about a demo patient; it validates against the schema but is not signed. A signed sample can be made in the test environment with the command",
    sampleLink: "Download the sample document (XML)",
  },
  classifiers: {
    title: "Classifiers",
    intro:
      "The system uses the same codes as the e-health system. Each classifier has a version; the web services give it as JSON or as a FHIR R4 CodeSystem (with a connection certificate).",
    version: "Version",
    system: "Code system",
    json: "JSON form",
    fhir: "FHIR form",
    code: "Code",
    display: "Name",
  },
  testPersons: {
    title: "Test persons data set",
    synthetic:
      "All of these persons are made-up test persons; none of them is a real person. They are the people of the demo and test environment, with the roles the demo data gives them.",
    signIn:
      "In the test environment you can sign in as any member of staff with the eParaksts Mobile stand-in (user number: the personal code, PIN1: 1234).",
    csv: "Download CSV",
    json: "Download JSON",
    name: "Name",
    code: "Personal code",
    role: "Role",
    institution: "Institution",
    roles: { "no-rights": "no rights", patient: "patient" },
  },
  operations: {},
  parameters: {},
  statuses: {},
  bodyDescription: "A signed HL7 CDA R2 document (application/xml)",
  // The English page shows the OpenAPI document's own description, which carries this note.
  personalData: "",
};

export const TECHNICAL_PORTAL_MESSAGES: Record<Language, Messages> = { lv, en };
