/**
 * The agency's commands (ESV-3): `tilts eservices queue`, `register ID --contact … --contact-email …`
 * and `refuse ID --reason …`. Actor `cli`, as the platform's other admin commands. The notice to
 * the institution is kept on the form's status row and queued in the platform's mail outbox in the
 * same transaction; a running `tilts start` sends it.
 */
import { type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { listQueue, refuseForm, registerForm } from "../agency.ts";
import type { StoredForm } from "../form-row.ts";
import { platformOutboxMail } from "../outbox-mail.ts";
import { DATA_DIR_OPTION, EXIT_CODES, withRegistry } from "./cli-shared.ts";

export function storedFormJson(f: StoredForm) {
  return {
    id: f.id,
    status: f.status,
    institution: {
      registration_number: f.form.institution.registrationNumber,
      name: f.form.institution.name,
    },
    name: f.form.name,
    audiences: f.form.audiences,
    channels: f.form.channels,
    signed_sha256: f.signedSha256,
    signed_at: f.signedAt.toISOString(),
    submitted_at: f.submittedAt.toISOString(),
    identifier: f.identifier,
    agency_contact: f.agencyContact,
    registered_at: f.registeredAt?.toISOString() ?? null,
    refusal_reason: f.refusalReason,
  };
}

function formId(positionals: string[]): string {
  if (positionals.length !== 1 || !/^[1-9]\d{0,17}$/.test(positionals[0]!))
    throw new UsageError("give exactly one form ID (a number, see tilts eservices queue)");
  return positionals[0]!;
}

export const eservicesQueueCommand: Command = {
  path: ["eservices", "queue"],
  summary: "list the submitted e-service registration forms waiting for the agency (ESV-3)",
  help: `Usage: tilts eservices queue [--data-dir DIR] [--json]

Lists the submitted forms, oldest first: id, institution, the e-service's name, when signed
and submitted.

Options:
${DATA_DIR_OPTION}: {"forms":[{"id","status","institution","name","audiences",
                         "channels","signed_sha256","signed_at","submitted_at",…}]}

${EXIT_CODES}`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    return withRegistry(values["data-dir"], io, "queue", values.json, async (db) => {
      const forms = await listQueue(db);
      if (values.json) io.stdout(`${JSON.stringify({ forms: forms.map(storedFormJson) })}\n`);
      else if (forms.length === 0) io.stdout("The queue is empty.\n");
      else
        io.stdout(
          forms
            .map(
              (f) =>
                `${f.id.padStart(5)}  ${f.submittedAt.toISOString().slice(0, 16)}  ${f.form.institution.registrationNumber} ${f.form.institution.name}: ${f.form.name.en}\n`,
            )
            .join(""),
        );
      return 0;
    });
  },
};

export const eservicesRegisterCommand: Command = {
  path: ["eservices", "register"],
  summary: "register a submitted e-service: assign its identifier and the agency's contact person (ESV-3)",
  help: `Usage: tilts eservices register ID --contact NAME --contact-email ADDRESS [--data-dir DIR] [--json]

Registers submitted form ID: assigns the e-service identifier ESP-<year>-<5 digits> (the
registration year in Riga time, numbered from 00001 each year) and the agency's contact person
for its implementation, and prepares the notice to the institution's address (ESV-3).

Options:
  --contact NAME           the agency's contact person
  --contact-email ADDRESS  their e-mail address
${DATA_DIR_OPTION}: {"form":{…,"identifier"},"identifier","notice":{"to","subject"},
                         "notice_queued"}

${EXIT_CODES} Refusals: not-found, not-submitted (already decided),
bad-input.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        contact: { type: "string" },
        "contact-email": { type: "string" },
        "data-dir": { type: "string" },
        json: { type: "boolean" },
      },
    });
    const id = formId(positionals);
    if (!values.contact?.trim() || !values["contact-email"]?.trim())
      throw new UsageError("--contact NAME and --contact-email ADDRESS are required");
    return withRegistry(values["data-dir"], io, "register", values.json, async (db) => {
      const done = await registerForm(
        db,
        id,
        { name: values.contact!, email: values["contact-email"]! },
        { actor: "cli", now: new Date(), mail: platformOutboxMail() },
      );
      if (values.json)
        io.stdout(
          `${JSON.stringify({
            form: storedFormJson(done.form),
            identifier: done.identifier,
            notice: { to: done.notice.to, subject: done.notice.subject },
            notice_queued: done.noticeQueued,
          })}\n`,
        );
      else io.stdout(`Registered form ${id} as ${done.identifier}. Notice to ${done.notice.to} queued.\n`);
      return 0;
    });
  },
};

export const eservicesRefuseCommand: Command = {
  path: ["eservices", "refuse"],
  summary: "refuse a submitted e-service registration form, with the reason (ESV-3)",
  help: `Usage: tilts eservices refuse ID --reason TEXT [--data-dir DIR] [--json]

Refuses submitted form ID; the reason goes on its status history and into the notice to the
institution, which may submit a corrected form.

Options:
  --reason TEXT            why (required, at most 2000 characters)
${DATA_DIR_OPTION}: {"form":{…,"status":"refused","refusal_reason"},"notice":{"to","subject"},
                         "notice_queued"}

${EXIT_CODES}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { reason: { type: "string" }, "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    const id = formId(positionals);
    if (!values.reason?.trim()) throw new UsageError("--reason is required");
    return withRegistry(values["data-dir"], io, "refuse", values.json, async (db) => {
      const done = await refuseForm(db, id, values.reason!, {
        actor: "cli",
        now: new Date(),
        mail: platformOutboxMail(),
      });
      if (values.json)
        io.stdout(
          `${JSON.stringify({
            form: storedFormJson(done.form),
            notice: { to: done.notice.to, subject: done.notice.subject },
            notice_queued: done.noticeQueued,
          })}\n`,
        );
      else io.stdout(`Refused form ${id}. Notice to ${done.notice.to} queued.\n`);
      return 0;
    });
  },
};
