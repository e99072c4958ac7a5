/**
 * `tilts ehealth sample-cda`: writes an HL7 CDA R2 document about a demo patient that the
 * portal's upload accepts (the CDA R2 schema check and the right-patient check of
 * documents/check-upload.ts, ANX2-12), so a newcomer has something to upload without writing
 * XML. With `--sign` the document carries an enveloped XAdES-LT signature (SIG-5) by the author's
 * testbed signing certificate, which the portal shows as valid. Built by the same sample builder
 * the demo seeding uses (documents/cda-builder.ts).
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { loadConfig } from "../../config/config.ts";
import { parsePersonalCode } from "../../core/personal-code/index.ts";
import {
  DEMO_INSTITUTIONS,
  type DemoCast,
  type DemoInstitution,
  type DemoPerson,
  demoPatientInstitution,
} from "../demo/index.ts";
import { sampleDischargeSummary, sampleLabResult, signClinicalDocument } from "../documents/index.ts";
import { demoPeople } from "./demo-people.ts";
import { testbedSampleSigner } from "./sample-cda-signer.ts";

const SAMPLES = {
  discharge: { build: sampleDischargeSummary, label: "discharge summary (LOINC 18842-5)" },
  lab: { build: sampleLabResult, label: "laboratory report (LOINC 11502-2)" },
} as const;
type SampleType = keyof typeof SAMPLES;

const help = `Usage: tilts ehealth sample-cda [--patient CODE] [--author CODE] [--type discharge|lab]
                              [--sign] [--data-dir DIR] [--out FILE]

Writes an HL7 CDA R2 clinical document about a demo patient, ready to upload in the
professionals' portal (it passes the upload's CDA schema and right-patient checks). Sign in as
the author (eParaksts stand-in: user number = personal code, PIN1 1234), choose the author's
institution and the patient, and upload the file.

Options:
  --patient CODE   the patient's personal code: one of the demo patients (default: the first,
                   as \`tilts ehealth demo\` seeds them)
  --author CODE    the author's personal code: a demo doctor, nurse or pharmacist (default:
                   the doctor of the institution where the patient is treated)
  --type T         discharge (a discharge summary, default) or lab (a laboratory report)
  --sign           sign it (XAdES-LT, enveloped) with the author's signing certificate from
                   the testbed's PKI, time-stamped, OCSP answers embedded: the portal shows
                   the signature as valid. The PKI is <data-dir>/testbed/pki (created there
                   when absent)
  --data-dir DIR   the platform's data directory (default $DATA_DIR or ./data); only --sign
                   reads it
  --out FILE       write the document to FILE (default: standard output)

Exit codes: 0 written; 2 usage (e.g. a personal code that is not a demo patient or author),
or --sign with the testbed off (production).`;

interface DemoAuthor {
  readonly person: DemoPerson;
  readonly institution: DemoInstitution;
}

/** The professionals the demo seeds with rights, each with the institution they work at. */
function demoAuthors(cast: DemoCast): DemoAuthor[] {
  const { hospital, practice, pharmacy } = DEMO_INSTITUTIONS;
  return [
    { person: cast.hospitalDoctor, institution: hospital },
    { person: cast.hospitalNurse, institution: hospital },
    { person: cast.practiceDoctor, institution: practice },
    { person: cast.pharmacist, institution: pharmacy },
  ];
}

/** `010180-10006` and `01018010006` name the same person. */
function sameCode(given: string): (person: DemoPerson) => boolean {
  const parsed = parsePersonalCode(given);
  const code = parsed.ok ? parsed.code : given.trim();
  return (person) => person.personalCode === code;
}

function choosePatient(cast: DemoCast, code: string | undefined): { patient: DemoPerson; index: number } {
  const index = code === undefined ? 0 : cast.patients.findIndex(sameCode(code));
  const patient = cast.patients[index];
  if (!patient) {
    const some = cast.patients.slice(0, 3).map((p) => p.personalCode);
    throw new UsageError(`${code} is not a demo patient (demo patients are e.g. ${some.join(", ")})`);
  }
  return { patient, index };
}

function chooseAuthor(cast: DemoCast, code: string | undefined, patientIndex: number): DemoAuthor {
  const authors = demoAuthors(cast);
  if (code === undefined) {
    // The doctor where the patient is treated: that institution holds the patient's consent.
    const home = demoPatientInstitution(patientIndex);
    return authors.find((a) => a.institution === home) as DemoAuthor;
  }
  const author = authors.find((a) => sameCode(code)(a.person));
  if (!author) throw new UsageError(`${code} is not a demo doctor, nurse or pharmacist`);
  return author;
}

const nameOf = (p: DemoPerson) => `${p.givenName} ${p.familyName} (${p.personalCode})`;

export const ehealthSampleCdaCommand: Command = {
  path: ["ehealth", "sample-cda"],
  summary: "write a CDA document about a demo patient that the portal's upload accepts (optionally signed)",
  help,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: {
        patient: { type: "string" },
        author: { type: "string" },
        type: { type: "string" },
        sign: { type: "boolean" },
        "data-dir": { type: "string" },
        out: { type: "string" },
      },
    });
    const type = (values.type ?? "discharge") as SampleType;
    if (!Object.hasOwn(SAMPLES, type))
      throw new UsageError(`--type is discharge or lab, not '${values.type}'`);
    const { cast } = demoPeople();
    const { patient, index } = choosePatient(cast, values.patient);
    const author = chooseAuthor(cast, values.author, index);
    const institution = {
      registrationNumber: author.institution.registrationNumber,
      name: author.institution.name,
    };
    let document = SAMPLES[type].build({ patient, author: author.person, institution });
    if (values.sign) {
      const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
      if (!config.testbed)
        throw new UsageError("--sign uses the testbed's PKI; it runs only with the testbed on");
      const signer = testbedSampleSigner(author.person, values["data-dir"], io);
      document = await signClinicalDocument(document, signer.credential, signer.options);
    }
    const note = [
      `A ${values.sign ? "signed " : ""}${SAMPLES[type].label} about ${nameOf(patient)},`,
      `by ${nameOf(author.person)} of ${institution.name}.`,
      `Upload it in the portal signed in as the author, with ${institution.name} and the patient chosen.`,
    ].join("\n");
    if (values.out === undefined) {
      io.stdout(document);
      io.stderr(`${note}\n`);
    } else {
      const out = resolve(values.out);
      writeFileSync(out, document);
      io.stdout(`Wrote ${out}\n${note}\n`);
    }
    return 0;
  },
};
