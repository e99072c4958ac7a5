/**
 * Every CLI command, in the order `tilts --help` lists them: the core's, then each module's from
 * its manifest (MODULE_MANIFESTS), then the testbed's. Each entry holds only what the overview
 * prints (the words that select the command and its one-line summary) and how to load it: a
 * command's module — and everything it imports — is loaded only when that command runs (or
 * prints its own --help), so `tilts --version` and `tilts --help` load none of them.
 * commands.test.ts checks that each entry's path and summary match the loaded command's.
 *
 * To add a command of a module, add one entry to the module's manifest (`commands`); a core
 * command, here:
 *   { path: ["x", "y"], summary: "…", load: async () => (await import("./commands/x-y.ts")).xyCommand },
 */
import { type CommandEntry, composeCommands } from "../core/module/index.ts";
import { MODULE_MANIFESTS } from "../manifests.ts";

export type { CommandEntry };

const coreCommands: CommandEntry[] = [
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
    path: ["keys", "encrypt"],
    summary: "encrypt the private key of a PEM key file in place under the key-encryption secret",
    load: async () => (await import("./commands/keys-encrypt.ts")).keysEncryptCommand,
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
];

/** The testbed's commands (stand-ins for outside services), last. */
const testbedCommands: CommandEntry[] = [
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
];

export const commands: CommandEntry[] = composeCommands(coreCommands, MODULE_MANIFESTS, testbedCommands);
