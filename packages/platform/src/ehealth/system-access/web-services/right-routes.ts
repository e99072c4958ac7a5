/**
 * Check a right and read classifiers. A right check asks the same policy the portal and the
 * document services ask (ANX2-16) for the professional at the connection's institution, without
 * touching a patient's data; it is audited (`ehealth.system-access.right-checked`) but is no
 * access to personal data. Classifiers carry no personal data and may be cached.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../../audit/index.ts";
import { loadInstitutionState } from "../../adapters/institution-store.ts";
import { hasSignedAttestation } from "../../adapters/people-store.ts";
import { loadGrants } from "../../adapters/rights-store.ts";
import { rigaDateOf } from "../../core/calendar-date.ts";
import { decide, PURPOSES, type Purpose } from "../../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../../database.ts";
import type { SystemBinding } from "../binding-store.ts";
import { actingRequest } from "./acting.ts";
import {
  CLASSIFIERS,
  type Classifier,
  findClassifier,
  SYSTEM_RIGHT_ACTIONS,
  type SystemRightAction,
} from "./classifiers.ts";
import { ProblemError, problemOf } from "./problems.ts";
import { ActingHeaders, ClassifierList, ClassifierSchema, problems, RightAnswer } from "./schemas.ts";

export const RIGHTS_PATH = "/system/v1/rights";
export const CLASSIFIERS_PATH = "/system/v1/classifiers";
export const FHIR_CODE_SYSTEM_PATH = "/system/v1/fhir/CodeSystem";

function classifierOf(request: FastifyRequest): Classifier {
  const classifier = findClassifier((request.params as { name: string }).name);
  if (!classifier) throw new ProblemError(problemOf(404, "classifier-not-found", "No such classifier"));
  return classifier;
}

/** Sets the classifier's ETag (name and version); true when the client already holds it. */
function notModified(request: FastifyRequest, reply: FastifyReply, classifier: Classifier): boolean {
  const etag = `"${classifier.name}-${classifier.version}"`;
  reply.header("etag", etag).header("cache-control", "no-cache");
  const held = request.headers["if-none-match"];
  return typeof held === "string" && held.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** FHIR R4 CodeSystem (complete content, both languages as a designation). */
function fhirCodeSystem(classifier: Classifier) {
  return {
    resourceType: "CodeSystem",
    id: classifier.name,
    url: classifier.system,
    version: String(classifier.version),
    name: classifier.name.replaceAll("-", "_"),
    status: "active",
    content: "complete",
    count: classifier.codes.length,
    concept: classifier.codes.map((c) => ({
      code: c.code,
      display: c.display.lv,
      designation: [{ language: "en", value: c.display.en }],
    })),
  };
}

export interface RightRouteDeps {
  db: Kysely<Database>;
  bindingOf: (request: FastifyRequest) => SystemBinding;
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
      const acting = actingRequest(request, binding, deps.now());
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

  app.get(
    CLASSIFIERS_PATH,
    {
      schema: {
        summary: "The classifiers the services use, with their versions",
        tags: ["classifiers"],
        response: { 200: ClassifierList },
      },
    },
    async () => ({ classifiers: CLASSIFIERS.map(({ name, version }) => ({ name, version })) }),
  );

  app.get(
    `${CLASSIFIERS_PATH}/:name`,
    {
      schema: {
        summary: "One classifier's codes (ANX2-17, DEV-5); ETag / If-None-Match",
        tags: ["classifiers"],
        params: {
          type: "object",
          properties: { name: { type: "string", enum: CLASSIFIERS.map((c) => c.name) } },
          required: ["name"],
        },
        response: {
          200: ClassifierSchema,
          304: { description: "The version named in If-None-Match is current", type: "null" },
          ...problems(404),
        },
      },
    },
    async (request, reply) => {
      const classifier = classifierOf(request);
      return notModified(request, reply, classifier) ? reply.code(304).send() : classifier;
    },
  );

  app.get(
    `${FHIR_CODE_SYSTEM_PATH}/:name`,
    {
      schema: {
        summary: "One classifier as a FHIR R4 CodeSystem (ETag / If-None-Match)",
        tags: ["classifiers"],
        params: {
          type: "object",
          properties: { name: { type: "string", enum: CLASSIFIERS.map((c) => c.name) } },
          required: ["name"],
        },
        produces: ["application/fhir+json"],
        response: {
          200: {
            description: "FHIR R4 CodeSystem",
            content: { "application/fhir+json": { schema: { type: "object" } } },
          },
          304: { description: "The version named in If-None-Match is current", type: "null" },
          ...problems(404),
        },
      },
    },
    async (request, reply) => {
      const classifier = classifierOf(request);
      if (notModified(request, reply, classifier)) return reply.code(304).send();
      return reply.type("application/fhir+json").send(JSON.stringify(fhirCodeSystem(classifier)));
    },
  );
}
