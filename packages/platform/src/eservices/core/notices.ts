/**
 * What the agency tells the institution (ESV-3): the e-service's identifier and the agency's
 * contact person for its implementation, or why the form was refused. Latvian first, English
 * after, as the agency's letters are. Pure: the text only; queuing is the mail port's job.
 */
import type { RegistrationForm } from "./registration-form.ts";

export interface Notice {
  to: string;
  subject: string;
  body: string;
}

export function registrationNotice(
  form: RegistrationForm,
  identifier: string,
  agencyContact: { name: string; email: string },
): Notice {
  return {
    to: form.institution.email,
    subject: `E-pakalpojums reģistrēts: ${identifier} / E-service registered: ${identifier}`,
    body: [
      `Labdien!`,
      "",
      `Aģentūra ir reģistrējusi jūsu iestādes (${form.institution.name}) e-pakalpojumu „${form.name.lv}”.`,
      `E-pakalpojuma identifikators: ${identifier}.`,
      `Aģentūras kontaktpersona e-pakalpojuma ieviešanai: ${agencyContact.name}, ${agencyContact.email}.`,
      "Nākamais solis: piekļuves tiesību pieprasīšana izstrādātājiem un testētājiem.",
      "",
      "Hello,",
      "",
      `The agency has registered the e-service "${form.name.en}" of ${form.institution.name}.`,
      `E-service identifier: ${identifier}.`,
      `The agency's contact person for implementing it: ${agencyContact.name}, ${agencyContact.email}.`,
      "Next step: requesting access for its developers and testers.",
    ].join("\n"),
  };
}

export function refusalNotice(form: RegistrationForm, reason: string): Notice {
  return {
    to: form.institution.email,
    subject: `E-pakalpojuma reģistrācija atteikta / E-service registration refused: ${form.name.en}`,
    body: [
      "Labdien!",
      "",
      `Aģentūra nav reģistrējusi jūsu iestādes (${form.institution.name}) e-pakalpojumu „${form.name.lv}”.`,
      `Iemesls: ${reason}`,
      "Pēc trūkumu novēršanas iesniedziet jaunu parakstītu veidlapu.",
      "",
      "Hello,",
      "",
      `The agency has not registered the e-service "${form.name.en}" of ${form.institution.name}.`,
      `Reason: ${reason}`,
      "Once this is put right, submit a new signed form.",
    ].join("\n"),
  };
}
