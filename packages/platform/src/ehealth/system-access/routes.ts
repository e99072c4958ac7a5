/**
 * The system web services on the mutual-TLS listener (ANX2-7, ANX2-12, ANX2-16, ANX2-17, DEV-4):
 * whoami, the document services, a right check, classifiers and the OpenAPI 3.1 document that
 * describes them (`/system/v1/openapi.json`). Every route sits behind one onRequest hook that
 * finds the connection's binding, so no handler can forget it; every refusal is an RFC 9457
 * problem document with a stable code (web-services/problems.ts).
 */
import swagger from "@fastify/swagger";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { CopyingSettings } from "../copying/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { UploadCheckPorts } from "../documents/index.ts";
import { registerMaintenanceGate } from "../maintenance/index.ts";
import type { SystemBinding } from "./binding-store.ts";
import { registerClassifierRoutes } from "./web-services/classifiers.ts";
import { registerDocumentRoutes } from "./web-services/document-routes.ts";
import { registerProblemHandlers } from "./web-services/error-handler.ts";
import { OPENAPI_PATH, openApiOptions } from "./web-services/openapi.ts";
import { ProblemSchema, problemOf, sendProblem } from "./web-services/problems.ts";
import { registerRightRoutes } from "./web-services/right-routes.ts";
import { ClassifierChangesSchema, ClassifierSchema, DocumentMetadata } from "./web-services/schemas.ts";
import { statedPurposes } from "./web-services/stated-purposes.ts";

export const WHOAMI_PATH = "/system/v1/whoami";

export interface WhoamiAnswer {
  institution: { registrationNumber: string; name: string };
  system: { name: string };
  certificate: { serial: string; sha256: string };
}

export interface SystemRouteDeps {
  db: Kysely<Database>;
  /** The CDA schema and the signature trust, shared with the portal's uploads. */
  documents: UploadCheckPorts;
  /** Answers for the request's connection; the listener admits only bound ones. */
  bindingOf: (request: FastifyRequest) => SystemBinding | undefined;
  now: () => Date;
  /** How long planned maintenance windows read are reused (maintenance/gate.ts). */
  maintenanceRefreshMs?: number;
  /** How long the purposes classifier's codes are reused (stated-purposes.ts; tests: 0). */
  purposesRefreshMs?: number;
  /** Anti-copying limits and detection for the document reads (CON-3, ANX2-17). */
  copying: CopyingSettings;
  /** DEV-5: the classifier services refuse institutions without a classifier contract (production). */
  requireClassifierContract?: boolean;
}

export async function registerSystemRoutes(app: FastifyInstance, deps: SystemRouteDeps): Promise<void> {
  await app.register(swagger, openApiOptions());
  for (const schema of [ProblemSchema, DocumentMetadata, ClassifierSchema, ClassifierChangesSchema])
    app.addSchema(schema);
  registerProblemHandlers(app);

  // Unreachable while the listener admits only bound connections; kept as a second lock.
  app.addHook("onRequest", async (request, reply) => {
    if (!deps.bindingOf(request))
      return sendProblem(
        reply,
        problemOf(403, "system-not-bound", "The connection is not bound to a system"),
      );
  });
  // During a planned maintenance window every service answers 503 with Retry-After (ANX2-15).
  registerMaintenanceGate(app, {
    db: deps.db,
    now: deps.now,
    ...(deps.maintenanceRefreshMs !== undefined ? { refreshMs: deps.maintenanceRefreshMs } : {}),
    refuse: (reply, seconds, endsAt) =>
      sendProblem(
        reply,
        problemOf(
          503,
          "maintenance",
          "Planned maintenance",
          `The e-health system is under planned maintenance until ${endsAt.toISOString()}; retry in ${seconds} s`,
        ),
      ),
  });
  const bindingOf = (request: FastifyRequest): SystemBinding => {
    const binding = deps.bindingOf(request);
    if (!binding) throw new Error("a request without a binding passed the onRequest hook");
    return binding;
  };

  app.get(
    WHOAMI_PATH,
    { schema: { summary: "The institution and system this connection is bound to", tags: ["connection"] } },
    async (request, reply) => {
      const binding = bindingOf(request);
      const answer: WhoamiAnswer = {
        institution: { registrationNumber: binding.registrationNumber, name: binding.institutionName },
        system: { name: binding.systemName },
        certificate: { serial: binding.serial, sha256: binding.fingerprint },
      };
      return reply.header("cache-control", "no-store").send(answer);
    },
  );
  const purposes = statedPurposes(deps.db, deps.purposesRefreshMs);
  registerDocumentRoutes(app, {
    db: deps.db,
    purposes,
    documents: deps.documents,
    bindingOf,
    now: deps.now,
    copying: deps.copying,
  });
  registerRightRoutes(app, { db: deps.db, bindingOf, now: deps.now, purposes });
  registerClassifierRoutes(app, {
    db: deps.db,
    bindingOf,
    now: deps.now,
    requireContract: deps.requireClassifierContract ?? false,
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
