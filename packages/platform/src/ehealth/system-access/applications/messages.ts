/**
 * The texts of the connection-application pages, Latvian and English, keyed the same; spread
 * into e-health's catalogue (../../i18n.ts), whose test checks both languages have every key.
 */

export const connectionMessagesLv = {
  "ehealth.right.connection.apply": "sistēmas pieslēguma pieteikšana",
  "ehealth.right.connection.approve": "sistēmu pieslēguma pieteikumu izskatīšana",
  "ehealth.connection.link": "Sistēmu pieslēgumi: pieteikumi ar sertifikātu",
  "ehealth.connection.operatorLink": "Sistēmu pieslēguma pieteikumi un apstiprinātās sistēmu versijas",
  "ehealth.connection.title": "Sistēmu pieslēgumi",
  "ehealth.connection.intro":
    "Iestādes sistēma pieslēdzas e-veselības tīmekļa pakalpojumiem ar savu pieslēguma sertifikātu. Iesniedziet pieteikumu; operators to izskata 5 darba dienu laikā, un lēmumu nosūta uz norādīto e-pastu.",
  "ehealth.connection.list": "Iesniegtie pieteikumi",
  "ehealth.connection.none": "Pieteikumu vēl nav.",
  "ehealth.connection.new": "Jauns pieteikums",
  "ehealth.connection.field.systemName": "Sistēmas nosaukums",
  "ehealth.connection.field.systemVersion": "Sistēmas versija",
  "ehealth.connection.field.certificate": "Pieslēguma sertifikāts",
  "ehealth.connection.field.certificateHint":
    "Ielīmējiet sertifikātu PEM formā (teksts no -----BEGIN CERTIFICATE----- līdz -----END CERTIFICATE-----); aiz tā var būt izdevēju ķēde.",
  "ehealth.connection.field.certificateFile": "Vai sertifikāta datne",
  "ehealth.connection.field.certificateFileHint":
    "PEM vai DER datne (piemēram, .pem, .crt, .cer, .der), līdz 64 KiB. Ja izvēlaties datni, ielīmētais teksts netiek ņemts vērā.",
  "ehealth.connection.field.contactEmail": "E-pasts, uz kuru sūtīt lēmumu",
  "ehealth.connection.submit": "Iesniegt pieteikumu",
  "ehealth.connection.done.filed": "Pieteikums iesniegts. Operators to izskatīs 5 darba dienu laikā.",
  "ehealth.connection.col.system": "Sistēma",
  "ehealth.connection.col.version": "Versija",
  "ehealth.connection.col.certificate": "Sertifikāts",
  "ehealth.connection.col.filed": "Iesniegts",
  "ehealth.connection.col.due": "Izskatīt līdz",
  "ehealth.connection.col.status": "Statuss",
  "ehealth.connection.col.institution": "Iestāde",
  "ehealth.connection.col.decision": "Lēmums",
  "ehealth.connection.serial": "sērijas numurs {serial}",
  "ehealth.connection.subject": "Subjekts: {subject}",
  "ehealth.connection.issuer": "Izdevējs: {issuer}",
  "ehealth.connection.validity": "Derīgs no {from} līdz {to}",
  "ehealth.connection.key": "Atslēga: {key}",
  "ehealth.connection.overdue": "nokavēts",
  "ehealth.connection.status.submitted": "iesniegts",
  "ehealth.connection.status.approved": "apstiprināts",
  "ehealth.connection.status.refused": "atteikts",
  "ehealth.connection.status.revoked": "atsaukts",
  "ehealth.connection.refusedBecause": "Iemesls: {reason}",
  "ehealth.connection.error.systemName": "Norādiet sistēmas nosaukumu (vienā rindā, līdz 200 rakstzīmēm).",
  "ehealth.connection.error.systemVersion": "Norādiet sistēmas versiju (vienā rindā, līdz 100 rakstzīmēm).",
  "ehealth.connection.error.contactEmail": "Norādiet derīgu e-pasta adresi.",
  "ehealth.connection.error.certificate.unreadable":
    "Sertifikātu neizdevās nolasīt. Ielīmējiet to PEM formā, ar sākuma un beigu rindu.",
  "ehealth.connection.error.certificateFile.unreadable":
    "Datnē neizdevās nolasīt sertifikātu. Izvēlieties sertifikāta datni PEM vai DER formā.",
  "ehealth.connection.error.certificateFile.too-large":
    "Datne ir par lielu: sertifikāta datne var būt līdz 64 KiB.",
  "ehealth.connection.error.certificateFile.form": "Veidlapu neizdevās nolasīt. Mēģiniet vēlreiz.",
  "ehealth.connection.error.certificate.weak-key":
    "Sertifikāta atslēga ir par vāju: vajag RSA vismaz 2048 bitu vai EC P-256, P-384, P-521.",
  "ehealth.connection.error.certificate.weak-signature":
    "Sertifikāts parakstīts ar novecojušu algoritmu; vajag SHA-2.",
  "ehealth.connection.error.certificate.expired": "Sertifikāta derīguma termiņš ir beidzies.",
  "ehealth.connection.error.certificate.not-yet-valid": "Sertifikāts vēl nav derīgs.",
  "ehealth.connection.error.certificate.not-client-auth":
    "Sertifikāts nav paredzēts klienta autentifikācijai.",
  "ehealth.connection.error.certificate.untrusted":
    "Sertifikātu nav izdevusi neviena no sertifikācijas iestādēm, kurām e-veselības sistēma uztic sistēmu pieslēgumus.",
  "ehealth.connection.error.certificate.in-use":
    "Šis sertifikāts jau ir iesniegts vai piesaistīts kādai sistēmai.",
  "ehealth.connection.queue.title": "Sistēmu pieslēguma pieteikumi",
  "ehealth.connection.queue.intro":
    "Pieteikums jāizskata 5 darba dienu laikā pēc iesniegšanas. Apstiprinot sertifikāts tiek piesaistīts iestādei un sistēmai, un iestādei tiek nosūtīts e-pasts.",
  "ehealth.connection.queue.none": "Neizskatītu pieteikumu nav.",
  "ehealth.connection.queue.decided": "Pēdējie lēmumi",
  "ehealth.connection.approve": "Apstiprināt",
  "ehealth.connection.refuse": "Atteikt",
  "ehealth.connection.field.reason": "Atteikuma iemesls",
  "ehealth.connection.error.reason": "Norādiet atteikuma iemeslu (3 līdz 1000 rakstzīmes).",
  "ehealth.connection.error.version-not-approved":
    "Šī sistēmas versija nav apstiprināta; ražošanas vidē pieslēgumu var apstiprināt tikai apstiprinātai versijai.",
  "ehealth.connection.error.decided": "Šis pieteikums jau ir izskatīts.",
  "ehealth.connection.error.binding-exists":
    "Iestādei jau ir aktīva sistēma ar šo nosaukumu, vai sertifikāts jau ir piesaistīts.",
  "ehealth.connection.error.institution-inactive": "Iestādes piekļuve nav aktīva.",
  "ehealth.connection.done.approved": "Pieteikums apstiprināts; iestādei nosūtīts e-pasts.",
  "ehealth.connection.done.refused": "Pieteikums atteikts; iestādei nosūtīts e-pasts.",
  "ehealth.connection.done.version": "Sistēmas versija apstiprināta.",
  "ehealth.connection.versionApproved": "versija apstiprināta",
  "ehealth.connection.versionNotApproved": "versija nav apstiprināta",
  "ehealth.connection.versions.title": "Apstiprinātās sistēmu versijas",
  "ehealth.connection.versions.intro":
    "Ražošanas vidē pieslēgties var tikai apstiprinātas sistēmas versijas; katrai jaunai versijai vajag savu apstiprinājumu.",
  "ehealth.connection.versions.none": "Apstiprinātu versiju vēl nav.",
  "ehealth.connection.versions.col.approved": "Apstiprināts",
  "ehealth.connection.versions.col.ground": "Pamatojums",
  "ehealth.connection.versions.add": "Apstiprināt versiju",
  "ehealth.connection.field.ground": "Pamatojums (piemēram, testēšanas pārskats)",
  "ehealth.connection.error.ground": "Norādiet pamatojumu (vienā rindā, līdz 500 rakstzīmēm).",
  "ehealth.connection.byCommandLine": "komandrindas rīks",
} as const;

