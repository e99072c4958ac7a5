/**
 * eParaksts Mobile "sign a hash" in the stand-in (SIG-2, SIG-3; latvian-identity.md §3.2): the
 * relying party reads the person's signing identity with a sign-in token, sends the person to
 * approve one digest with PIN2 on the phone page, exchanges the code with its client credentials
 * and gets the signature over exactly that digest. The PKI's CRL and OCSP are served on loopback.
 */
import { createHash, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testbedPkiPlugin } from "../http/testbed-pki-plugin.ts";
import { OID_TESTBED_POLICY_EPARAKSTS } from "../pki/oids.ts";
import { expectQualifiedSigningProfile, validateQualified } from "../pki/qualified-signing.test-support.ts";
import { TestPki } from "../pki/test-pki.ts";
import {
  defaultStandInPersons,
  eparakstsStandIn,
  STANDIN_AUTHORIZE_PATH,
  STANDIN_TOKEN_PATH,
  STANDIN_USERINFO_PATH,
} from "./eparaksts-standin.ts";
import {
  RAW_SIGNATURE_PATH,
  SCOPE_SIGN_IDENTITY_PROFILE,
  SCOPE_SIGN_IDENTITY_USE_SERVER,
  SIGN_IDENTITIES_PATH,
} from "./signing-routes.ts";

const client = { clientId: "portal", clientSecret: "portal-secret", redirectUris: ["http://127.0.0.1:9/cb"] };
const other = { clientId: "other", clientSecret: "other-secret", redirectUris: ["http://127.0.0.1:9/other"] };
const [alice, bob, carol] = defaultStandInPersons();
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
const form = { "content-type": "application/x-www-form-urlencoded" };

let app: FastifyInstance;
let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-eparaksts-sign-"));
  const stateDir = join(dir, "pki");
  app = Fastify();
  await app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir });
  let base = "";
  await app.register(eparakstsStandIn, {
    prefix: "/lvrtc",
    clients: [client, other],
    signing: {
      pkiStateDir: stateDir,
      get pkiBaseUrl() {
        return base;
      },
    },
  });
  base = `${await app.listen({ host: "127.0.0.1", port: 0 })}/testbed`;
  pki = TestPki.create(stateDir, { baseUrl: base, caKeys: { org: "p256" } });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const location = (response: { headers: Record<string, unknown> }) =>
  new URL(String(response.headers.location));

async function exchange(code: string, rp = client) {
  return app.inject({
    method: "POST",
    url: `/lvrtc${STANDIN_TOKEN_PATH}`,
    headers: { ...form, authorization: basic(rp.clientId, rp.clientSecret) },
    payload: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: rp.redirectUris[0]!,
    }).toString(),
  });
}

/** PIN1 sign-in with the identity-profile scope; returns the access token (or the failed response). */
async function signIn(personalCode: string, pin1 = "1234") {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0]!,
    scope: `urn:lvrtc:fpeil:aa ${SCOPE_SIGN_IDENTITY_PROFILE}`,
    state: "s1",
  });
  const page = await app.inject({ method: "GET", url: `/lvrtc${STANDIN_AUTHORIZE_PATH}?${query}` });
  const requestId = /name="request" value="([^"]+)"/.exec(page.body)![1]!;
  const approved = await app.inject({
    method: "POST",
    url: `/lvrtc${STANDIN_AUTHORIZE_PATH}/approve`,
    headers: form,
    payload: new URLSearchParams({
      request: requestId,
      user_number: personalCode,
      pin1,
      action: "approve",
    }).toString(),
  });
  const code = location(approved).searchParams.get("code");
  return code ? ((await exchange(code)).json().access_token as string) : undefined;
}

async function signingIdentity(accessToken: string) {
  const response = await app.inject({
    method: "GET",
    url: `/lvrtc${SIGN_IDENTITIES_PATH}`,
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.statusCode).toBe(200);
  const [identity] = response.json().identities as { id: string; certificate: string; chain: string[] }[];
  return { id: identity!.id, certificate: new Uint8Array(Buffer.from(identity!.certificate, "base64")) };
}

/** Step 2: the signing authorization; returns the phone page and its request id. */
async function askToSign(
  identityId: string,
  digest: Buffer,
  algorithm = "sha-256",
  documentName = "Līgums Nr. 7.pdf",
) {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0]!,
    scope: SCOPE_SIGN_IDENTITY_USE_SERVER,
    state: "s2",
    ui_locales: "en",
    sign_identity_id: identityId,
    digests_summary: createHash(algorithm.replace("-", "")).update(digest).digest("base64"),
    digests_summary_algorithm: algorithm,
    document_name: documentName,
  });
  const page = await app.inject({ method: "GET", url: `/lvrtc${STANDIN_AUTHORIZE_PATH}?${query}` });
  return { page, requestId: /name="request" value="([^"]+)"/.exec(page.body)?.[1] };
}

