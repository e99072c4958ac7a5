/**
 * A thin client of LVRTC's TrustedX identity service (shared/specs/latvian-identity.md §3.1):
 * OAuth 2.0 authorization code with HTTP Basic client authentication (RFC 6749 §2.3.1: id and
 * secret form-urlencoded before base64), user info with the bearer token (RFC 6750 §2.1). No
 * refresh tokens are asked for or kept. Answers are size-limited and time-limited.
 */
import { IdentityError } from "../errors.ts";

export const TRUSTEDX_AUTHORIZE_PATH = "/trustedx-authserver/oauth/lvrtc-eipsign-as";
export const TRUSTEDX_TOKEN_PATH = "/trustedx-authserver/oauth/lvrtc-eipsign-as/token";
export const TRUSTEDX_USERINFO_PATH = "/trustedx-resources/openid/v1/users/me";

const MAX_RESPONSE_BYTES = 64 * 1024;

export interface TrustedXSettings {
  /** e.g. https://eidas.eparaksts.lv (production), or the testbed stand-in. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Our callback, registered with LVRTC; matched exactly there. */
  redirectUri: string;
  /**
   * Send an RFC 7636 S256 code_challenge. The stand-in checks it; whether LVRTC's service does is
   * not documented (UNVERIFIED), and OAuth servers ignore unknown parameters (RFC 6749 §3.1).
   */
  pkce: boolean;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export interface AuthorizeRequest {
  state: string;
  nonce: string;
  codeChallenge: string;
  /** `acr_values`: the flow to pre-select (mobile or smart card). */
  flow: string;
  scope: string;
  locale: string;
}

export class TrustedXClient {
  constructor(private readonly settings: TrustedXSettings) {}

  get origin(): string {
    return new URL(this.settings.baseUrl).origin;
  }

  authorizeUrl(request: AuthorizeRequest): string {
    const url = new URL(this.settings.baseUrl + TRUSTEDX_AUTHORIZE_PATH);
    const params = url.searchParams;
    params.set("response_type", "code");
    params.set("client_id", this.settings.clientId);
    params.set("redirect_uri", this.settings.redirectUri);
    params.set("scope", request.scope);
    params.set("state", request.state);
    params.set("nonce", request.nonce);
    params.set("acr_values", request.flow);
    params.set("prompt", "login");
    params.set("ui_locales", request.locale);
    if (this.settings.pkce) {
      params.set("code_challenge", request.codeChallenge);
      params.set("code_challenge_method", "S256");
    }
    return url.toString();
  }

  private basicAuthorization(): string {
    const id = encodeURIComponent(this.settings.clientId);
    const secret = encodeURIComponent(this.settings.clientSecret);
    return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
  }

  /** Exchanges the code for an access token. */
  async exchangeCode(code: string, codeVerifier: string): Promise<string> {
    const body = new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: this.settings.redirectUri,
    });
    if (this.settings.pkce) body.set("code_verifier", codeVerifier);
    const answer = await this.request(TRUSTEDX_TOKEN_PATH, {
      method: "POST",
      headers: {
        authorization: this.basicAuthorization(),
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: body.toString(),
    });
    const token = answer.access_token;
    if (typeof token !== "string" || !token || answer.token_type?.toString().toLowerCase() !== "bearer") {
      throw new IdentityError("method-protocol-error", "LVRTC token response without a bearer token");
    }
    return token;
  }

  async userInfo(accessToken: string): Promise<Record<string, unknown>> {
    return this.request(TRUSTEDX_USERINFO_PATH, {
      method: "GET",
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field by callers.
  private async request(path: string, init: RequestInit): Promise<Record<string, any>> {
    const doFetch = this.settings.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(this.settings.baseUrl + path, {
        ...init,
        redirect: "error",
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw new IdentityError("method-protocol-error", "LVRTC could not be reached", String(error));
    }
    const text = await readLimited(response);
    if (!response.ok) {
      throw new IdentityError(
        "method-protocol-error",
        `LVRTC answered ${response.status}`,
        text.slice(0, 300),
      );
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      return parsed as Record<string, unknown>;
    } catch {
      throw new IdentityError(
        "method-protocol-error",
        "LVRTC answered with something other than a JSON object",
      );
    }
  }
}

async function readLimited(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new IdentityError("method-protocol-error", "LVRTC answer too large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
