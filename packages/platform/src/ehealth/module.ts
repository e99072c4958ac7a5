/**
 * The e-health module as the server composes it (modules.ts): the portal's sign-in through our
 * own broker (the core's web session, web-session/), the operator's and the institution administrator's workplaces, the
 * professionals' portal and the access reports, demo data when the
 * testbed is on, and the home page's links to each workplace.
 *
 * Wiring for the other e-health parts: each exports `register<Part>Routes(app, deps)` and adds
 * ONE line below (marked), taking `EhealthRouteDeps`.
 */

import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { type CoreConfig, keyEncryptionOf } from "../config/config.ts";
import { type FetchFunction, mountWebSession } from "../core/web-session/index.ts";
import { workplace } from "../http/route-access.ts";
import type { ServerContext, ServerModule } from "../http/server.ts";
import { registerAttestationRoutes } from "./attestation/routes.ts";
import { registerCalendarRoutes } from "./calendar/calendar-routes.ts";
import type { EhealthConfig } from "./config-keys.ts";
import { registerCopyingRoutes } from "./copying/detection-routes.ts";
import type { EhealthDatabase as Database } from "./database.ts";
import type { SignatureTrust } from "./documents/signature-check.ts";
import { ehealthMessages } from "./i18n.ts";
import { registerMaintenanceBanner, registerMaintenanceStatusRoute } from "./maintenance/index.ts";
import { csrfRefusedPage, signedOutPage, signInFailedPage } from "./pages/shared-errors.tsx";
import { registerPatientRoutes } from "./patient/routes.ts";
import { registerAdministratorRoutes } from "./routes/administrator-routes.ts";
import { registerOperatorRoutes } from "./routes/operator-routes.ts";
import { registerPortalRoutes } from "./routes/portal-routes.ts";
import { registerReportRoutes } from "./routes/report-routes.ts";
import { registerSupportOperatorRoutes, registerSupportPortalRoutes } from "./support/routes.ts";
import {
  registerAdministratorConnectionRoutes,
  registerOperatorConnectionRoutes,
} from "./system-access/applications/routes.ts";
import { registerTechnicalPortalRoutes } from "./technical-portal/index.ts";
import { brokerClientRegistry, PORTAL_CLIENTS, PORTAL_SECRET_LABEL } from "./web-session/clients.ts";
import { ehealthSession } from "./web-session/web-session.ts";
import { EHEALTH_ACCESS, roleGate, signedInGate } from "./workplaces.ts";

/** Where each workplace lives (the home page links these). */
export const EHEALTH_PATHS = {
  operator: "/ehealth/operator",
  administrator: "/ehealth/administrator",
  portal: "/ehealth/portal",
  myReport: "/ehealth/my-report",
  myData: "/ehealth/my-data",
} as const;

export interface EhealthOptions {
  /** The clock (DESIGN.md: injected). */
  now?: () => Date;
  /** How the portal reaches the broker at the public URL (default: global fetch). */
  fetch?: FetchFunction;
  /** Portal sign-in starts and callbacks per client address per minute (default 60; 0: none). */
  signInRateLimitPerMinute?: number;
  /** Seed demo data on start (read by modules.ts, which seeds with the testbed); false: never. */
  seedDemo?: boolean;
  /** Trust anchors (and revocation fetchers) for signed clinical documents (documents/signature-check.ts). */
  documentTrust?: SignatureTrust;
}

/** What every e-health route registration receives. */
export interface EhealthRouteDeps {
  db: Kysely<Database>;
  config: CoreConfig & EhealthConfig;
  now: () => Date;
}

