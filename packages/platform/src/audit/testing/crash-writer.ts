/**
 * For the crash test (audit-crash.int.test.ts) only: a process that appends audit records with 32
 * concurrent writers until it is killed, the chain linker running beside them as in `tilts
 * start`. Half the writers append on their own (group commit), half inside a transaction of
 * their own, one in five of which rolls back after appending (a position the linker must mark
 * unused). Each acknowledged record — its commit returned — is printed as `ack <seq> <id>`.
 *
 *   node --import tsx crash-writer.ts pglite <data folder> | postgresql <url>
 */

import { jobLoop } from "../../core/job-loop/index.ts";
import { openDatabase } from "../../db/database.ts";
import { appendAuditRecord } from "../audit-log.ts";
import { createChainLinker } from "../chain-linker.ts";

const [kind, where] = process.argv.slice(2);
const database = await openDatabase(
  kind === "pglite" ? { kind: "pglite", dataDir: where! } : { kind: "postgresql", url: where! },
);
const linker = createChainLinker(database.db);
jobLoop({ pass: () => linker.linkPending(), intervalMs: 50, onError: () => {} }).start();

const entry = (id: string) => ({
  actor: "PNOLV-290156-11600",
  subjectPerson: "PNOLV-323691-93794",
  action: "ehealth.document.read",
  object: "document:1",
  purpose: "treatment",
  legalGround: "gdpr-9-2-h",
  outcome: "success" as const,
  correlationId: id,
});

let n = 0;
async function writer(w: number): Promise<never> {
  for (;;) {
    const id = `w${w}-${n++}`;
    if (w % 2 === 0) {
      const { seq } = await appendAuditRecord(database.db, entry(id));
      process.stdout.write(`ack ${seq} ${id}\n`);
      continue;
    }
    const rollBack = n % 5 === 0;
    const seq = await database.db
      .transaction()
      .execute(async (trx) => {
        const appended = await appendAuditRecord(trx, entry(id));
        if (rollBack) throw new Error("the action failed");
        return appended.seq;
      })
      .catch(() => undefined);
    if (seq !== undefined) process.stdout.write(`ack ${seq} ${id}\n`);
  }
}

process.stdout.write("ready\n");
await Promise.all(Array.from({ length: 32 }, (_, w) => writer(w)));
