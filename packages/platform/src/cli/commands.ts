/**
 * Every CLI command, in the order `tilts --help` lists them. Each entry holds only what the
 * overview prints (the words that select the command and its one-line summary) and how to load
 * it: a command's module — and everything it imports — is loaded only when that command runs
 * (or prints its own --help), so `tilts --version` and `tilts --help` load none of them.
 * commands.test.ts checks that each entry's path and summary match the loaded command's.
 *
 * To add a command, add one entry:
 *   { path: ["x", "y"], summary: "…", load: async () => (await import("./commands/x-y.ts")).xyCommand },
 */
import type { Command } from "./command.ts";

export interface CommandEntry {
  /** Words that select the command, as in its Command. */
  path: string[];
  /** One line for the command list, as in its Command. */
  summary: string;
  /** Imports the command's module. */
  load: () => Promise<Command>;
}

export const commands: CommandEntry[] = [
  {
    path: ["start"],
    summary: "run the platform (migrates the database first; with the testbed by default)",
    load: async () => (await import("./commands/start.ts")).startCommand,
  },
  {
    path: ["migrate"],
    summary: "bring the database schema up to date",
    load: async () => (await import("./commands/migrate.ts")).migrateCommand,
  },
  {
    path: ["audit", "verify"],
    summary:
      "check the audit log's hash chain and its signed, time-stamped checkpoints; report changed, removed or moved records",
    load: async () => (await import("./commands/audit-verify.ts")).auditVerifyCommand,
  },
  {
    path: ["audit", "seal"],
    summary: "seal a checkpoint of the audit log now: signed, time-stamped, written to the checkpoint folder",
    load: async () => (await import("./commands/audit-seal.ts")).auditSealCommand,
  },
  {
    path: ["cert", "verify"],
    summary: "validate a certificate path (RFC 5280) with CRL/OCSP revocation checking",
    load: async () => (await import("./commands/cert-verify.ts")).certVerifyCommand,
  },
  {
    path: ["sign"],
    summary: "sign files as an eDoc (ASiC-E), XAdES document or PAdES PDF at level B, T, LT or LTA",
    load: async () => (await import("./commands/sign.ts")).signCommand,
  },
  {
    path: ["augment"],
    summary:
      "raise the signatures of an eDoc or PDF to level T, LT or LTA (renews LTA) without touching what is signed",
    load: async () => (await import("./commands/augment.ts")).augmentCommand,
  },
  {
    path: ["verify"],
    summary: "validate the signatures of an eDoc (ASiC-E), XML document or PDF (EN 319 102-1 report)",
    load: async () => (await import("./commands/verify.ts")).verifyCommand,
  },
  {
    path: ["identity", "client", "add"],
    summary: "register a relying party of the sign-in broker; prints its client_id and secret once",
    load: async () => (await import("./commands/identity-client.ts")).identityClientAddCommand,
  },
  {
    path: ["identity", "client", "list"],
    summary: "list the sign-in broker's relying parties (never their secrets)",
    load: async () => (await import("./commands/identity-client.ts")).identityClientListCommand,
  },
  {
    path: ["identity", "keys", "rotate"],
    summary: "add a new ID-token signing key; the old one stays published until its tokens expire",
    load: async () => (await import("./commands/identity-keys.ts")).identityKeysRotateCommand,
  },
  {
    path: ["identity", "keys", "list"],
    summary: "list ID-token signing keys and whether each is active, published or expired",
    load: async () => (await import("./commands/identity-keys.ts")).identityKeysListCommand,
  },
  {
    path: ["ehealth", "demo"],
    summary: "seed the e-health demo data (testbed persons) and print who is who",
    load: async () => (await import("./commands/ehealth-demo.ts")).ehealthDemoCommand,
  },
  {
    path: ["ehealth", "system", "bind"],
    summary: "bind an institution's connection certificate to one of its systems (mutual-TLS access)",
    load: async () => (await import("../ehealth/index.ts")).systemAccess.ehealthSystemBindCommand,
  },
  {
    path: ["calendar", "add"],
    summary: "enter a moved working day (Cabinet order) or an extra holiday in the working-day calendar",
    load: async () => (await import("./commands/calendar.ts")).calendarAddCommand,
  },
  {
    path: ["calendar", "list"],
    summary:
      "list the working-day calendar's entries (moved working days, extra holidays), withdrawn ones too",
    load: async () => (await import("./commands/calendar.ts")).calendarListCommand,
  },
  {
    path: ["calendar", "withdraw"],
    summary: "withdraw a working-day calendar entry (kept in history, with the reason)",
    load: async () => (await import("./commands/calendar.ts")).calendarWithdrawCommand,
  },
  {
    path: ["testbed", "issue"],
    summary: "issue a test certificate (person, institution or TSA) as PEM and PKCS#12",
    load: async () => (await import("./commands/testbed-issue.ts")).testbedIssueCommand,
  },
  {
    path: ["testbed", "revoke"],
    summary: "revoke a test-PKI certificate (CRL and OCSP reflect it at once)",
    load: async () => (await import("./commands/testbed-revoke.ts")).testbedRevokeCommand,
  },
  {
    path: ["testbed", "release-hold"],
    summary: "lift the suspension (certificateHold) of a test-PKI certificate",
    load: async () => (await import("./commands/testbed-release-hold.ts")).testbedReleaseHoldCommand,
  },
  {
    path: ["testbed", "unblock"],
    summary: "lift a test person's PIN block in the eParaksts and eID card stand-ins",
    load: async () => (await import("./commands/testbed-unblock.ts")).testbedUnblockCommand,
  },
  {
    path: ["testbed", "as4-credentials"],
    summary:
      "issue AS4 access-point credentials and P-Modes (ours and a testbed partner's) from the test PKI",
    load: async () => (await import("./commands/testbed-as4-credentials.ts")).testbedAs4CredentialsCommand,
  },
  {
    path: ["oots", "validate"],
    summary: "check OOTS EDM messages (1.0/1.2/2.0) against the XSDs and the EC business rules",
    load: async () => (await import("./commands/oots-validate.ts")).ootsValidateCommand,
  },
  {
    path: ["as4", "send"],
    summary: "send files as one AS4 user message on a P-Mode leg and print the receipt status",
    load: async () => (await import("../delivery/index.ts")).as4SendCommand,
  },
  {
    path: ["as4", "pmode", "import"],
    summary: "check a Domibus P-Mode file and print its parties, legs and services",
    load: async () => (await import("../delivery/index.ts")).as4PmodeImportCommand,
  },
];
