/**
 * The e-service registry as a server module: the public catalogue (ESV-1), the representatives'
 * and the agency's signed-in workplaces (ESV-2, ESV-3; web/), and their entries on the home page.
 */
import type { Kysely } from "kysely";
import type { FetchFunction } from "../core/web-session/index.ts";
import type { ServerModule } from "../http/server.ts";
import type { EservicesDatabase } from "./database.ts";
import { catalogueText } from "./pages/messages.ts";
import { catalogueRoutes } from "./routes/catalogue-routes.ts";
import { workplaceText } from "./web/messages.ts";
import { mountWorkplaces } from "./web/mount.ts";
import { AGENCY_BASE, REPRESENTATIVE_BASE } from "./web/pages.tsx";

export interface EservicesOptions {
  /** The clock (DESIGN.md: injected). */
  now?: () => Date;
  /** How the workplaces reach the broker at the public URL (default: global fetch). */
  fetch?: FetchFunction;
}

export function eservicesModule(options: EservicesOptions = {}): ServerModule {
  return {
    name: "eservices",
    async register(app, { config, database, services }) {
      const db: Kysely<EservicesDatabase> = database.db;
      await catalogueRoutes(app, { db, publicUrl: config.publicUrl });
      await mountWorkplaces(app, db, config, options);
      services.add({
        id: "eservices",
        href: "/eservices",
        title: { lv: catalogueText.lv.serviceTitle, en: catalogueText.en.serviceTitle },
        description: { lv: catalogueText.lv.serviceDescription, en: catalogueText.en.serviceDescription },
      });
      for (const [id, href, title, description] of [
        ["eservices-representative", REPRESENTATIVE_BASE, "serviceTitle", "serviceDescription"],
        ["eservices-agency", AGENCY_BASE, "agencyServiceTitle", "agencyServiceDescription"],
      ] as const)
        services.add({
          id,
          href: `${href}/`,
          title: { lv: workplaceText.lv[title], en: workplaceText.en[title] },
          description: { lv: workplaceText.lv[description], en: workplaceText.en[description] },
        });
    },
  };
}
