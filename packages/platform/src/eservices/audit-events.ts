/**
 * The registry's audit records (docs/audit-events.md), written in the transaction of the action
 * they record. They name the form, the institution and the e-service identifier; the form's
 * content and the signers' personal codes stay in the registry's own tables.
 */
import type { Kysely } from "kysely";
import { type AuditOutcome, appendAuditRecord } from "../audit/index.ts";
import type { EservicesDatabase } from "./database.ts";

export interface RegistryEvent {
  actor: string;
  /** The institution acted for; null where there is none (a refused workplace). */
  institution: string | null;
  action:
    | "eservices.representative.added"
    | "eservices.form.submitted"
    | "eservices.form.submission-refused"
    | "eservices.form.registered"
    | "eservices.form.refused"
    | "eservices.workplace.refused";
  object: string | null;
  outcome?: AuditOutcome;
  detail?: string;
  clientAddress?: string | null;
}

export async function recordRegistryEvent(db: Kysely<EservicesDatabase>, event: RegistryEvent, now: Date) {
  await appendAuditRecord(
    db,
    {
      actor: event.actor,
      actingFor: event.institution,
      action: event.action,
      object: event.object,
      purpose: event.detail ?? null,
      legalGround: "ESV-2, ESV-3, SIG-6",
      outcome: event.outcome ?? "success",
      clientAddress: event.clientAddress ?? null,
    },
    now,
  );
}
