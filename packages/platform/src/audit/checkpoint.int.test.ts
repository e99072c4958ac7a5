/**
 * Checkpoints against a database superuser (CON-9): a rewrite with every later hash and the head
 * recomputed, or a cut tail, passes the chain check alone; the signed, time-stamped checkpoints
 * outside the database find it. TSA: the testbed's, in process (real RFC 3161 tokens).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { respondToTimeStampRequest, TestPki } from "@tilts/testbed";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readPemCertificates } from "../config/pem-certificates.ts";
import { KeyEncryption } from "../core/keys/index.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { ensureGeneratedAuditKey } from "./audit-key.ts";

const encryption = new KeyEncryption("checkpoint-test-key-encryption-secret-0123456789");

import { parseCheckpoint, serialiseCheckpoint } from "./checkpoint.ts";
import {
  AuditChainError,
  type AuditEntry,
  type AuditSigningKey,
  appendAuditRecord,
  sealAuditCheckpoint,
  type TimeStampAuthority,
  verifyAuditChain,
  verifyAuditCheckpoints,
} from "./index.ts";
import { GENESIS_HASH } from "./record-hash.ts";
import { rehashFrom } from "./testing/superuser-tamper.ts";

const entry = (n: number): AuditEntry => ({
  actor: `PNOLV-290156-1160${n % 10}`,
  actingFor: "40003000001",
  subjectPerson: "PNOLV-323691-93794",
  action: "ehealth.document.read",
  object: `document:${n}`,
  purpose: "treatment",
  legalGround: "gdpr-9-2-h",
  outcome: "success",
});

let work: string;
let pki: TestPki;
let tsa: TimeStampAuthority;
let key: AuditSigningKey;
let anchors: Uint8Array[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tilts-checkpoint-"));
  pki = TestPki.openOrCreate(join(work, "pki"), { baseUrl: "http://127.0.0.1:9/testbed" });
  tsa = async (request) => respondToTimeStampRequest(pki, request);
  key = ensureGeneratedAuditKey(join(work, "key", "audit-signing-key.pem"), encryption);
  anchors = readPemCertificates(join(work, "pki", "ca", "root.crt.pem"), "root");
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(testDatabaseKinds())("audit checkpoints on $name", (kind) => {
  let database: TestDatabase;
  let dir: string;
  let round = 0;

  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function superuser(statements: string[]): Promise<void> {
    await database.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      for (const s of statements) await sql.raw(s).execute(trx);
    });
  }

  const verify = (options: Partial<Parameters<typeof verifyAuditCheckpoints>[1]> = {}) =>
    verifyAuditCheckpoints(database.db, { dir, publicKey: key, tsaAnchors: anchors, ...options });

  /** Five records sealed, two more after the checkpoint. */
  beforeEach(async () => {
    dir = join(work, `checkpoints-${kind.name}-${++round}`);
    await superuser([
      "delete from audit_log",
      "delete from audit_checkpoint",
      `update audit_head set last_seq = 0, last_hash = '${GENESIS_HASH}'`,
      "select setval('audit_log_seq', 1, false)",
    ]);
    for (let i = 1; i <= 5; i++) await appendAuditRecord(database.db, entry(i));
    const sealed = await sealAuditCheckpoint(database.db, { key, tsa, dir });
    expect(sealed).toMatchObject({ sealed: true, checkpoint: { seq: "5" } });
    for (let i = 6; i <= 7; i++) await appendAuditRecord(database.db, entry(i));
  });

  it("verifies an untouched log: the checkpoint's signature, time-stamp and position", async () => {
    expect(await verify()).toEqual({ checked: 1, lastSealedSeq: "5", unsealedRecords: 2, problems: [] });
    // The same checkpoint is in the folder and the database, byte for byte.
    const [file] = readdirSync(dir);
    const row = await database.db.selectFrom("audit_checkpoint").selectAll().executeTakeFirstOrThrow();
    expect(readFileSync(join(dir, file!), "utf8")).toBe(row.document);
    expect([String(row.seq), row.file_name]).toEqual(["5", "checkpoint-00000000000000000005.json"]);
    // A head already sealed is not sealed again; a new head is.
    await sealAuditCheckpoint(database.db, { key, tsa, dir });
    expect(await sealAuditCheckpoint(database.db, { key, tsa, dir })).toEqual({
      sealed: false,
      reason: "already-sealed",
    });
    expect(await verify()).toMatchObject({
      checked: 2,
      lastSealedSeq: "7",
      unsealedRecords: 0,
      problems: [],
    });
  });

  it("finds a record rewritten before the checkpoint with every later hash and the head recomputed", async () => {
    await rehashFrom(database.db, 3, (row) => ({ ...row, purpose: "curiosity" }));
    // The chain alone cannot tell: that is what a superuser could do before checkpoints.
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 7 });
    expect((await verify()).problems).toEqual([
      expect.objectContaining({ code: "chain-rewritten", seq: "5" }),
    ]);
    // The sealer does not vouch for the rewritten chain.
    await expect(sealAuditCheckpoint(database.db, { key, tsa, dir })).rejects.toThrow(AuditChainError);
  });

  it("finds the log cut before the checkpoint, the head set back to match", async () => {
    const third = await database.db
      .selectFrom("audit_log")
      .select("hash")
      .where("seq", "=", "3")
      .executeTakeFirstOrThrow();
    await superuser([
      "delete from audit_log where seq > 3",
      `update audit_head set last_seq = 3, last_hash = '${third.hash}'`,
    ]);
    expect(await verifyAuditChain(database.db)).toMatchObject({ intact: true, records: 3 });
    expect((await verify()).problems).toEqual([
      expect.objectContaining({ code: "chain-truncated", seq: "5" }),
    ]);
    await expect(sealAuditCheckpoint(database.db, { key, tsa, dir })).rejects.toThrow(/rewritten or cut/);
  });

  it("finds a checkpoint with a wrong signature, or signed by another key", async () => {
    const file = join(dir, readdirSync(dir)[0]!);
    const checkpoint = parseCheckpoint(readFileSync(file, "utf8"));
    const signature = Buffer.from(checkpoint.signature, "base64");
    signature[3] = (signature[3] ?? 0) ^ 1;
    const original = readFileSync(file, "utf8");
    const forged = serialiseCheckpoint({ ...checkpoint, signature: signature.toString("base64") });
    writeFileSync(file, forged);
    await superuser([`update audit_checkpoint set document = '${forged}'`]);
    expect((await verify()).problems.map((p) => p.code)).toContain("checkpoint-signature-invalid");

    writeFileSync(file, original);
    await superuser([`update audit_checkpoint set document = '${original}'`]);
    const other = ensureGeneratedAuditKey(join(work, `other-key-${kind.name}`, "k.pem"), encryption);
    const withOtherKey = await verify({ publicKey: other });
    expect(withOtherKey.problems).toEqual([
      expect.objectContaining({
        code: "checkpoint-signature-invalid",
        message: expect.stringContaining("another audit key"),
      }),
    ]);
  });

  it("finds a wrong time-stamp: another imprint, an untrusted TSA, a back-dated seal", async () => {
    const file = join(dir, readdirSync(dir)[0]!);
    const checkpoint = parseCheckpoint(readFileSync(file, "utf8"));
    // A genuine token, but over other bytes.
    const { requestTimeStamp } = await import("./time-stamp.ts");
    const otherToken = await requestTimeStamp(
      tsa,
      new Uint8Array(createHash("sha256").update("other").digest()),
    );
    const swapped = serialiseCheckpoint({
      ...checkpoint,
      timeStampToken: Buffer.from(otherToken).toString("base64"),
    });
    writeFileSync(file, swapped);
    await superuser([`update audit_checkpoint set document = '${swapped}'`]);
    expect((await verify()).problems).toEqual([
      expect.objectContaining({
        code: "checkpoint-time-stamp-invalid",
        message: expect.stringContaining("imprint"),
      }),
    ]);
    // Untrusted TSA: no anchors that its certificate chains to.
    const untrusted = await verify({
      tsaAnchors: [readPemCertificates(join(work, "pki", "ca", "eid.crt.pem"), "eid")[0]!],
    });
    expect(untrusted.problems.map((p) => p.code)).toContain("checkpoint-time-stamp-invalid");
  });

  it("finds a checkpoint back-dated by someone holding the audit key (the TSA's time disagrees)", async () => {
    await appendAuditRecord(database.db, entry(8));
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await sealAuditCheckpoint(database.db, { key, tsa, dir, now: () => hourAgo });
    expect((await verify()).problems).toEqual([
      expect.objectContaining({
        code: "checkpoint-time-stamp-invalid",
        seq: "8",
        message: expect.stringContaining("not when"),
      }),
    ]);
  });

  it("finds a checkpoint missing from the database, or from the folder", async () => {
    await superuser(["delete from audit_checkpoint"]);
    expect((await verify()).problems).toEqual([
      expect.objectContaining({ code: "checkpoint-missing-from-database", seq: "5" }),
    ]);
    await rmSync(dir, { recursive: true });
    await appendAuditRecord(database.db, entry(8));
    await sealAuditCheckpoint(database.db, { key, tsa, dir });
    unlinkSync(join(dir, readdirSync(dir)[0]!));
    expect((await verify()).problems).toEqual([
      expect.objectContaining({ code: "checkpoint-missing-from-folder", seq: "8" }),
    ]);
  });
});
