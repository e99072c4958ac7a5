/**
 * The classifiers a system reads to speak the same codes as the e-health system (ANX2-17), from
 * the operator's versioned store (../../classifiers/): the list, one classifier (whole, or
 * "changes since version N"), and the FHIR R4 CodeSystem and ValueSet. Each answer carries an
 * ETag naming the version (the ValueSet's also the day: its expansion is of the codes valid
 * today), and `If-None-Match` with it is answered 304. Classifiers carry no personal data.
 *
 * DEV-5: in production, classifier data goes only to an institution with an operator contract
 * recorded (`tilts ehealth classifiers contract`); one hook on these routes refuses the others
 * with `classifier-contract-missing`, so no route of them can forget it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import {
  type CodeSystemInfo,
  changesSince,
  fhirCodeSystem,
  fhirValueSet,
  findClassifierContract,
  findCodeSystem,
  listCodeSystems,
  publishedCodes,
  type StoredCode,
  validCodes,
} from "../../classifiers/index.ts";
import { rigaDateOf } from "../../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../../database.ts";
import type { SystemBinding } from "../binding-store.ts";
import { ProblemError, problemOf } from "./problems.ts";
import {
  ClassifierList,
  ClassifierName,
  ClassifierOrChanges,
  CODE_SYSTEM_EXAMPLE,
  FhirResource,
  problems,
  SinceQuery,
  VALUE_SET_EXAMPLE,
} from "./schemas.ts";

export const CLASSIFIERS_PATH = "/system/v1/classifiers";
export const FHIR_CODE_SYSTEM_PATH = "/system/v1/fhir/CodeSystem";
export const FHIR_VALUE_SET_PATH = "/system/v1/fhir/ValueSet";

export interface ClassifierRouteDeps {
  db: Kysely<Database>;
  bindingOf: (request: FastifyRequest) => SystemBinding;
  now: () => Date;
  /** DEV-5: refuse institutions without a classifier contract (production). */
  requireContract: boolean;
}

const NOT_MODIFIED = { description: "The version named in If-None-Match is current", type: "null" };

async function codeSystemOf(db: Kysely<Database>, request: FastifyRequest): Promise<CodeSystemInfo> {
  const system = await findCodeSystem(db, (request.params as { name: string }).name);
  if (!system) throw new ProblemError(problemOf(404, "classifier-not-found", "No such classifier"));
  return system;
}

/** Sets the ETag; true when the client already holds that representation. */
function notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header("etag", etag).header("cache-control", "no-cache");
  const held = request.headers["if-none-match"];
  return typeof held === "string" && held.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

const codeJson = (c: StoredCode) => ({
  code: c.code,
  display: { lv: c.displayLv, en: c.displayEn },
  validFrom: c.validFrom,
  validTo: c.validTo,
});

function fhir(reply: FastifyReply, resource: object): FastifyReply {
  return reply.type("application/fhir+json").send(JSON.stringify(resource));
}

export function registerClassifierRoutes(app: FastifyInstance, deps: ClassifierRouteDeps): void {
  const { db } = deps;
  app.register(async (scope) => {
    if (deps.requireContract)
      scope.addHook("preHandler", async (request) => {
        const binding = deps.bindingOf(request);
        if (!(await findClassifierContract(db, binding.registrationNumber)))
          throw new ProblemError(
            problemOf(
              403,
              "classifier-contract-missing",
              "No classifier contract",
              "Classifier data from production is given only under an operator contract recorded on the institution (DEV-5)",
            ),
          );
      });

    scope.get(
      CLASSIFIERS_PATH,
      {
        schema: {
          summary: "The classifiers the services use, with their versions",
          tags: ["classifiers"],
          response: { 200: ClassifierList, ...problems(403) },
        },
      },
      async () => ({
        classifiers: (await listCodeSystems(db)).map((s) => ({
          name: s.name,
          version: s.version,
          url: s.url,
          title: s.title,
        })),
      }),
    );

    scope.get(
      `${CLASSIFIERS_PATH}/:name`,
      {
        schema: {
          summary: "One classifier's codes, or what changed since a version (ANX2-17); ETag / If-None-Match",
          description:
            "Without `since`: every published code with its Latvian and English display and validity dates. With `since=N`: only the codes versions after N added, changed or retired, each with `change` and the `version` that made it — a client holding version N applies them to be current.",
          tags: ["classifiers"],
          params: ClassifierName,
          querystring: SinceQuery,
          response: { 200: ClassifierOrChanges, 304: NOT_MODIFIED, ...problems(403, 404) },
        },
      },
      async (request, reply) => {
        const system = await codeSystemOf(db, request);
        if (notModified(request, reply, `"${system.name}-${system.version}"`)) return reply.code(304).send();
        const { since } = request.query as { since?: number };
        const head = { name: system.name, version: system.version, system: system.url };
        if (since === undefined)
          return { ...head, codes: (await publishedCodes(db, system.name)).map(codeJson) };
        const changes = await changesSince(db, system.name, since);
        return {
          ...head,
          since,
          changes: changes.map((c) => ({ ...codeJson(c), change: c.change, version: c.version })),
        };
      },
    );

    scope.get(
      `${FHIR_CODE_SYSTEM_PATH}/:name`,
      {
        schema: {
          summary: "One classifier as a FHIR R4 CodeSystem (ETag / If-None-Match)",
          description:
            "content `complete`: every published code, Latvian display, English designation, validity as the concept properties effectiveDate / retirementDate. The operator's loader reads the same form.",
          tags: ["classifiers"],
          params: ClassifierName,
          produces: ["application/fhir+json"],
          response: {
            200: FhirResource("FHIR R4 CodeSystem", CODE_SYSTEM_EXAMPLE),
            304: NOT_MODIFIED,
            ...problems(403, 404),
          },
        },
      },
      async (request, reply) => {
        const system = await codeSystemOf(db, request);
        if (notModified(request, reply, `"${system.name}-${system.version}"`)) return reply.code(304).send();
        return fhir(reply, fhirCodeSystem(system, await publishedCodes(db, system.name)));
      },
    );

    scope.get(
      `${FHIR_VALUE_SET_PATH}/:name`,
      {
        schema: {
          summary: "The codes of a classifier valid today, as a FHIR R4 ValueSet (ETag / If-None-Match)",
          description:
            "compose.include names the whole code system at its version; the expansion holds the codes valid today (Riga date). The ETag names the version and the day.",
          tags: ["classifiers"],
          params: ClassifierName,
          produces: ["application/fhir+json"],
          response: {
            200: FhirResource("FHIR R4 ValueSet", VALUE_SET_EXAMPLE),
            304: NOT_MODIFIED,
            ...problems(403, 404),
          },
        },
      },
      async (request, reply) => {
        const system = await codeSystemOf(db, request);
        const now = deps.now();
        const today = rigaDateOf(now);
        if (notModified(request, reply, `"${system.name}-${system.version}-${today}"`))
          return reply.code(304).send();
        return fhir(reply, fhirValueSet(system, await validCodes(db, system.name, today), now));
      },
    );
  });
}
