/**
 * The relying party's ID-token checks (OIDC Core §3.1.3.7) against a broker stood in by an injected
 * fetch: a real RS256 key and JWKS, a token endpoint answering with tokens this test signs. Each
 * case breaks one thing the relying party must check.
 */
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { RelyingPartyClient } from "./clients.ts";
import { WebSessionError } from "./errors.ts";
import { authorizationRequest, createRelyingParty, type FetchFunction } from "./relying-party.ts";
import { safeReturnPath } from "./routes.ts";

const ISSUER = "https://tilts.example";
const client: RelyingPartyClient = {
  kind: "professional",
  clientId: "rp-portal",
  clientSecret: "secret",
  redirectUri: `${ISSUER}/ehealth/signin/callback/professional`,
  postLogoutRedirectUri: `${ISSUER}/ehealth/signed-out`,
  minLevel: "high",
};

let sign: (payload: JWTPayload, options?: { kid?: string; alg?: string; key?: CryptoKey }) => Promise<string>;
let jwks: { keys: object[] };
let otherKey: CryptoKey;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  otherKey = (await generateKeyPair("RS256")).privateKey;
  jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" }] };
  sign = (payload, options = {}) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? "k1" })
      .sign(options.key ?? privateKey);
});

function claims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    aud: client.clientId,
    sub: "PNOLV-010190-10001",
    iat: now,
    exp: now + 600,
    nonce: "n-1",
    acr: "high",
    amr: ["eparaksts-mobile"],
    given_name: "Anna",
    family_name: "Bērziņa",
    ...overrides,
  };
}

/** A broker answering the token request with `idToken`, and recording what it was sent. */
function broker(idToken: string | (() => Response)) {
  const seen: { url: string; init?: RequestInit }[] = [];
  const fetchImpl: FetchFunction = async (input, init) => {
    const url = String(input);
    seen.push({ url, init });
    if (url === `${ISSUER}/oidc/jwks`) return Response.json(jwks);
    if (url === `${ISSUER}/oidc/token`) {
      return typeof idToken === "function"
        ? idToken()
        : Response.json({ id_token: idToken, token_type: "Bearer" });
    }
    return new Response("not found", { status: 404 });
  };
  return { fetchImpl, seen };
}

async function complete(idToken: string | (() => Response), nonce = "n-1") {
  const { fetchImpl, seen } = broker(idToken);
  const result = await createRelyingParty(ISSUER, fetchImpl).complete(client, "code-1", "verifier-1", nonce);
  return { result, seen };
}

async function refusal(idToken: string | (() => Response), nonce = "n-1"): Promise<string> {
  try {
    await complete(idToken, nonce);
  } catch (error) {
    expect(error).toBeInstanceOf(WebSessionError);
    return `${(error as WebSessionError).code}: ${(error as Error).message}`;
  }
  throw new Error("accepted");
}

