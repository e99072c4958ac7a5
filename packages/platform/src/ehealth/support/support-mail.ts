/** The e-mails of support requests (CON-12), Latvian first, English after, dates as people write them. */
import type { CalendarDate } from "../core/calendar-date.ts";
import { showDate } from "../core/people-dates.ts";

const SIGNATURE = "E-veselības sistēmas operators / The e-health system operator";

export function confirmationMail(request: { reference: string; answerDue: CalendarDate }): {
  subject: string;
  body: string;
} {
  const due = showDate(request.answerDue);
  return {
    subject: `Atbalsta pieprasījums Nr. ${request.reference} saņemts / Support request ${request.reference} received`,
    body: [
      `Esam saņēmuši jūsu atbalsta pieprasījumu Nr. ${request.reference}. Atbildēsim līdz ${due}.`,
      "",
      `We have received your support request ${request.reference}. We will answer by ${due}.`,
      "",
      SIGNATURE,
    ].join("\n"),
  };
}

export function replyMail(request: { reference: string; text: string }): { subject: string; body: string } {
  return {
    subject: `Atbilde uz atbalsta pieprasījumu Nr. ${request.reference} / Answer to support request ${request.reference}`,
    body: [request.text, "", SIGNATURE].join("\n"),
  };
}
