/**
 * The e-service registry as a server module: the public catalogue (ESV-1) and its entry on the
 * home page. Registration itself runs from the CLI in this round (`tilts eservices …`).
 */
import type { Kysely } from "kysely";
import type { ServerModule } from "../http/server.ts";
import type { EservicesDatabase } from "./database.ts";
import { catalogueText } from "./pages/messages.ts";
import { catalogueRoutes } from "./routes/catalogue-routes.ts";

export function eservicesModule(): ServerModule {
  return {
    name: "eservices",
    async register(app, { config, database, services }) {
      const db: Kysely<EservicesDatabase> = database.db;
      await catalogueRoutes(app, { db, publicUrl: config.publicUrl });
      services.add({
        id: "eservices",
        href: "/eservices",
        title: { lv: catalogueText.lv.serviceTitle, en: catalogueText.en.serviceTitle },
        description: { lv: catalogueText.lv.serviceDescription, en: catalogueText.en.serviceDescription },
      });
    },
  };
}
