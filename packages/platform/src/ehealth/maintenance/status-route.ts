/** The public maintenance status page's route (declares `config.access: PUBLIC`; nothing changes data). */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { PUBLIC } from "../../http/route-access.ts";
import { pageContext } from "../../web/layout.tsx";
import type { EhealthDatabase as Database } from "../database.ts";
import { plannedMaintenance } from "./maintenance-service.ts";
import { MAINTENANCE_STATUS_PATH, maintenanceStatusPage } from "./status-page.tsx";

export function registerMaintenanceStatusRoute(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; now: () => Date },
): void {
  app.get(
    MAINTENANCE_STATUS_PATH,
    { config: { access: PUBLIC }, schema: { hide: true } },
    async (request, reply) => {
      const now = deps.now();
      const windows = await plannedMaintenance(deps.db, now);
      return reply
        .type("text/html; charset=utf-8")
        .send(maintenanceStatusPage(pageContext(request.language, request.url), windows, now));
    },
  );
}