export const connectionMessagesEn: Record<keyof typeof connectionMessagesLv, string> = {
  "ehealth.right.connection.apply": "filing a system connection application",
  "ehealth.right.connection.approve": "deciding system connection applications",
  "ehealth.connection.link": "System connections: applications with a certificate",
  "ehealth.connection.operatorLink": "System connection applications and approved system versions",
  "ehealth.connection.title": "System connections",
  "ehealth.connection.intro":
    "An institution's system connects to the e-health web services with its own connection certificate. File an application; the operator decides it within 5 working days and the decision is sent to the e-mail address given.",
  "ehealth.connection.list": "Applications filed",
  "ehealth.connection.none": "No applications yet.",
  "ehealth.connection.new": "New application",
  "ehealth.connection.field.systemName": "System name",
  "ehealth.connection.field.systemVersion": "System version",
  "ehealth.connection.field.certificate": "Connection certificate",
  "ehealth.connection.field.certificateHint":
    "Paste the certificate in PEM form (the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----); its issuers' chain may follow.",
  "ehealth.connection.field.certificateFile": "Or the certificate file",
  "ehealth.connection.field.certificateFileHint":
    "A PEM or DER file (e.g. .pem, .crt, .cer, .der), up to 64 KiB. When a file is chosen, pasted text is not used.",
  "ehealth.connection.field.contactEmail": "E-mail address for the decision",
  "ehealth.connection.submit": "File the application",
  "ehealth.connection.done.filed": "Application filed. The operator will decide it within 5 working days.",
  "ehealth.connection.col.system": "System",
  "ehealth.connection.col.version": "Version",
  "ehealth.connection.col.certificate": "Certificate",
  "ehealth.connection.col.filed": "Filed",
  "ehealth.connection.col.due": "Due",
  "ehealth.connection.col.status": "Status",
  "ehealth.connection.col.institution": "Institution",
  "ehealth.connection.col.decision": "Decision",
  "ehealth.connection.serial": "serial {serial}",
  "ehealth.connection.subject": "Subject: {subject}",
  "ehealth.connection.issuer": "Issuer: {issuer}",
  "ehealth.connection.validity": "Valid from {from} to {to}",
  "ehealth.connection.key": "Key: {key}",
  "ehealth.connection.overdue": "overdue",
  "ehealth.connection.status.submitted": "submitted",
  "ehealth.connection.status.approved": "approved",
  "ehealth.connection.status.refused": "refused",
  "ehealth.connection.status.revoked": "revoked",
  "ehealth.connection.refusedBecause": "Reason: {reason}",
  "ehealth.connection.error.systemName": "Give the system's name (one line, up to 200 characters).",
  "ehealth.connection.error.systemVersion": "Give the system's version (one line, up to 100 characters).",
  "ehealth.connection.error.contactEmail": "Give a valid e-mail address.",
  "ehealth.connection.error.certificate.unreadable":
    "The certificate could not be read. Paste it in PEM form, with its first and last line.",
  "ehealth.connection.error.certificateFile.unreadable":
    "No certificate could be read from the file. Choose a certificate file in PEM or DER form.",
  "ehealth.connection.error.certificateFile.too-large":
    "The file is too large: a certificate file may be up to 64 KiB.",
  "ehealth.connection.error.certificateFile.form": "The form could not be read. Please try again.",
  "ehealth.connection.error.certificate.weak-key":
    "The certificate's key is too weak: RSA of at least 2048 bits or EC P-256, P-384, P-521 is needed.",
  "ehealth.connection.error.certificate.weak-signature":
    "The certificate is signed with an outdated algorithm; SHA-2 is needed.",
  "ehealth.connection.error.certificate.expired": "The certificate has expired.",
  "ehealth.connection.error.certificate.not-yet-valid": "The certificate is not valid yet.",
  "ehealth.connection.error.certificate.not-client-auth":
    "The certificate is not meant for client authentication.",
  "ehealth.connection.error.certificate.untrusted":
    "The certificate was not issued by any of the certification authorities the e-health system trusts for system connections.",
  "ehealth.connection.error.certificate.in-use":
    "This certificate has already been filed or is bound to a system.",
  "ehealth.connection.queue.title": "System connection applications",
  "ehealth.connection.queue.intro":
    "An application is due 5 working days after it was filed. Approving binds the certificate to the institution and system and e-mails the institution.",
  "ehealth.connection.queue.none": "No applications waiting.",
  "ehealth.connection.queue.decided": "Latest decisions",
  "ehealth.connection.approve": "Approve",
  "ehealth.connection.refuse": "Refuse",
  "ehealth.connection.field.reason": "Reason for refusal",
  "ehealth.connection.error.reason": "Give the reason for refusal (3 to 1000 characters).",
  "ehealth.connection.error.version-not-approved":
    "This system version is not approved; in production a connection can be approved only for an approved version.",
  "ehealth.connection.error.decided": "This application has already been decided.",
  "ehealth.connection.error.binding-exists":
    "The institution already has an active system of this name, or the certificate is already bound.",
  "ehealth.connection.error.institution-inactive": "The institution's access is not active.",
  "ehealth.connection.done.approved": "Application approved; the institution has been e-mailed.",
  "ehealth.connection.done.refused": "Application refused; the institution has been e-mailed.",
  "ehealth.connection.done.version": "System version approved.",
  "ehealth.connection.versionApproved": "version approved",
  "ehealth.connection.versionNotApproved": "version not approved",
  "ehealth.connection.versions.title": "Approved system versions",
  "ehealth.connection.versions.intro":
    "In production only approved system versions may connect; each new version needs its own approval.",
  "ehealth.connection.versions.none": "No approved versions yet.",
  "ehealth.connection.versions.col.approved": "Approved",
  "ehealth.connection.versions.col.ground": "Ground",
  "ehealth.connection.versions.add": "Approve a version",
  "ehealth.connection.field.ground": "Ground (e.g. the test report)",
  "ehealth.connection.error.ground": "Give the ground (one line, up to 500 characters).",
  "ehealth.connection.byCommandLine": "command-line tool",
};
