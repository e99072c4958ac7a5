/**
 * The stand-ins' initial registry: three requirements (proof of birth, proof of residence,
 * proof of a higher-education diploma) and, for LV, EE, LT, DE and FR, the evidence types that
 * satisfy them (EB, OOTS-6) and the providers that deliver them (DSD, OOTS-7). Germany
 * (by Land) and France (by région) have several providers for some types, so their DSD asks
 * for the attribute first (DSD:ERR:0005). Identifiers are the testbed's own: stable UUIDs
 * derived from a name, under the Semantic Repository's URI shapes.
 */
import { createHash } from "node:crypto";
import type { DataServiceEvidenceType, Provider, Requirement, Text } from "./cs-model.ts";

/** A stable name-based UUID (RFC 9562 version 5 layout over SHA-1), so seeds survive restarts. */
export function uuidFrom(name: string): string {
  const h = createHash("sha1").update(`tilts-testbed-oots:${name}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const SR = "https://sr.oots.tech.ec.europa.eu";
export const STATES = ["LV", "EE", "LT", "DE", "FR"] as const;
const EDM = ["oots-edm:v1.0", "oots-edm:v1.2", "oots-edm:v2.0"];

type Topic = "birth" | "residence" | "diploma";
const en = (value: string): Text => ({ lang: "EN", value });

export function requirementId(topic: Topic): string {
  return `${SR}/requirements/${uuidFrom(`requirement:${topic}`)}`;
}
export function evidenceTypeClassification(state: string, topic: Topic): string {
  return `${SR}/evidencetypeclassifications/${state}/${uuidFrom(`evidence-type:${state}:${topic}`)}`;
}

const REQUIREMENTS: Record<
  Topic,
  { name: string; description: string; procedure: string; framework: string }
> = {
  birth: {
    name: "Proof of birth",
    description: "Evidence of the registration of a person's birth",
    procedure: "R1",
    framework: "Requesting proof of registration of birth",
  },
  residence: {
    name: "Proof of residence",
    description: "Evidence of a person's registered place of residence",
    procedure: "V1",
    framework: "Registering a change of address",
  },
  diploma: {
    name: "Proof of higher education diploma",
    description: "Evidence of a completed tertiary education qualification",
    procedure: "E3",
    framework: "Requesting academic recognition of diplomas",
  },
};

/** Per state and topic: the evidence title (own language, English) and its providers. */
interface StateEvidence {
  title: [string, string, string];
  providers: { name: [string, string, string]; city: string; nuts?: string; value?: string }[];
}

const L = (lang: string, own: string, english: string): [string, string, string] => [lang, own, english];

const EVIDENCE: Record<(typeof STATES)[number], Record<Topic, StateEvidence>> = {
  LV: {
    birth: {
      title: L("LV", "Dzimšanas apliecība", "Birth certificate"),
      providers: [
        {
          name: L(
            "LV",
            "Pilsonības un migrācijas lietu pārvalde",
            "Office of Citizenship and Migration Affairs",
          ),
          city: "Čiekurkalna 1. līnija 1, Rīga",
        },
      ],
    },
    residence: {
      title: L("LV", "Izziņa par deklarēto dzīvesvietu", "Certificate of declared residence"),
      providers: [
        {
          name: L(
            "LV",
            "Pilsonības un migrācijas lietu pārvalde",
            "Office of Citizenship and Migration Affairs",
          ),
          city: "Čiekurkalna 1. līnija 1, Rīga",
        },
      ],
    },
    diploma: {
      title: L("LV", "Augstākās izglītības diploms", "Higher education diploma"),
      providers: [
        {
          name: L("LV", "Akadēmiskās informācijas centrs", "Academic Information Centre"),
          city: "Dzirnavu iela 16, Rīga",
        },
      ],
    },
  },
  EE: {
    birth: {
      title: L("ET", "Sünnitõend", "Birth certificate"),
      providers: [
        {
          name: L(
            "ET",
            "Siseministeerium — rahvastikuregister",
            "Ministry of the Interior — Population Register",
          ),
          city: "Pikk 61, Tallinn",
        },
      ],
    },
    residence: {
      title: L("ET", "Elukoha tõend", "Certificate of residence"),
      providers: [
        {
          name: L(
            "ET",
            "Siseministeerium — rahvastikuregister",
            "Ministry of the Interior — Population Register",
          ),
          city: "Pikk 61, Tallinn",
        },
      ],
    },
    diploma: {
      title: L("ET", "Kõrghariduse diplom", "Higher education diploma"),
      providers: [
        {
          name: L("ET", "Haridus- ja Teadusministeerium", "Ministry of Education and Research"),
          city: "Munga 18, Tartu",
        },
      ],
    },
  },
  LT: {
    birth: {
      title: L("LT", "Gimimo įrašo išrašas", "Extract of the birth record"),
      providers: [
        {
          name: L("LT", "Registrų centras", "State Enterprise Centre of Registers"),
          city: "Studentų g. 39, Vilnius",
        },
      ],
    },
    residence: {
      title: L("LT", "Deklaruotos gyvenamosios vietos pažyma", "Certificate of declared place of residence"),
      providers: [
        {
          name: L("LT", "Registrų centras", "State Enterprise Centre of Registers"),
          city: "Studentų g. 39, Vilnius",
        },
      ],
    },
    diploma: {
      title: L("LT", "Aukštojo mokslo diplomas", "Higher education diploma"),
      providers: [
        {
          name: L("LT", "Nacionalinė švietimo agentūra", "National Agency for Education"),
          city: "Geležinio Vilko g. 12, Vilnius",
        },
      ],
    },
  },
  DE: {
    birth: {
      title: L("DE", "Geburtsurkunde", "Birth certificate"),
      providers: [
        {
          name: L("DE", "Standesämter in Bayern", "Registry offices of Bavaria"),
          city: "Marienplatz 8, München",
          nuts: "DE2",
          value: "DE2",
        },
        {
          name: L("DE", "Standesämter in Berlin", "Registry offices of Berlin"),
          city: "Rathausstraße 15, Berlin",
          nuts: "DE3",
          value: "DE3",
        },
        {
          name: L("DE", "Standesämter in Nordrhein-Westfalen", "Registry offices of North Rhine-Westphalia"),
          city: "Marktplatz 2, Düsseldorf",
          nuts: "DEA",
          value: "DEA",
        },
      ],
    },
    residence: {
      title: L("DE", "Meldebescheinigung", "Certificate of registration of residence"),
      providers: [
        {
          name: L("DE", "Meldebehörden in Bayern", "Residents' registration offices of Bavaria"),
          city: "Ruppertstraße 19, München",
          nuts: "DE2",
          value: "DE2",
        },
        {
          name: L("DE", "Bürgerämter in Berlin", "Citizens' offices of Berlin"),
          city: "Klosterstraße 47, Berlin",
          nuts: "DE3",
          value: "DE3",
        },
        {
          name: L(
            "DE",
            "Meldebehörden in Nordrhein-Westfalen",
            "Residents' registration offices of North Rhine-Westphalia",
          ),
          city: "Willi-Becker-Allee 7, Düsseldorf",
          nuts: "DEA",
          value: "DEA",
        },
      ],
    },
    diploma: {
      title: L("DE", "Hochschulabschlusszeugnis", "Higher education degree certificate"),
      providers: [
        {
          name: L("DE", "Stiftung für Hochschulzulassung", "Foundation for University Admission"),
          city: "Sonnenstraße 171, Dortmund",
        },
      ],
    },
  },
  FR: {
    birth: {
      title: L("FR", "Acte de naissance", "Birth certificate"),
      providers: [
        {
          name: L(
            "FR",
            "État civil des communes d'Île-de-France",
            "Civil registry of the municipalities of Île-de-France",
          ),
          city: "Place de l'Hôtel de Ville, Paris",
          nuts: "FR1",
          value: "FR1",
        },
        {
          name: L(
            "FR",
            "État civil des communes d'Auvergne-Rhône-Alpes",
            "Civil registry of the municipalities of Auvergne-Rhône-Alpes",
          ),
          city: "Place de la Comédie, Lyon",
          nuts: "FRK",
          value: "FRK",
        },
        {
          name: L(
            "FR",
            "État civil des communes d'Occitanie",
            "Civil registry of the municipalities of Occitanie",
          ),
          city: "Place du Capitole, Toulouse",
          nuts: "FRJ",
          value: "FRJ",
        },
      ],
    },
    residence: {
      title: L("FR", "Justificatif de domicile", "Proof of address"),
      providers: [
        {
          name: L(
            "FR",
            "Direction générale des Finances publiques",
            "Directorate General of Public Finances",
          ),
          city: "139 rue de Bercy, Paris",
        },
      ],
    },
    diploma: {
      title: L("FR", "Attestation de diplôme", "Diploma certificate"),
      providers: [
        {
          name: L(
            "FR",
            "Ministère de l'Enseignement supérieur et de la Recherche",
            "Ministry of Higher Education and Research",
          ),
          city: "1 rue Descartes, Paris",
        },
      ],
    },
  },
};

const CONCEPT_TEXT: Record<string, { descriptions: Text[]; context: Text[] }> = {
  DE: {
    descriptions: [
      en("Federal state (Land) whose authorities hold the record"),
      { lang: "DE", value: "Bundesland der zuständigen Behörde" },
    ],
    context: [en("Federal state of the competent authority")],
  },
  FR: {
    descriptions: [
      en("Region whose municipalities hold the record"),
      { lang: "FR", value: "Région de la commune compétente" },
    ],
    context: [en("Region of the competent municipality")],
  },
};

function texts([lang, own, english]: [string, string, string]): Text[] {
  return lang === "EN" ? [en(english)] : [{ lang, value: own }, en(english)];
}

/** The EB's requirements, each with one evidence-type list per state. */
export function seedRequirements(): Requirement[] {
  return (Object.keys(REQUIREMENTS) as Topic[]).map((topic) => {
    const r = REQUIREMENTS[topic];
    return {
      identifier: requirementId(topic),
      names: [en(r.name)],
      descriptions: [en(r.description)],
      frameworks: STATES.map((country) => ({
        identifier: uuidFrom(`framework:${topic}:${country}`),
        titles: [en(r.framework)],
        procedure: r.procedure,
        country,
      })),
      evidenceTypeLists: STATES.map((state) => ({
        identifier: uuidFrom(`evidence-type-list:${state}:${topic}`),
        names: [en(`${r.name} (${state})`)],
        evidenceTypes: [
          {
            classification: evidenceTypeClassification(state, topic),
            titles: texts(EVIDENCE[state][topic].title),
            jurisdiction: { adminUnitLevel1: state },
          },
        ],
      })),
    };
  });
}

/** The DSD's entries: one data-service evidence type per state and topic. */
export function seedDataServices(): DataServiceEvidenceType[] {
  return STATES.flatMap((state) =>
    (Object.keys(REQUIREMENTS) as Topic[]).map((topic) => {
      const e = EVIDENCE[state][topic];
      const asks = e.providers.length > 1;
      const providers: Provider[] = e.providers.map((p, i) => ({
        accessPointId: `AP_${state}_0${i + 1}`,
        conformsTo: EDM,
        publisherId: `${state}_${topic.toUpperCase()}_0${i + 1}`,
        names: texts(p.name),
        address: {
          fullAddress: p.city,
          adminUnitLevel1: state,
          ...(p.nuts ? { adminUnitLevel2: p.nuts } : {}),
        },
        jurisdiction: { adminUnitLevel1: state, ...(p.nuts ? { adminUnitLevel2: p.nuts } : {}) },
        ...(p.value ? { servesValues: [p.value] } : {}),
      }));
      const concept = CONCEPT_TEXT[state];
      return {
        registryId: `urn:uuid:${uuidFrom(`dsd-object:${state}:${topic}`)}`,
        identifier: uuidFrom(`data-service:${state}:${topic}`),
        classification: evidenceTypeClassification(state, topic),
        titles: texts(e.title),
        descriptions: [en(`${REQUIREMENTS[topic].name} issued in ${state}`)],
        // One distribution: the 1.x line allows at most one DistributedAs per type.
        distributedAs: [{ format: "application/pdf" }],
        levelOfAssurance: topic === "diploma" ? "Substantial" : "High",
        providers,
        ...(asks && concept
          ? {
              concept: {
                identifier: uuidFrom(`concept:${state}:region`),
                type: "Codelist",
                valueExpression: `${SR}/codelists/${state}/nuts1`,
                descriptions: concept.descriptions,
              },
              jurisdictionDetermination: {
                contextId: uuidFrom(`jurisdiction-context:${state}:${topic}`),
                contexts: concept.context,
                level: "NUTS1",
              },
            }
          : {}),
      };
    }),
  );
}
