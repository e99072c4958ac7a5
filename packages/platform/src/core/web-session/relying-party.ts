/**
 * A workplace as a relying party of our own broker (OpenID Connect Core 1.0, code flow): builds
 * the authorization request (state, nonce, PKCE S256 — RFC 7636), exchanges the code at the
 * token endpoint (client_secret_basic), and verifies the ID token (§3.1.3.7: signature against
 * the broker's JWKS, iss, aud, azp, exp/iat, nonce). Talks to the broker at the platform's public
 * URL like any other relying party would; `fetch` is injected (a test or a split deployment may
 * route it elsewhere).
 */
import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, customFetch, type JWTPayload, errors as joseErrors, jwtVerify } from "jose";
import type { RelyingPartyClient } from "./clients.ts";
import { WebSessionError } from "./errors.ts";
import { type Level, levelOfAcrValue } from "./levels.ts";

export type FetchFunction = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** The broker's endpoints (identity/README.md): fixed paths under the issuer. */
export const BROKER_PATHS = {
  authorization: "/oidc/auth",
  token: "/oidc/token",
  jwks: "/oidc/jwks",
  endSession: "/oidc/session/end",
} as const;

const TOKEN_RESPONSE_LIMIT = 64 * 1024;
const CLOCK_TOLERANCE_S = 30;

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** What the workplace learns from a verified ID token. */
export interface VerifiedSignIn {
  subject: string;
  givenName: string;
  familyName: string;
  level: Level;
  amr: string[];
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export function authorizationRequest(
  issuer: string,
  client: RelyingPartyClient,
  language: "lv" | "en",
): AuthorizationRequest {
  const state = randomToken();
  const nonce = randomToken();
  const codeVerifier = randomToken(48);
  const challenge = createHash("sha256").update(codeVerifier).digest("base64url");
  const url = new URL(BROKER_PATHS.authorization, issuer);
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", client.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", "openid profile");
  url.searchParams.set("state", state);
  url.searchParams.set("nonce", nonce);
  url.searchParams.set("code_challenge", challenge);
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("acr_values", client.minLevel);
  url.searchParams.set("ui_locales", language);
  return { url: url.toString(), state, nonce, codeVerifier };
}

export interface RelyingParty {
  /** Code → verified identity; throws WebSessionError (`token-exchange-failed`, `id-token-invalid`, …). */
  complete(
    client: RelyingPartyClient,
    code: string,
    codeVerifier: string,
    nonce: string,
  ): Promise<VerifiedSignIn>;
  endSessionUrl(client: RelyingPartyClient): string;
}

export function createRelyingParty(issuer: string, fetchImpl: FetchFunction = fetch): RelyingParty {
  // jose caches the key set and refetches on an unknown kid (a key rotation), at most every 30 s.
  const jwks = createRemoteJWKSet(new URL(BROKER_PATHS.jwks, issuer), {
    timeoutDuration: 5000,
    cooldownDuration: 30_000,
    [customFetch]: (url, options) => fetchImpl(url, options as RequestInit),
  });

  async function exchange(client: RelyingPartyClient, code: string, codeVerifier: string): Promise<string> {
    let response: Response;
    try {
      response = await fetchImpl(new URL(BROKER_PATHS.token, issuer), {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: client.redirectUri,
          code_verifier: codeVerifier,
        }).toString(),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new WebSessionError("broker-unreachable", "the sign-in broker did not answer", { cause: error });
    }
    const text = await response.text();
    if (text.length > TOKEN_RESPONSE_LIMIT) {
      throw new WebSessionError("token-exchange-failed", "the token response is too large");
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new WebSessionError(
        "token-exchange-failed",
        `token endpoint answered ${response.status}, not JSON`,
      );
    }
    const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    if (!response.ok) {
      const error = typeof fields.error === "string" ? fields.error.slice(0, 100) : "unknown";
      throw new WebSessionError(
        "token-exchange-failed",
        `token endpoint refused: ${response.status} ${error}`,
      );
    }
    if (typeof fields.id_token !== "string") {
      throw new WebSessionError("token-exchange-failed", "the token response holds no id_token");
    }
    return fields.id_token;
  }

  async function verify(client: RelyingPartyClient, idToken: string, nonce: string): Promise<VerifiedSignIn> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, jwks, {
        issuer,
        audience: client.clientId,
        algorithms: ["RS256"],
        requiredClaims: ["sub", "exp", "iat", "nonce"],
        clockTolerance: CLOCK_TOLERANCE_S,
      }));
    } catch (error) {
      // The code and, for a claim check, the claim's name (never its value: it may be personal).
      const claimName = (error as { claim?: unknown }).claim;
      const claim = typeof claimName === "string" ? ` (${claimName})` : "";
      const why = error instanceof joseErrors.JOSEError ? `${error.code}${claim}` : "unverifiable";
      throw new WebSessionError("id-token-invalid", `ID token rejected: ${why}`, { cause: error });
    }
    if (payload.nonce !== nonce) throw new WebSessionError("id-token-invalid", "ID token rejected: nonce");
    // §3.1.3.7 item 4–5: with several audiences, azp must be us.
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== client.clientId) {
      throw new WebSessionError("id-token-invalid", "ID token rejected: azp");
    }
    const subject = String(payload.sub);
    const level = typeof payload.acr === "string" ? levelOfAcrValue(payload.acr) : undefined;
    if (!level) throw new WebSessionError("id-token-invalid", "ID token rejected: no known acr");
    const amr = Array.isArray(payload.amr)
      ? payload.amr.filter((m): m is string => typeof m === "string").slice(0, 10)
      : [];
    const givenName = typeof payload.given_name === "string" ? payload.given_name.slice(0, 200) : "";
    const familyName = typeof payload.family_name === "string" ? payload.family_name.slice(0, 200) : "";
    return { subject, givenName, familyName, level, amr };
  }

  return {
    async complete(client, code, codeVerifier, nonce) {
      const idToken = await exchange(client, code, codeVerifier);
      return verify(client, idToken, nonce);
    },
    endSessionUrl(client) {
      const url = new URL(BROKER_PATHS.endSession, issuer);
      url.searchParams.set("client_id", client.clientId);
      url.searchParams.set("post_logout_redirect_uri", client.postLogoutRedirectUri);
      return url.toString();
    },
  };
}
