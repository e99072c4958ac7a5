/**
 * The catalogue as a DCAT-AP style JSON-LD feed (ESV-1), for the state portal and other
 * harvesters. Pure. Vocabulary terms used, and nothing else:
 *
 * - DCAT 3 / DCAT-AP 3: `dcat:Catalog`, `dcat:service` (catalogue → entries), `dcat:DataService`
 *   for an e-service offered as an API (channel `api`), `dcat:endpointDescription`;
 * - CPSV-AP 3.2: `cpsv:PublicService` for every e-service, `cv:hasChannel`, `cv:hasCompetentAuthority`,
 *   `cv:Channel`, `cv:PublicOrganisation`, `cpsv:hasLegalResource` (an `eli:LegalResource` whose
 *   `dct:title` is the legal basis as the institution cited it);
 * - Dublin Core terms: `dct:identifier`, `dct:title`, `dct:description` (language-tagged lv, en),
 *   `dct:issued` (registration date), `dct:publisher`, `dct:type` (audience: citizens / businesses);
 * - `foaf:homepage` for the entry's page, `foaf:Agent`/`foaf:name` for the publisher, `skos:prefLabel`
 *   for an organisation's name (its registration number is its `dct:identifier`).
 */
import type { CatalogueEntry } from "../catalogue.ts";

export const DCAT_CONTEXT = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  cpsv: "http://purl.org/vocab/cpsv#",
  cv: "http://data.europa.eu/m8g/",
  eli: "http://data.europa.eu/eli/ontology#",
  foaf: "http://xmlns.com/foaf/0.1/",
  skos: "http://www.w3.org/2004/02/skos/core#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
} as const;

const texts = (value: { lv: string; en: string }) => [
  { "@language": "lv", "@value": value.lv },
  { "@language": "en", "@value": value.en },
];

function serviceNode(entry: CatalogueEntry, baseUrl: string) {
  const page = `${baseUrl}/eservices/${entry.identifier}`;
  return {
    "@id": page,
    "@type": entry.channels.includes("api")
      ? ["cpsv:PublicService", "dcat:DataService"]
      : ["cpsv:PublicService"],
    "dct:identifier": entry.identifier,
    "dct:title": texts(entry.name),
    "dct:description": texts(entry.description),
    "dct:issued": { "@type": "xsd:date", "@value": entry.registeredAt.toISOString().slice(0, 10) },
    "dct:type": entry.audiences,
    "foaf:homepage": { "@id": page },
    "cv:hasChannel": entry.channels.map((c) => ({ "@type": "cv:Channel", "dct:identifier": c })),
    "cv:hasCompetentAuthority": {
      "@type": "cv:PublicOrganisation",
      "dct:identifier": entry.institution.registrationNumber,
      "skos:prefLabel": entry.institution.name,
    },
    "cpsv:hasLegalResource": { "@type": "eli:LegalResource", "dct:title": entry.legalBasis },
    ...(entry.channels.includes("api") ? { "dcat:endpointDescription": { "@id": page } } : {}),
  };
}

export function dcatCatalogue(entries: readonly CatalogueEntry[], baseUrl: string, publisher: string) {
  return {
    "@context": DCAT_CONTEXT,
    "@id": `${baseUrl}/eservices/catalogue.dcat.jsonld`,
    "@type": "dcat:Catalog",
    "dct:title": texts({ lv: "E-pakalpojumu katalogs", en: "E-service catalogue" }),
    "dct:description": texts({
      lv: "Aģentūrā reģistrētie valsts pārvaldes e-pakalpojumi.",
      en: "The public administration's e-services registered with the agency.",
    }),
    "dct:publisher": { "@type": "foaf:Agent", "foaf:name": publisher },
    "foaf:homepage": { "@id": `${baseUrl}/eservices` },
    "dcat:service": entries.map((e) => serviceNode(e, baseUrl)),
  };
}
