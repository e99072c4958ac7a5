/**
 * Our OpenID Provider: oidc-provider (OpenID-certified) configured for a national broker in the
 * manner of TARA — authorization code flow only, PKCE (S256) required of every client, `state`
 * and `nonce` required, no refresh tokens, no consent screen (Latvian methods release only the
 * identity the person just proved), a fresh sign-in for every authorization (no silent SSO that
 * could carry a citizen-level session into a professional service), RP-initiated logout.
 * Storage is the Kysely adapter; keys and cookie secrets come from the database.
 */
import type { IncomingMessage } from "node:http";
import type { JWK } from "jose";
import type { Kysely } from "kysely";
import type Provider from "oidc-provider";
import { isLanguage, type Language } from "../web/i18n.ts";
import { pageContext } from "../web/layout.tsx";
import { findAccountClaims } from "./adapters/account-store.ts";
import { verifyClientSecret } from "./adapters/client-store.ts";
import { createOidcAdapter } from "./adapters/oidc-adapter.ts";
import { PROFILE_CLAIMS } from "./core/claims.ts";
import { SUPPORTED_ACR_VALUES } from "./core/levels.ts";
import type { IdentityDatabase as Database } from "./database.ts";
import { loggedOutPage, logoutPage, protocolErrorPage } from "./routes/pages.tsx";

/** Lifetimes in seconds. Codes are single use and short (RFC 6749 §4.1.2 recommends ≤ 10 min). */
export const OIDC_TTL = {
  AuthorizationCode: 60,
  AccessToken: 600,
  IdToken: 600,
  Interaction: 900,
  Session: 1800,
  Grant: 1800,
} as const;

export const OIDC_ROUTES = {
  authorization: "/oidc/auth",
  token: "/oidc/token",
  jwks: "/oidc/jwks",
  userinfo: "/oidc/me",
  end_session: "/oidc/session/end",
} as const;

export interface ProviderOptions {
  issuer: string;
  db: Kysely<Database>;
  signingKeys: JWK[];
  cookieKeys: string[];
}

/** The page language travels from Fastify's request to oidc-provider's callbacks on the raw request. */
export interface RequestWithLanguage extends IncomingMessage {
  tiltsLanguage?: Language;
}

// biome-ignore lint/suspicious/noExplicitAny: oidc-provider's Koa context is untyped here.
function languageOf(ctx: any): Language {
  const language = (ctx.req as RequestWithLanguage).tiltsLanguage;
  return isLanguage(language) ? language : "lv";
}

type OidcProviderModule = typeof import("oidc-provider");
let loaded: Promise<OidcProviderModule> | undefined;

/**
 * Loads oidc-provider on first use, not at import: CLI commands that never serve HTTP stay light,
 * and its one-line "Unsupported runtime" notice on Node 20 (harmless: STACK-NOTES.md) is dropped
 * rather than printed into every command's output.
 */
export function loadOidcProvider(): Promise<OidcProviderModule> {
  loaded ??= (async () => {
    const original = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].startsWith("oidc-provider WARNING: Unsupported runtime"))
        return;
      original(...args);
    };
    try {
      return await import("oidc-provider");
    } finally {
      console.warn = original;
    }
  })();
  return loaded;
}

function required(errors: OidcProviderModule["errors"], name: string) {
  return async (_ctx: unknown, value: unknown) => {
    if (typeof value !== "string" || value.length === 0) {
      throw new errors.InvalidRequest(`${name} is required`);
    }
    if (value.length > 512) throw new errors.InvalidRequest(`${name} is too long`);
  };
}

/** Always ask for a sign-in unless this very authorization has just completed one. */
function freshSignInPolicy({ interactionPolicy }: OidcProviderModule) {
  const { base, Check } = interactionPolicy;
  const policy = base();
  const login = policy.get("login");
  login?.checks.add(
    new Check("fresh_sign_in", "every authorization needs its own sign-in", (ctx) =>
      ctx.oidc.result?.login ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
    ),
  );
  return policy;
}

export async function createProvider(options: ProviderOptions): Promise<Provider> {
  const { db } = options;
  const oidc = await loadOidcProvider();
  const provider = new oidc.default(options.issuer, {
    adapter: createOidcAdapter(db),
    clients: [],
    jwks: { keys: options.signingKeys as never },
    cookies: {
      keys: options.cookieKeys,
      long: { httpOnly: true, sameSite: "lax", signed: true },
      short: { httpOnly: true, sameSite: "lax", signed: true },
    },
    async findAccount(_ctx, sub) {
      const claims = await findAccountClaims(db, sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ ...claims }) };
    },
    // acr and amr (OIDC Core §2) ride with the openid scope, so every ID token carries them.
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      openid: ["sub", "acr", "amr"],
      profile: [...PROFILE_CLAIMS],
    },
    scopes: ["openid", "profile"],
    acrValues: [...SUPPORTED_ACR_VALUES],
    // The ID token carries the person's names too (as TARA's does), not only user info.
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    pkce: { required: () => true },
    extraParams: { state: required(oidc.errors, "state"), nonce: required(oidc.errors, "nonce") },
    clientDefaults: {
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "RS256",
    },
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    // No refresh tokens: oidc-provider's default issueRefreshToken already issues none here (it
    // needs the offline_access scope, which we do not offer). Replacing it with a custom function
    // would make oidc-provider list (and serve) the refresh_token grant in discovery.
    clientBasedCORS: () => false,
    ttl: { ...OIDC_TTL },
    routes: { ...OIDC_ROUTES },
    interactions: {
      policy: freshSignInPolicy(oidc),
      url: (_ctx, interaction) => `/signin/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = "html";
          ctx.body = logoutPage(pageContext(languageOf(ctx), "/oidc/session/end"), form);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = "html";
          ctx.body = loggedOutPage(pageContext(languageOf(ctx), "/oidc/session/end/success"));
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = "html";
      const code = typeof out.error === "string" ? out.error : "server_error";
      ctx.body = protocolErrorPage(pageContext(languageOf(ctx), "/"), code);
    },
  });
  // routes/oidc-routes.ts overwrites X-Forwarded-Host/-Proto from PUBLIC_URL on every request
  // (never trusting the client's), so the provider may read them: URLs and secure cookies then
  // follow the public address even behind a TLS-terminating proxy.
  provider.proxy = true;
  // Secrets are stored hashed (client-store.ts); compare the presented one by its hash.
  const clientPrototype = provider.Client.prototype as unknown as {
    clientSecret: unknown;
    compareClientSecret: (actual: string) => boolean;
  };
  clientPrototype.compareClientSecret = function compareClientSecret(
    this: { clientSecret: unknown },
    actual,
  ) {
    return verifyClientSecret(this.clientSecret, actual);
  };
  // A token request that fails spends the authorization code it named (RFC 9700 §4.5): a code
  // intercepted with a guessed PKCE verifier or a wrong client secret cannot be tried again. Done
  // before the answer leaves, so a retry arriving right after finds the code gone.
  provider.use(async (ctx, next) => {
    await next();
    const oidcCtx = (ctx as { oidc?: { route?: string; params?: Record<string, unknown> } }).oidc;
    const params = oidcCtx?.params;
    if (oidcCtx?.route !== "token" || ctx.status < 400) return;
    if (params?.grant_type !== "authorization_code" || typeof params.code !== "string") return;
    try {
      const code = await provider.AuthorizationCode.find(params.code, { ignoreExpiration: true });
      await code?.destroy();
    } catch {
      // Not a code we issued (or already gone): nothing to spend.
    }
  });
  return provider;
}
