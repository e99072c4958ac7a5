/**
 * Check a right. A right check asks the same policy the portal and the document services ask
 * (ANX2-16) for the professional at the connection's institution, without touching a patient's
 * data; it is audited (`ehealth.system-access.right-checked`) but is no access to personal data.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../../audit/index.ts";
import { loadInstitutionState } from "../../adapters/institution-store.ts";
import { hasSignedAttestation } from "../../adapters/people-store.ts";
import { loadGrants } from "../../adapters/rights-store.ts";
import { SYSTEM_RIGHT_ACTIONS, type SystemRightAction } from "../../classifiers/index.ts";
import { rigaDateOf } from "../../core/calendar-date.ts";
import { decide, PURPOSES, type Purpose } from "../../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../../database.ts";
import type { SystemBinding } from "../binding-store.ts";
import { actingRequest } from "./acting.ts";
import { ActingHeaders, problems, RightAnswer } from "./schemas.ts";
import type { StatedPurposes } from "./stated-purposes.ts";

export const RIGHTS_PATH = "/system/v1/rights";

export interface RightRouteDeps {
  db: Kysely<Database>;
  bindingOf: (request: FastifyRequest) => SystemBinding;
  /** The purposes classifier's codes valid today (stated-purposes.ts). */
  purposes: StatedPurposes;
  now: () => Date;
}

const isPurpose = (value: unknown): value is Purpose =>
  typeof value === "string" && (PURPOSES as readonly string[]).includes(value);

export function registerRightRoutes(app: FastifyInstance, deps: RightRouteDeps): void {
  const { db } = deps;

  app.get(
    `${RIGHTS_PATH}/:action`,
    {
      schema: {
        summary: "Check whether the professional may take an action for the stated purpose",
        description:
          "Asks the e-health rights policy (the portal's) for the professional named in the header, at the institution the connection's certificate is bound to, on the system channel (ANX2-16). Touches no patient data.",
        tags: ["rights"],
        headers: ActingHeaders,
        params: {
          type: "object",
          properties: { action: { type: "string", enum: [...SYSTEM_RIGHT_ACTIONS] } },
          required: ["action"],
        },
        response: { 200: RightAnswer, ...problems(400, 403) },
      },
    },
    async (request, reply) => {
      const { action } = request.params as { action: SystemRightAction };
      const binding = deps.bindingOf(request);
      const acting = await actingRequest(request, binding, deps.now(), deps.purposes);
      const [grants, institution, attestationSigned] = await Promise.all([
        loadGrants(db, acting.personCode, acting.now),
        loadInstitutionState(db, acting.institution, rigaDateOf(acting.now)),
        hasSignedAttestation(db, acting.personCode, acting.institution),
      ]);
      const decision = decide(
        { personId: acting.personCode, level: acting.level, grants, attestationSigned },
        action,
        {
          ...(institution ? { institution } : {}),
          channel: "system",
          ...(isPurpose(acting.purpose) ? { purpose: acting.purpose } : {}),
        },
      );
      await appendAuditRecord(
        db,
        {
          actor: `PNOLV-${acting.personCode}`,
          actingFor: acting.institution,
          action: "ehealth.system-access.right-checked",
          object: `right:${action}`,
          purpose: decision.allowed ? "allowed" : `refused=${decision.reason}`,
          outcome: "success",
          clientAddress: acting.clientAddress ?? null,
          correlationId: acting.correlationId ?? null,
        },
        acting.now,
      );
      reply.header("cache-control", "no-store");
      return decision.allowed
        ? { action, allowed: true, role: decision.role }
        : { action, allowed: false, reason: decision.reason, missingRight: decision.missingRight };
    },
  );
}
