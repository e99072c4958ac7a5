/**
 * Mounts a module's web session on a server: its clients registered (or found) at the broker,
 * the service decorated for its routes' lookups, and its sign-in routes in a public scope (they
 * are what a person reaches before signing in; route-access.int.test.ts reviews them).
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { PUBLIC, workplace } from "../../http/route-access.ts";
import type { KeyEncryption } from "../keys/index.ts";
import { sharedHandle } from "../module/index.ts";
import { type ClientRegistry, type ClientSettings, ensureClients } from "./clients.ts";
import { createRelyingParty, type FetchFunction } from "./relying-party.ts";
import { registerWebSessionRoutes } from "./routes.ts";
import type { WebSessionTables } from "./tables.ts";
import type { WebSession, WebSessionPages, WebSessionService } from "./web-session.ts";

export interface MountWebSession<Kind extends string> {
  /** The module's handle; the session's tables are the core's, so it is handed on as shared. */
  // biome-ignore lint/suspicious/noExplicitAny: any module's handle; the session sees only its own tables.
  db: Kysely<any>;
  /** The platform's public URL: the broker's issuer and the base of every redirect URI. */
  publicUrl: string;
  /** The broker's client registration (from the identity module's front door). */
  registry: ClientRegistry;
  /** How each kind is registered at the broker, and the level it needs. */
  clients: Record<Kind, ClientSettings>;
  encryption: KeyEncryption;
  /** The label the clients' secrets are derived under (keep it: a change re-keys every client). */
  secretLabel: string;
  pages: WebSessionPages<Kind>;
  now: () => Date;
  /** How the relying party reaches the broker at the public URL (default: global fetch). */
  fetch?: FetchFunction;
  /** Sign-in starts and callbacks per client address per minute (default 60; 0: none). */
  rateLimitPerMinute?: number;
}

export async function mountWebSession<Kind extends string>(
  app: FastifyInstance,
  session: WebSession<Kind>,
  options: MountWebSession<Kind>,
): Promise<WebSessionService<Kind>> {
  const db = sharedHandle<WebSessionTables>(options.db);
  const clients = await ensureClients(db, {
    registry: options.registry,
    kinds: options.clients,
    publicUrl: options.publicUrl,
    callbackPath: session.paths.callback,
    signedOutPath: session.paths.signedOut,
    encryption: options.encryption,
    secretLabel: options.secretLabel,
    now: options.now(),
  });
  const service: WebSessionService<Kind> = {
    db,
    issuer: options.publicUrl,
    clients,
    relyingParty: createRelyingParty(options.publicUrl, options.fetch),
    secureCookies: options.publicUrl.startsWith("https:"),
    pages: options.pages,
    now: options.now,
  };
  session.decorate(app, service);
  await workplace(app, { access: PUBLIC }, (scope) =>
    registerWebSessionRoutes(scope, session, service, { rateLimitPerMinute: options.rateLimitPerMinute }),
  );
  return service;
}
