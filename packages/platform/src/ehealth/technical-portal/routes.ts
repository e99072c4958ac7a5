/**
 * The technical portal's routes on the public web port (ANX2-13, DEV-6): pages in Latvian and
 * English and the downloads — the OpenAPI document, a sample CDA, the test persons data set. All
 * are `PUBLIC`: they describe the exchange and carry only synthetic test data, nothing of a real
 * person; nothing here changes data.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { PUBLIC } from "../../http/route-access.ts";
import { pageContext } from "../../web/layout.tsx";
import type { ServiceDirectory } from "../../web/services.ts";
import type { EhealthConfig } from "../config-keys.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { plannedMaintenance } from "../maintenance/index.ts";
import { apiPage } from "./api-page.tsx";
import { cdaPage } from "./cda-page.tsx";
import { readClassifiers } from "./classifier-source.ts";
import { classifiersPage } from "./classifiers-page.tsx";
import { TECHNICAL_PORTAL_MESSAGES } from "./messages.ts";
import { overviewPage } from "./overview-page.tsx";
import { TECHNICAL_PORTAL_PATHS as PATHS } from "./paths.ts";
import { sampleCdaDocument } from "./sample-cda.ts";
import { securityRules } from "./security-rules.ts";
import { systemOpenApiDocument } from "./system-openapi.ts";
import { testPersonRows, testPersonsCsv, testPersonsJson } from "./test-persons.ts";
import { testPersonsPage } from "./test-persons-page.tsx";

export interface TechnicalPortalDeps {
  db: Kysely<Database>;
  config: EhealthConfig & { publicUrl: string };
  now: () => Date;
  /** The home page's list: the portal adds its entry. */
  services: ServiceDirectory;
}

/** Where an institution's system reaches the services: the public host name, the listener's port. */
export function systemServicesBase(config: TechnicalPortalDeps["config"]): string {
  const host = new URL(config.publicUrl).hostname;
  return config.systemAccessPort === undefined
    ? `https://${host}`
    : `https://${host}:${config.systemAccessPort}`;
}

const HTML = "text/html; charset=utf-8";
const options = { config: { access: PUBLIC }, schema: { hide: true } } as const;

export function registerTechnicalPortalRoutes(app: FastifyInstance, deps: TechnicalPortalDeps): void {
  const ctx = (request: FastifyRequest) => pageContext(request.language, request.url);
  const base = systemServicesBase(deps.config);

  app.get(PATHS.overview, options, async (request, reply) => {
    const windows = await plannedMaintenance(deps.db, deps.now());
    return reply.type(HTML).send(overviewPage(ctx(request), securityRules(deps.config), windows));
  });
  app.get(PATHS.api, options, async (request, reply) =>
    reply.type(HTML).send(apiPage(ctx(request), await systemOpenApiDocument(deps.db), base)),
  );
  app.get(PATHS.cda, options, async (request, reply) => {
    const documentTypes = (await readClassifiers(deps.db, deps.now())).find(
      (c) => c.name === "document-types",
    );
    return reply.type(HTML).send(cdaPage(ctx(request), documentTypes));
  });
  app.get(PATHS.classifiers, options, async (request, reply) =>
    reply.type(HTML).send(classifiersPage(ctx(request), await readClassifiers(deps.db, deps.now()), base)),
  );
  app.get(PATHS.testPersons, options, async (request, reply) =>
    reply.type(HTML).send(testPersonsPage(ctx(request), testPersonRows())),
  );

  app.get(PATHS.openApi, options, async (_request, reply) =>
    reply
      .type("application/json; charset=utf-8")
      .header("content-disposition", 'inline; filename="tilts-system-services.openapi.json"')
      .send(JSON.stringify(await systemOpenApiDocument(deps.db))),
  );
  app.get(PATHS.sampleCda, options, async (_request, reply) =>
    reply
      .type("application/xml; charset=utf-8")
      .header("content-disposition", 'attachment; filename="sample-cda.xml"')
      .send(sampleCdaDocument(deps.now())),
  );
  app.get(PATHS.testPersonsCsv, options, async (_request, reply) =>
    reply
      .type("text/csv; charset=utf-8; header=present")
      .header("content-disposition", 'attachment; filename="tilts-test-persons.csv"')
      .send(testPersonsCsv(testPersonRows())),
  );
  app.get(PATHS.testPersonsJson, options, async (_request, reply) =>
    reply
      .type("application/json; charset=utf-8")
      .header("content-disposition", 'attachment; filename="tilts-test-persons.json"')
      .send(testPersonsJson(testPersonRows())),
  );

  deps.services.add({
    id: "ehealth-developers",
    href: PATHS.overview,
    title: {
      lv: TECHNICAL_PORTAL_MESSAGES.lv.overview.title,
      en: TECHNICAL_PORTAL_MESSAGES.en.overview.title,
    },
    description: {
      lv: TECHNICAL_PORTAL_MESSAGES.lv.overview.intro,
      en: TECHNICAL_PORTAL_MESSAGES.en.overview.intro,
    },
  });
}
