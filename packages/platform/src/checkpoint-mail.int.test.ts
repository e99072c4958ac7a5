/**
 * A copy of every audit checkpoint for the operator's mailbox (CON-9): with
 * AUDIT_CHECKPOINT_MAIL_TO set, the composition's mailer queues the sealed checkpoint in the mail
 * outbox, and the copy in the mail is the checkpoint itself (it parses, and names the same head).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { respondToTimeStampRequest, TestPki } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureGeneratedAuditKey } from "./audit/audit-key.ts";
import { parseCheckpoint } from "./audit/checkpoint.ts";
import { appendAuditRecord, sealAuditCheckpoint } from "./audit/index.ts";
import { loadConfig } from "./config/config.ts";
import { ConfigError } from "./config/config-error.ts";
import { KeyEncryption } from "./core/keys/index.ts";
import { type TestDatabase, testDatabaseKinds } from "./db/testing.ts";
import { checkpointMailer } from "./modules.ts";

let work: string;
let pki: TestPki;
const encryption = new KeyEncryption("checkpoint-mail-test-key-encryption-secret-0123");

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tilts-checkpoint-mail-"));
  pki = TestPki.openOrCreate(join(work, "pki"), { baseUrl: "http://127.0.0.1:9/testbed" });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const configWith = (env: Record<string, string>) =>
  loadConfig({ env: { TILTS_TESTBED: "false", DATA_DIR: join(work, "data"), ...env } });

describe("AUDIT_CHECKPOINT_MAIL_TO", () => {
  it("is off unless set, and refuses what is not a mail address", () => {
    expect(configWith({}).auditCheckpointMailTo).toBeUndefined();
    expect(() => configWith({ AUDIT_CHECKPOINT_MAIL_TO: "operator at example" })).toThrow(ConfigError);
    expect(() => configWith({ AUDIT_CHECKPOINT_MAIL_TO: "a@b.lv\r\nBcc: x@y.lv" })).toThrow(ConfigError);
  });
});

describe.each(testDatabaseKinds())("a sealed checkpoint mailed to the operator on $name", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.open();
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("queues the whole checkpoint, in Latvian and English, for the configured address", async () => {
    const config = configWith({ AUDIT_CHECKPOINT_MAIL_TO: "audit-operator@example.test" });
    const mail = checkpointMailer(config, database.db);
    expect(mail).toBeDefined();
    await appendAuditRecord(database.db, {
      actor: "system",
      action: "platform.started",
      outcome: "success",
      object: "pid:1",
    });
    const result = await sealAuditCheckpoint(database.db, {
      key: ensureGeneratedAuditKey(join(work, `key-${kind.name}`, "audit-signing-key.pem"), encryption),
      tsa: async (request) => respondToTimeStampRequest(pki, request),
      dir: join(work, `checkpoints-${kind.name}`),
    });
    if (!result.sealed) throw new Error(`not sealed: ${result.reason}`);
    await mail!(result);

    const rows = await database.db
      .selectFrom("mail_outbox")
      .select(["kind", "to_address", "subject", "body_text", "status"])
      .where("kind", "=", "audit.checkpoint")
      .execute();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ to_address: "audit-operator@example.test", status: "queued" });
    expect(row!.subject).toContain(`Audita žurnāla kontrolpunkts ${result.checkpoint.seq}`);
    expect(row!.body_text).toContain(`ķēdes galva ${result.checkpoint.headHash}`);
    // The copy in the mail is the checkpoint: it parses and names the same head and signature.
    const copy = parseCheckpoint(row!.body_text.slice(row!.body_text.indexOf("{")));
    expect(copy).toEqual(result.checkpoint);
  });

  it("mails nothing when the address is not configured", () => {
    expect(checkpointMailer(configWith({}), database.db)).toBeUndefined();
  });
});
