/**
 * An audit checkpoint mailed to the operator (CON-9): a third copy of the sealed chain head,
 * outside the database and outside the checkpoint folder, so a person who can rewrite both still
 * cannot rewrite what the operator's mailbox holds. The whole checkpoint (position, head hash,
 * signature, time-stamp token) travels in the body: `tilts audit verify` can check a checkpoint
 * saved from the mail like one from the folder.
 */
import type { Kysely } from "kysely";
import { sharedHandle } from "../../core/module/index.ts";
import { queueMail } from "../../core/outbox/index.ts";
import { showRigaTime } from "../core/people-dates.ts";
import type { EhealthDatabase as Database } from "../database.ts";

/** What the mail says of a checkpoint; `json` is the checkpoint file's content. */
export interface SealedCheckpoint {
  seq: string;
  headHash: string;
  sealedAt: string;
  json: string;
}

export function checkpointMail(checkpoint: SealedCheckpoint): { subject: string; body: string } {
  const sealed = showRigaTime(new Date(checkpoint.sealedAt));
  const subject = `Audita žurnāla kontrolpunkts ${checkpoint.seq} / Audit log checkpoint ${checkpoint.seq}`;
  const body = [
    `Audita žurnāls aizzīmogots ${sealed}: ieraksts nr. ${checkpoint.seq}, ķēdes galva ${checkpoint.headHash}.`,
    "Saglabājiet šo vēstuli: tā ir neatkarīga kontrolpunkta kopija. Pārbaudei saglabājiet pielikto tekstu",
    "kā failu kontrolpunktu mapē un palaidiet `tilts audit verify`.",
    "",
    `The audit log was sealed at ${sealed} (Riga time): record ${checkpoint.seq}, chain head ${checkpoint.headHash}.`,
    "Keep this message: it is an independent copy of the checkpoint. To check it, save the text below",
    "as a file in the checkpoint folder and run `tilts audit verify`.",
    "",
    checkpoint.json,
  ].join("\n");
  return { subject, body };
}

/** Queues the checkpoint's mail to the operator's address; sent by the outbox like any notice. */
export async function queueCheckpointMail(
  db: Kysely<Database>,
  to: string,
  checkpoint: SealedCheckpoint,
  now: Date,
): Promise<string> {
  const { subject, body } = checkpointMail(checkpoint);
  return queueMail(sharedHandle(db), { kind: "audit.checkpoint", to, subject, body }, now);
}
