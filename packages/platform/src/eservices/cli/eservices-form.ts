/**
 * `tilts eservices form`: fills the e-service registration form (ESV-2) from options and writes
 * the unsigned eDoc for the institution's representative to sign with a qualified signature and
 * a time-stamp (SIG-6) — in eParaksts, or with `tilts sign --add-to FILE --level LT`.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { FORM_FILE_NAME, formXml } from "../core/form-xml.ts";
import { AUDIENCES, CHANNELS, checkRegistrationForm } from "../core/registration-form.ts";
import { buildFormEdoc } from "../form-container.ts";

export const eservicesFormCommand: Command = {
  path: ["eservices", "form"],
  summary: "fill the e-service registration form and write it as an unsigned eDoc to sign (ESV-2)",
  help: `Usage: tilts eservices form --out FILE.edoc --name-lv TEXT --name-en TEXT
         --description-lv TEXT --description-en TEXT --audience A [--audience A]
         --channel C [--channel C]... --legal-basis TEXT --institution REGNO
         --institution-name TEXT --institution-email ADDRESS --contact-name TEXT
         --contact-email ADDRESS [--contact-phone PHONE] [--json]

Writes the e-service registration form (ESV-2) as an eDoc (ASiC-E) holding one file,
${FORM_FILE_NAME} (namespace urn:x-tilts:eservice-registration:1, see the module's README).
The institution's representative signs it with a qualified electronic signature with a
time-stamp (SIG-6) and submits it with \`tilts eservices submit\`.

Options:
  --out FILE               where to write the unsigned eDoc (overwritten)
  --name-lv, --name-en     the e-service's name in Latvian and English (at most 200 characters)
  --description-lv, --description-en   what it does, in both languages (at most 4000)
  --audience A             who it is for: ${AUDIENCES.join(", ")} (repeatable)
  --channel C              where it is offered: ${CHANNELS.join(", ")} (repeatable)
  --legal-basis TEXT       the legal act(s) it rests on
  --institution REGNO      the institution's registration number (11 digits)
  --institution-name TEXT  its name
  --institution-email ADDRESS   where the agency's notices go
  --contact-name, --contact-email, --contact-phone   the institution's contact person
  --json                   print {"file","form_sha256","bytes"}

Exit codes: 0 written; 1 the form is not valid (each field's problem is printed); 2 usage.`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: {
        out: { type: "string" },
        "name-lv": { type: "string" },
        "name-en": { type: "string" },
        "description-lv": { type: "string" },
        "description-en": { type: "string" },
        audience: { type: "string", multiple: true },
        channel: { type: "string", multiple: true },
        "legal-basis": { type: "string" },
        institution: { type: "string" },
        "institution-name": { type: "string" },
        "institution-email": { type: "string" },
        "contact-name": { type: "string" },
        "contact-email": { type: "string" },
        "contact-phone": { type: "string" },
        json: { type: "boolean" },
      },
    });
    if (!values.out) throw new UsageError("--out FILE is required");
    const checked = checkRegistrationForm({
      nameLv: values["name-lv"],
      nameEn: values["name-en"],
      descriptionLv: values["description-lv"],
      descriptionEn: values["description-en"],
      audiences: values.audience ?? [],
      channels: values.channel ?? [],
      legalBasis: values["legal-basis"],
      institutionRegistrationNumber: values.institution,
      institutionName: values["institution-name"],
      institutionEmail: values["institution-email"],
      contactName: values["contact-name"],
      contactEmail: values["contact-email"],
      contactPhone: values["contact-phone"],
    });
    if (!checked.ok) {
      if (values.json)
        io.stdout(`${JSON.stringify({ refused: true, code: "form-invalid", fields: checked.problems })}\n`);
      else
        io.stderr(
          `tilts eservices form: the form is not valid:\n${checked.problems.map((p) => `  ${p.field}: ${p.code}\n`).join("")}`,
        );
      return 1;
    }
    const edoc = buildFormEdoc(checked.form, new Date());
    const file = resolve(values.out);
    writeFileSync(file, edoc);
    const formSha256 = createHash("sha256").update(formXml(checked.form)).digest("hex");
    if (values.json) io.stdout(`${JSON.stringify({ file, form_sha256: formSha256, bytes: edoc.length })}\n`);
    else
      io.stdout(
        `Wrote ${file} (${edoc.length} bytes). Sign it with a qualified signature and a time-stamp, then run tilts eservices submit.\n`,
      );
    return 0;
  },
};
