/**
 * The e-health module as the server composes it (modules.ts): the portal's sign-in through our
 * own broker (web-session/), the operator's and the institution administrator's workplaces, the
 * professionals' portal and the access reports, the mail outbox sender, demo data when the
 * testbed is on, and the home page's links to each workplace.
 *
 * Wiring for the other e-health parts: each exports `register<Part>Routes(app, deps)` and adds
 * ONE line below (marked), taking `EhealthRouteDeps`.
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { PlatformConfig } from "../config/config.ts";
import type { Database } from "../db/schema.ts";
import type { ServerContext, ServerModule } from "../http/server.ts";
import type { SignatureTrust } from "./documents/signature-check.ts";
import { ehealthMessages } from "./i18n.ts";
import { registerOutboxSender } from "./outbox/index.ts";
import { registerAdministratorRoutes } from "./routes/administrator-routes.ts";
import { registerOperatorRoutes } from "./routes/operator-routes.ts";
import { registerPortalRoutes } from "./routes/portal-routes.ts";
import { registerReportRoutes } from "./routes/report-routes.ts";
import { ensurePortalClients } from "./web-session/clients.ts";
import { createRelyingParty, type FetchFunction } from "./web-session/relying-party.ts";
import { registerWebSessionRoutes } from "./web-session/routes.ts";
import type { WebSessionService } from "./web-session/web-session.ts";

/** Where each workplace lives (the home page links these). */
export const EHEALTH_PATHS = {
  operator: "/ehealth/operator",
  administrator: "/ehealth/administrator",
  portal: "/ehealth/portal",
  myReport: "/ehealth/my-report",
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
  config: PlatformConfig;
  now: () => Date;
}

export function ehealthModule(config: PlatformConfig, options: EhealthOptions = {}): ServerModule {
  return {
    name: "ehealth",
    async register(app: FastifyInstance, { database, services }: ServerContext) {
      const db = database.db;
      const now = options.now ?? (() => new Date());
      const deps: EhealthRouteDeps = { db, config, now };

      // Sign-in: the portal is a relying party of the identity module (registered first).
      const clients = await ensurePortalClients(db, config.publicUrl, now());
      const webSession: WebSessionService = {
        db,
        issuer: config.publicUrl,
        clients,
        relyingParty: createRelyingParty(config.publicUrl, options.fetch),
        secureCookies: config.publicUrl.startsWith("https:"),
        now,
      };
      app.decorate("ehealthWebSession", webSession);
      await registerWebSessionRoutes(app, webSession, {
        rateLimitPerMinute: options.signInRateLimitPerMinute,
      });

      // Workplaces and portal parts: one line each.
      await registerPortalRoutes(app, { ...deps, signatureTrust: options.documentTrust });
      registerReportRoutes(app, deps);
      registerOperatorRoutes(app, deps);
      registerAdministratorRoutes(app, deps);
      // The mail outbox sender (outbox/, CON-5 notices): started here, stopped when the server closes.
      registerOutboxSender(app, {
        db,
        smtpUrl: config.smtpUrl,
        mailFrom: config.mailFrom ?? "Tilts <noreply@localhost>",
        now,
      });

      for (const [id, key] of [
        ["ehealth-operator", "operator"],
        ["ehealth-administrator", "administrator"],
        ["ehealth-portal", "portal"],
        ["ehealth-my-report", "myReport"],
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
