/**
 * A read of patient data in one transaction with its anti-copying guard first (CON-3) — the
 * caller's read and its access record (CON-9) follow inside. A refusal rolls the transaction back,
 * so the read does not happen; a detection is then recorded in a transaction of its own and the
 * read is refused as suspended. `onRefused` lets the caller record the refused access.
 */
import type { Kysely, Transaction } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";
import { CopyingRefusal, suspendedRefusal } from "./errors.ts";
import { CopyingDetected, type CopyingSettings, type GuardedRead, guardRead } from "./guard-read.ts";
import { recordDetection } from "./record-detection.ts";

export async function withCopyingGuard<T>(
  db: Kysely<Database>,
  read: GuardedRead,
  settings: CopyingSettings,
  work: (trx: Transaction<Database>) => Promise<T>,
  onRefused: (refusal: CopyingRefusal) => Promise<void>,
): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      await guardRead(trx, read, settings);
      return work(trx);
    });
  } catch (error) {
    let refusal = error;
    if (error instanceof CopyingDetected) {
      await recordDetection(db, error.detection, settings.alertMailTo, read.now);
      refusal = suspendedRefusal();
    }
    if (refusal instanceof CopyingRefusal) await onRefused(refusal);
    throw refusal;
  }
}