const confirm = (requestId: string, pin2: string, action = "sign") =>
  app.inject({
    method: "POST",
    url: `/lvrtc${STANDIN_AUTHORIZE_PATH}/sign-approve`,
    headers: form,
    payload: new URLSearchParams({ request: requestId, pin2, action }).toString(),
  });

const rawSign = (accessToken: string, body: Record<string, string>) =>
  app.inject({
    method: "POST",
    url: `/lvrtc${RAW_SIGNATURE_PATH}`,
    headers: { authorization: `Bearer ${accessToken}` },
    payload: body,
  });

/** The whole flow up to a signing token. */
async function approvedToken(identityId: string, digest: Buffer, algorithm = "sha-256") {
  const { requestId } = await askToSign(identityId, digest, algorithm);
  const redirect = location(await confirm(requestId!, "12345"));
  expect(redirect.searchParams.get("state")).toBe("s2");
  return (await exchange(redirect.searchParams.get("code")!)).json().access_token as string;
}

describe("eParaksts Mobile signing stand-in", () => {
  it("issues a qualified signing certificate from the eParaksts CA that validates to the root via CRL and OCSP", async () => {
    const identity = await signingIdentity((await signIn(alice!.personalCode))!);
    expectQualifiedSigningProfile(identity.certificate, OID_TESTBED_POLICY_EPARAKSTS, alice!.personalCode);
    expect(new X509Certificate(identity.certificate).issuer).toContain("Tilts Test eParaksts ICA");
    for (const via of ["crl", "ocsp"] as const) {
      const result = await validateQualified(pki, "eparaksts", identity.certificate, via);
      expect(result.failure, via).toBeUndefined();
      expect(result.valid).toBe(true);
    }
  });

  it.each([
    ["sha-256", "sha256"],
    ["sha-384", "sha384"],
    ["sha-512", "sha512"],
  ])("signs exactly the %s digest the person approved with PIN2 (raw r‖s), once", async (algorithm, node) => {
    const identity = await signingIdentity((await signIn(alice!.personalCode))!);
    const document = Buffer.from(`contract signed with ${algorithm}`);
    const digest = createHash(node).update(document).digest();
    const { page, requestId } = await askToSign(identity.id, digest, algorithm);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Līgums Nr. 7.pdf");
    expect(page.body).toContain("PIN2");
    const redirect = location(await confirm(requestId!, "12345"));
    const token = (await exchange(redirect.searchParams.get("code")!)).json().access_token as string;
    // A different digest than the approved one is refused.
    const otherDigest = createHash(node).update("another document").digest("base64");
    expect(
      (
        await rawSign(token, {
          sign_identity_id: identity.id,
          digest_value: otherDigest,
          digest_algorithm: algorithm,
        })
      ).statusCode,
    ).toBe(403);
    const response = await rawSign(token, {
      sign_identity_id: identity.id,
      digest_value: digest.toString("base64"),
      digest_algorithm: algorithm,
    });
    expect(response.statusCode).toBe(200);
    const signature = Buffer.from(response.json().signature, "base64");
    expect(signature.length).toBe(96);
    const key = new X509Certificate(identity.certificate).publicKey;
    expect(verify(node, document, { key, dsaEncoding: "ieee-p1363" }, signature)).toBe(true);
    expect(verify(node, Buffer.from("another document"), { key, dsaEncoding: "ieee-p1363" }, signature)).toBe(
      false,
    );
    // One approval, one signature.
    const again = await rawSign(token, {
      sign_identity_id: identity.id,
      digest_value: digest.toString("base64"),
      digest_algorithm: algorithm,
    });
    expect(again.statusCode).toBe(401);
  });

  it("refuses a digest of the wrong length, at authorization and at signing", async () => {
    const identity = await signingIdentity((await signIn(alice!.personalCode))!);
    const digest = createHash("sha256").update("x").digest();
    const token = await approvedToken(identity.id, digest);
    const short = await rawSign(token, {
      sign_identity_id: identity.id,
      digest_value: digest.subarray(0, 20).toString("base64"),
      digest_algorithm: "sha-256",
    });
    expect(short.statusCode).toBe(400);
    const mismatched = await rawSign(token, {
      sign_identity_id: identity.id,
      digest_value: digest.toString("base64"),
      digest_algorithm: "sha-384",
    });
    expect(mismatched.statusCode).toBe(400);
    const query = new URLSearchParams({
      response_type: "code",
      client_id: client.clientId,
      redirect_uri: client.redirectUris[0]!,
      scope: SCOPE_SIGN_IDENTITY_USE_SERVER,
      sign_identity_id: identity.id,
      digests_summary: digest.subarray(0, 16).toString("base64"),
      digests_summary_algorithm: "sha-256",
      document_name: "x.pdf",
    });
    const refused = await app.inject({ method: "GET", url: `/lvrtc${STANDIN_AUTHORIZE_PATH}?${query}` });
    expect(refused.statusCode).toBe(303);
    expect(location(refused).searchParams.get("error")).toBe("invalid_request");
  });

  it("cancels the signing, says so, and reports cancel to the relying party as cancel (SIG-3)", async () => {
    const identity = await signingIdentity((await signIn(alice!.personalCode))!);
    const { requestId } = await askToSign(identity.id, createHash("sha256").update("y").digest());
    const page = await confirm(requestId!, "", "cancel");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Signing cancelled");
    expect(page.body).toContain("the document was not signed");
    // Cancelled for good: the same request cannot be signed afterwards.
    expect((await confirm(requestId!, "12345")).statusCode).toBe(400);
    const href = /<a href="([^"]+)">Return to the service<\/a>/.exec(page.body)?.[1] ?? "";
    const redirect = new URL(href.replaceAll("&#38;", "&"));
    expect(`${redirect.origin}${redirect.pathname}`).toBe(client.redirectUris[0]);
    expect(redirect.searchParams.get("error")).toBe("access_denied");
    expect(redirect.searchParams.get("error_description")).toBe("user_cancelled");
    expect(redirect.searchParams.get("state")).toBe("s2");
    expect(redirect.searchParams.get("code")).toBeNull();
  });

  it("three wrong PIN2s block signing; PIN1 sign-in still works", async () => {
    const identity = await signingIdentity((await signIn(bob!.personalCode))!);
    const digest = createHash("sha256").update("z").digest();
    const { requestId } = await askToSign(identity.id, digest);
    const first = await confirm(requestId!, "00000");
    expect(first.statusCode).toBe(400);
    expect(first.body).toContain("Attempts left: 2");
    expect((await confirm(requestId!, "1234")).body).toContain("Attempts left: 1"); // PIN1 is not PIN2
    const third = location(await confirm(requestId!, "22222"));
    expect(third.searchParams.get("error_description")).toBe("pin2_blocked");
    const blocked = await askToSign(identity.id, digest);
    expect(location(blocked.page).searchParams.get("error_description")).toBe("pin2_blocked");
    const index = await app.inject({ method: "GET", url: "/lvrtc/?lang=en" });
    expect(index.body).toContain(`<td>${bob!.personalCode}</td><td>PIN2</td>`);
    // PIN1 sign-in is untouched.
    const token = await signIn(bob!.personalCode);
    expect(token).toBeDefined();
    const me = await app.inject({
      method: "GET",
      url: `/lvrtc${STANDIN_USERINFO_PATH}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json().serial_number).toBe(`PNOLV-${bob!.personalCode}`);
  });

  it("refuses unknown relying parties, bad client credentials, sign-in tokens and other clients' codes", async () => {
    const accessToken = (await signIn(carol!.personalCode))!;
    const identity = await signingIdentity(accessToken);
    const digest = createHash("sha256").update("w").digest();
    const query = new URLSearchParams({
      response_type: "code",
      client_id: "intruder",
      redirect_uri: client.redirectUris[0]!,
      scope: SCOPE_SIGN_IDENTITY_USE_SERVER,
      sign_identity_id: identity.id,
      digests_summary: createHash("sha256").update(digest).digest("base64"),
      digests_summary_algorithm: "sha-256",
      document_name: "x.pdf",
    });
    expect(
      (await app.inject({ method: "GET", url: `/lvrtc${STANDIN_AUTHORIZE_PATH}?${query}` })).statusCode,
    ).toBe(400);
    const { requestId } = await askToSign(identity.id, digest);
    const code = location(await confirm(requestId!, "12345")).searchParams.get("code")!;
    expect((await exchange(code, { ...client, clientSecret: "wrong" })).statusCode).toBe(401);
    expect((await exchange(code, other)).statusCode).toBe(400);
    // A sign-in token carries no signing approval.
    const signInToken = await rawSign(accessToken, {
      sign_identity_id: identity.id,
      digest_value: digest.toString("base64"),
      digest_algorithm: "sha-256",
    });
    expect(signInToken.statusCode).toBe(403);
    expect((await rawSign("nonsense", { digest_value: digest.toString("base64") })).statusCode).toBe(401);
    expect(
      (
        await app.inject({
          method: "GET",
          url: `/lvrtc${SIGN_IDENTITIES_PATH}`,
          headers: { authorization: "Bearer x" },
        })
      ).statusCode,
    ).toBe(401);
  });

  it("revoking the signing certificate shows at once in CRL and OCSP", async () => {
    const identity = await signingIdentity((await signIn(carol!.personalCode))!);
    pki.revoke(identity.certificate, "keyCompromise");
    for (const via of ["crl", "ocsp"] as const) {
      const result = await validateQualified(pki, "eparaksts", identity.certificate, via);
      expect(result.valid, via).toBe(false);
      expect(result.failure).toMatchObject({ code: "revoked", certificateIndex: 0 });
    }
  });
});
