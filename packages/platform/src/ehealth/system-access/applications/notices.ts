/**
 * The e-mails an institution gets about its connection application (ANX2-4), Latvian first,
 * English after — sent to the application's contact address through the e-health outbox. They
 * name the system, its version and the certificate's serial; no person.
 */
import type { ConnectionApplication } from "./application-store.ts";

const SIGNATURE = "E-veselības sistēmas operators / The e-health system operator";

export function approvalNotice(a: ConnectionApplication): { subject: string; body: string } {
  return {
    subject: `Pieslēgums apstiprināts: ${a.systemName} ${a.systemVersion} / Connection approved`,
    body: [
      `Iestādes sistēmas "${a.systemName}" (versija ${a.systemVersion}) pieslēguma pieteikums ir apstiprināts.`,
      `Sertifikāts ar sērijas numuru ${a.serial} ir piesaistīts iestādei; sistēma var pieslēgties e-veselības sistēmas tīmekļa pakalpojumiem.`,
      "",
      `The connection application of the system "${a.systemName}" (version ${a.systemVersion}) is approved.`,
      `The certificate with serial ${a.serial} is bound to the institution; the system may connect to the e-health web services.`,
      "",
      SIGNATURE,
    ].join("\n"),
  };
}

export function refusalNotice(a: ConnectionApplication, reason: string): { subject: string; body: string } {
  return {
    subject: `Pieslēgums atteikts: ${a.systemName} ${a.systemVersion} / Connection refused`,
    body: [
      `Iestādes sistēmas "${a.systemName}" (versija ${a.systemVersion}) pieslēguma pieteikums ir atteikts.`,
      `Iemesls: ${reason}`,
      "Pēc trūkumu novēršanas iesniedziet jaunu pieteikumu iestādes administratora darba vietā.",
      "",
      `The connection application of the system "${a.systemName}" (version ${a.systemVersion}) is refused.`,
      `Reason: ${reason}`,
      "File a new application in the institution administrator's workplace once this is put right.",
      "",
      SIGNATURE,
    ].join("\n"),
  };
}
