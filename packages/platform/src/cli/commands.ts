import { ehealthSystemBindCommand } from "../ehealth/system-access/bind-command.ts";
import type { Command } from "./command.ts";
import { auditVerifyCommand } from "./commands/audit-verify.ts";
import { certVerifyCommand } from "./commands/cert-verify.ts";
import { ehealthDemoCommand } from "./commands/ehealth-demo.ts";
import { identityClientAddCommand, identityClientListCommand } from "./commands/identity-client.ts";
import { identityKeysListCommand, identityKeysRotateCommand } from "./commands/identity-keys.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { ootsValidateCommand } from "./commands/oots-validate.ts";
import { signCommand } from "./commands/sign.ts";
import { startCommand } from "./commands/start.ts";
import { testbedIssueCommand } from "./commands/testbed-issue.ts";
import { testbedReleaseHoldCommand } from "./commands/testbed-release-hold.ts";
import { testbedRevokeCommand } from "./commands/testbed-revoke.ts";
import { verifyCommand } from "./commands/verify.ts";

/** Every CLI command, in the order `tilts --help` lists them. */
export const commands: Command[] = [
  startCommand,
  migrateCommand,
  auditVerifyCommand,
  certVerifyCommand,
  signCommand,
  verifyCommand,
  identityClientAddCommand,
  identityClientListCommand,
  identityKeysRotateCommand,
  identityKeysListCommand,
  ehealthDemoCommand,
  ehealthSystemBindCommand,
  testbedIssueCommand,
  testbedRevokeCommand,
  testbedReleaseHoldCommand,
  ootsValidateCommand,
];