describe("ID token verification", () => {
  it("accepts a good token and reads the person; the code goes with Basic auth and the PKCE verifier", async () => {
    const { result, seen } = await complete(await sign(claims()));
    expect(result).toEqual({
      subject: "PNOLV-010190-10001",
      givenName: "Anna",
      familyName: "Bērziņa",
      level: "high",
      amr: ["eparaksts-mobile"],
    });
    const tokenCall = seen.find((s) => s.url.endsWith("/oidc/token"))!;
    const headers = (tokenCall.init?.headers ?? {}) as Record<string, string>;
    expect(headers.authorization).toBe(`Basic ${Buffer.from("rp-portal:secret").toString("base64")}`);
    const body = new URLSearchParams(String(tokenCall.init?.body));
    expect(Object.fromEntries(body)).toEqual({
      grant_type: "authorization_code",
      code: "code-1",
      redirect_uri: client.redirectUri,
      code_verifier: "verifier-1",
    });
  });

  it("reads an eIDAS URI acr as its level", async () => {
    const { result } = await complete(await sign(claims({ acr: "http://eidas.europa.eu/LoA/substantial" })));
    expect(result.level).toBe("substantial");
  });

  it.each([
    ["another issuer", { iss: "https://evil.example" }, /id-token-invalid.*iss/],
    ["another audience", { aud: "rp-other" }, /id-token-invalid.*aud/],
    [
      "expired",
      { exp: Math.floor(Date.now() / 1000) - 120, iat: Math.floor(Date.now() / 1000) - 800 },
      /id-token-invalid.*exp/,
    ],
    ["no nonce", { nonce: undefined }, /id-token-invalid/],
    ["another nonce", { nonce: "n-2" }, /id-token-invalid.*nonce/],
    ["no acr", { acr: undefined }, /id-token-invalid.*acr/],
    ["an unknown acr", { acr: "gold" }, /id-token-invalid.*acr/],
    ["several audiences without azp", { aud: [client.clientId, "rp-other"] }, /id-token-invalid.*azp/],
  ])("refuses %s", async (_name, overrides, expected) => {
    expect(await refusal(await sign(claims(overrides as JWTPayload)))).toMatch(expected);
  });

  it("refuses a token signed by a key the broker does not publish, or with an unexpected algorithm", async () => {
    expect(await refusal(await sign(claims(), { key: otherKey }))).toMatch(/id-token-invalid/);
    expect(await refusal(await sign(claims(), { kid: "unknown" }))).toMatch(/id-token-invalid/);
    const { privateKey } = await generateKeyPair("PS256");
    expect(await refusal(await sign(claims(), { alg: "PS256", key: privateKey }))).toMatch(
      /id-token-invalid/,
    );
    // An unsigned token never passes.
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.`;
    expect(await refusal(unsigned)).toMatch(/id-token-invalid/);
  });

  it("turns token-endpoint refusals and malformed answers into token-exchange-failed", async () => {
    expect(await refusal(() => Response.json({ error: "invalid_grant" }, { status: 400 }))).toMatch(
      /token-exchange-failed.*400 invalid_grant/,
    );
    expect(await refusal(() => new Response("<html>", { status: 502 }))).toMatch(/token-exchange-failed/);
    expect(await refusal(() => Response.json({ access_token: "x" }))).toMatch(
      /token-exchange-failed.*no id_token/,
    );
    expect(await refusal(() => new Response("x".repeat(70_000)))).toMatch(/too large/);
  });

  it("reports an unreachable broker", async () => {
    const failing: FetchFunction = async () => {
      throw new TypeError("fetch failed");
    };
    await expect(createRelyingParty(ISSUER, failing).complete(client, "c", "v", "n")).rejects.toMatchObject({
      code: "broker-unreachable",
    });
  });
});

describe("authorization request", () => {
  it("asks for the code flow with S256 PKCE, fresh state and nonce, and the client's least level", () => {
    const a = authorizationRequest(ISSUER, client, "en");
    const b = authorizationRequest(ISSUER, { ...client, kind: "citizen", minLevel: "low" }, "lv");
    const url = new URL(a.url);
    expect(url.origin + url.pathname).toBe(`${ISSUER}/oidc/auth`);
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).not.toBe(a.codeVerifier);
    expect(url.searchParams.get("acr_values")).toBe("high");
    expect(new URL(b.url).searchParams.get("acr_values")).toBe("low");
    expect(a.state).not.toBe(b.state);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.codeVerifier.length).toBeGreaterThanOrEqual(43); // RFC 7636 §4.1
  });
});

describe("return addresses", () => {
  it.each([
    ["/ehealth/operator/", "/ehealth/operator/"],
    ["/ehealth/x?y=1&z=%2F", "/ehealth/x?y=1&z=%2F"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["/ehealth\\..\\x", "/"],
    ["/a\nb", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
    [`/${"a".repeat(2100)}`, "/"],
  ])("case %#", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});
