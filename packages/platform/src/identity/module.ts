/**
 * The identity module as the server composes it: the OpenID Provider, the sign-in pages and
 * methods. On start it makes sure a signing key and cookie secrets exist (first start generates
 * them); a maintenance timer sweeps expired artefacts and picks up rotated keys (a rotation done
 * by the CLI in another process reaches running servers within one interval).
 */

import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import type Provider from "oidc-provider";
import { PUBLIC } from "../http/route-access.ts";
import type { ServerContext, ServerModule } from "../http/server.ts";
import { sweepExpired } from "./adapters/oidc-adapter.ts";
import { ensureSecret, ensureSigningKey, loadPublishedKeys } from "./adapters/signing-keys.ts";
import type { IdentityOptions } from "./config.ts";
import { methodRegistry } from "./methods/registry.ts";
import { createProvider } from "./provider.ts";
import { registerOidcRoutes } from "./routes/oidc-routes.ts";
import { registerSignInRoutes } from "./routes/signin-routes.ts";

const DEFAULT_MAINTENANCE_MS = 60_000;
/** Generous for people (a sign-in needs one start and one callback), tight for a script. */
const DEFAULT_RATE_LIMIT_PER_MINUTE = 30;

export function identityModule(options: IdentityOptions): ServerModule {
  return {
    name: "identity",
    // The broker's own endpoints: OIDC protects them by protocol, the sign-in pages by the interaction.
    access: PUBLIC,
    async register(app: FastifyInstance, { database, services }: ServerContext) {
      const db = database.db;
      const now = options.now ?? (() => new Date());
      await ensureSigningKey(db, options.keyEncryption, now());
      const cookieKeys = [await ensureSecret(db, "oidc-cookie-key", now())];
      let keys = await loadPublishedKeys(db, options.keyEncryption, now());
      let provider: Provider = await createProvider({
        issuer: options.issuer,
        db: db,
        signingKeys: keys,
        cookieKeys,
      });
      const getProvider = () => provider;

      const interval = options.maintenanceIntervalMs ?? DEFAULT_MAINTENANCE_MS;
      if (interval > 0) {
        const timer = setInterval(async () => {
          try {
            await sweepExpired(db, new Date());
            const fresh = await loadPublishedKeys(db, options.keyEncryption, new Date());
            if (fresh.map((k) => k.kid).join() !== keys.map((k) => k.kid).join()) {
              keys = fresh;
              provider = await createProvider({ issuer: options.issuer, db, signingKeys: keys, cookieKeys });
              app.log.info({ keys: keys.length }, "identity: signing keys reloaded");
            }
          } catch (error) {
            app.log.error({ err: error }, "identity: maintenance failed");
          }
        }, interval);
        timer.unref();
        app.addHook("onClose", async () => clearInterval(timer));
      }

      await registerOidcRoutes(app, getProvider, options.issuer);
      await app.register(async (scope) => {
        await scope.register(rateLimit, { global: false });
        registerSignInRoutes(scope, {
          db,
          getProvider,
          methods: methodRegistry(options),
          now,
          rateLimitPerMinute: options.signInRateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
        });
      });

      services.add({
        id: "identity",
        href: "/.well-known/openid-configuration",
        title: { lv: "Pieteikšanās (OpenID Connect)", en: "Sign-in (OpenID Connect)" },
        description: {
          lv: "Kvalificēta pieteikšanās pakalpojumiem: eParaksts Mobile; eID karte, Latvija.lv un eIDAS sekos.",
          en: "Qualified sign-in for services: eParaksts Mobile; the eID card, Latvija.lv and eIDAS follow.",
        },
      });
    },
  };
}
