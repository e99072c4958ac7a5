/**
 * What follows a detected copying pattern (ANX2-18: on signs of bypass, the connection is
 * suspended at once and the operator told), in one transaction of its own — the read that showed
 * the pattern has rolled back:
 *
 *   - the detection row, open: while it is, the guard refuses the subject's every read, on every
 *     node and every open connection (a system's keep-alive connection included);
 *   - a professional's portal sessions end (the same call as a suspended right's);
 *   - the audit record `ehealth.copying.detected`, with the pattern and no patient data;
 *   - the operator's e-mail, through e-health's outbox, when an address is configured.
 *
 * A second detection of a subject already suspended (two nodes at once) adds nothing.
 */
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { enqueueEhealthMail } from "../outbox/ehealth-mail.ts";
import { endProfessionalSessions } from "../web-session/session-store.ts";
import type { Detection } from "./guard-read.ts";

export const DETECTED_ACTION = "ehealth.copying.detected";

const actorOf = (d: Detection) =>
  d.subjectKind === "professional" ? `PNOLV-${d.subject}` : `system:${d.subject}`;

/** The detection's id (an existing open one's, if the subject was already suspended). */
export async function recordDetection(
  db: Kysely<Database>,
  detection: Detection,
  alertMailTo: string | undefined,
  now: Date,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom("ehealth_copying_detection")
      .select("id")
      .where("subject_kind", "=", detection.subjectKind)
      .where("subject", "=", detection.subject)
      .where("status", "=", "open")
      .forUpdate()
      .executeTakeFirst();
    if (open) return open.id;
    const { id } = await trx
      .insertInto("ehealth_copying_detection")
      .values({
        subject_kind: detection.subjectKind,
        subject: detection.subject,
        registration_number: detection.registrationNumber,
        pattern: detection.pattern,
        detail: detection.detail,
        detected_at: now,
        status: "open",
        lifted_by: null,
        lifted_at: null,
        lift_reason: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (detection.subjectKind === "professional") await endProfessionalSessions(trx, [detection.subject]);
    if (alertMailTo)
      await enqueueEhealthMail(
        trx,
        {
          kind: "ehealth.copying.detected",
          to: alertMailTo,
          subject: `Tilts: masveida kopēšanas pazīmes / mass copying detected (#${id})`,
          body: mailBody(id, detection, now),
          registrationNumber: detection.registrationNumber,
          sendBy: rigaDateOf(now),
        },
        now,
      );
    await appendAuditRecord(
      trx,
      {
        actor: actorOf(detection),
        actingFor: detection.registrationNumber,
        action: DETECTED_ACTION,
        object: `copying-detection:${id}`,
        purpose: `pattern=${detection.pattern}; ${detection.detail}`,
        outcome: "denied",
      },
      now,
    );
    return id;
  });
}

/** The operator's mail: who and why, never a patient (the audit log holds the reads). */
function mailBody(id: number, d: Detection, now: Date): string {
  const who = d.subjectKind === "professional" ? `ārstniecības persona ${d.subject}` : `sistēma ${d.subject}`;
  const whoEn = d.subjectKind === "professional" ? `professional ${d.subject}` : `system ${d.subject}`;
  return [
    `Konstatētas masveida kopēšanas pazīmes (${d.pattern}, ${d.detail}): ${who}, iestāde ${d.registrationNumber}, ${now.toISOString()}.`,
    "Piekļuve pacientu datiem ir apturēta, līdz operators to izvērtē (tilts ehealth copying list / lift).",
    "",
    `Mass copying detected (${d.pattern}, ${d.detail}): ${whoEn}, institution ${d.registrationNumber}, ${now.toISOString()}.`,
    `Reading patient data is suspended until the operator reviews detection #${id}.`,
  ].join("\n");
}
