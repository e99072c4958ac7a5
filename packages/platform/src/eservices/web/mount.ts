/**
 * Mounts the registration workplaces on a server (ESV-2, ESV-3): the e-services web session
 * (its two clients at our broker, sign-in at level high) and the workplaces' routes.
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { type CoreConfig, keyEncryptionOf } from "../../config/config.ts";
import { type FetchFunction, mountWebSession } from "../../core/web-session/index.ts";
import type { EservicesConfig } from "../config-keys.ts";
import type { EservicesDatabase } from "../database.ts";
import { signatureAnchorsOf } from "../signature-trust.ts";
import { workplaceText } from "./messages.ts";
import { messagePage } from "./pages.tsx";
import { registerWorkplaceRoutes } from "./routes.ts";
import {
  ESERVICES_CLIENTS,
  ESERVICES_SECRET_LABEL,
  eservicesClientRegistry,
  eservicesSession,
} from "./session.ts";

export async function mountWorkplaces(
  app: FastifyInstance,
  db: Kysely<EservicesDatabase>,
  config: CoreConfig & EservicesConfig,
  options: { now?: () => Date; fetch?: FetchFunction } = {},
): Promise<void> {
  const now = options.now ?? (() => new Date());
  const text = (ctx: { language: "lv" | "en" }) => workplaceText[ctx.language];
  await mountWebSession(app, eservicesSession, {
    db,
    publicUrl: config.publicUrl,
    registry: eservicesClientRegistry(db, now),
    clients: ESERVICES_CLIENTS,
    encryption: keyEncryptionOf(config),
    secretLabel: ESERVICES_SECRET_LABEL,
    pages: {
      csrfRefused: (ctx) => messagePage(ctx, text(ctx).csrfTitle, text(ctx).csrfBody),
      signedOut: (ctx) => messagePage(ctx, text(ctx).signedOutTitle, text(ctx).signedOutBody),
      // The code goes to the log only (WebSessionError); the page says what a person can do.
      signInFailed: (ctx) => messagePage(ctx, text(ctx).signInFailedTitle, text(ctx).signInFailedBody),
    },
    now,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  await registerWorkplaceRoutes(app, {
    db,
    anchors: signatureAnchorsOf(config),
    maxFormBytes: config.eservicesMaxFormBytes,
    agencyStaff: config.eservicesAgencyStaff,
    now,
  });
}