export function ehealthModule(
  config: CoreConfig & EhealthConfig,
  options: EhealthOptions = {},
): ServerModule {
  return {
    name: "ehealth",
    async register(app: FastifyInstance, { database, services }: ServerContext) {
      const db = database.db;
      const now = options.now ?? (() => new Date());
      const deps: EhealthRouteDeps = { db, config, now };

      // Sign-in: the portal is a relying party of the identity module (registered first), on
      // the core's web session with e-health's clients and wording.
      await mountWebSession(app, ehealthSession, {
        db,
        publicUrl: config.publicUrl,
        registry: brokerClientRegistry(db, now),
        clients: PORTAL_CLIENTS,
        encryption: keyEncryptionOf(config),
        secretLabel: PORTAL_SECRET_LABEL,
        pages: { csrfRefused: csrfRefusedPage, signedOut: signedOutPage, signInFailed: signInFailedPage },
        now,
        fetch: options.fetch,
        rateLimitPerMinute: options.signInRateLimitPerMinute,
      });

      // Workplaces: each a scope whose gate (workplaces.ts) runs before every handler in it.
      const operatorGate = roleGate(deps, ["operator"], "ehealth.workplace.operator", "workplace:operator");
      await workplace(
        app,
        { access: EHEALTH_ACCESS.portal, gate: signedInGate("professional") },
        async (scope) => {
          // CON-5: planned work in force or within 7 days is shown on every workplace page.
          registerMaintenanceBanner(scope, deps);
          await registerPortalRoutes(scope, { ...deps, signatureTrust: options.documentTrust });
          // Support requests to the operator (CON-2, CON-12; support/).
          await registerSupportPortalRoutes(scope, deps);
        },
      );
      // CON-7: the attestation, signed before work; any professional sign-in, the page decides who owes one.
      await workplace(app, { access: EHEALTH_ACCESS.portal, gate: signedInGate("professional") }, (scope) =>
        registerAttestationRoutes(scope, { ...deps, trust: options.documentTrust ?? { anchors: () => [] } }),
      );
      await workplace(app, { access: EHEALTH_ACCESS.operator, gate: operatorGate }, (scope) => {
        registerMaintenanceBanner(scope, deps);
        registerOperatorRoutes(scope, deps);
        registerCalendarRoutes(scope, deps);
        registerCopyingRoutes(scope, deps);
        registerReportRoutes(scope, deps, "operator");
        registerOperatorConnectionRoutes(scope, deps);
        registerSupportOperatorRoutes(scope, deps);
      });
      await workplace(
        app,
        {
          access: EHEALTH_ACCESS.administrator,
          gate: roleGate(
            deps,
            ["institution-administrator"],
            "ehealth.workplace.administrator",
            "workplace:administrator",
          ),
        },
        (scope) => {
          registerMaintenanceBanner(scope, deps);
          registerAdministratorRoutes(scope, deps);
          registerAdministratorConnectionRoutes(scope, deps);
        },
      );
      await workplace(
        app,
        {
          access: EHEALTH_ACCESS.institutionReports,
          gate: roleGate(
            deps,
            ["institution-administrator", "operator"],
            "ehealth.workplace.staffReports",
            "workplace:institution-reports",
          ),
        },
        (scope) => registerReportRoutes(scope, deps, "institution"),
      );
      await workplace(app, { access: EHEALTH_ACCESS.ownReport, gate: signedInGate("citizen") }, (scope) => {
        registerReportRoutes(scope, deps, "mine");
        // The patient's own documents, consents and restrictions (patient/).
        registerPatientRoutes(scope, deps);
      });
      // The public status page of planned maintenance (ANX2-15). The module's background jobs
      // (archive renewal, counter pruning) and the core's outbox sender are started by the
      // composition root from the manifests.
      registerMaintenanceStatusRoute(app, { db, now });
      // The technical portal for software vendors (ANX2-13, DEV-6): public pages and downloads.
      registerTechnicalPortalRoutes(app, { db, config, now, services });

      for (const [id, key] of [
        ["ehealth-operator", "operator"],
        ["ehealth-administrator", "administrator"],
        ["ehealth-portal", "portal"],
        ["ehealth-my-report", "myReport"],
        ["ehealth-my-data", "myData"],
      ] as const) {
        services.add({
          id,
          href: `${EHEALTH_PATHS[key]}/`,
          title: {
            lv: ehealthMessages.lv[`ehealth.service.${key}.title`],
            en: ehealthMessages.en[`ehealth.service.${key}.title`],
          },
          description: {
            lv: ehealthMessages.lv[`ehealth.service.${key}.description`],
            en: ehealthMessages.en[`ehealth.service.${key}.description`],
          },
        });
      }
    },
  };
}
