import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PinBlocks } from "../pin-block/index.ts";
import {
  AMR_MOBILE,
  defaultStandInPersons,
  eparakstsStandIn,
  STANDIN_AUTHORIZE_PATH,
  STANDIN_TOKEN_PATH,
  STANDIN_USERINFO_PATH,
} from "./eparaksts-standin.ts";

const client = { clientId: "rp", clientSecret: "s3cret:+/", redirectUris: ["http://127.0.0.1:9/cb"] };
const person = defaultStandInPersons()[3]!;
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

let app: FastifyInstance;
let clock = 1_000_000;

let dir: string;
let blocks: PinBlocks;

beforeEach(async () => {
  clock = 1_000_000;
  dir = mkdtempSync(join(tmpdir(), "tilts-eparaksts-"));
  blocks = new PinBlocks(join(dir, "pin-blocks.json"));
  app = Fastify();
  await app.register(eparakstsStandIn, {
    prefix: "/lvrtc",
    clients: [client],
    now: () => clock,
    pinBlocksFile: blocks.file,
  });
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function authorize(extra: Record<string, string> = {}) {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0]!,
    scope: "urn:lvrtc:fpeil:aa",
    state: "st",
    acr_values: "urn:eparaksts:authentication:flow:mobileid",
    ...extra,
  });
  const page = await app.inject({ method: "GET", url: `/lvrtc${STANDIN_AUTHORIZE_PATH}?${query}` });
  return { page, requestId: /name="request" value="([^"]+)"/.exec(page.body)?.[1] };
}

function approve(requestId: string, pin1: string, userNumber = person.personalCode) {
  return app.inject({
    method: "POST",
    url: `/lvrtc${STANDIN_AUTHORIZE_PATH}/approve`,
    payload: new URLSearchParams({
      request: requestId,
      user_number: userNumber,
      pin1,
      action: "approve",
    }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

function token(
  code: string,
  extra: Record<string, string> = {},
  auth = basic(client.clientId, client.clientSecret),
) {
  return app.inject({
    method: "POST",
    url: `/lvrtc${STANDIN_TOKEN_PATH}`,
    headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: client.redirectUris[0]!,
      ...extra,
    }).toString(),
  });
}

describe("eParaksts stand-in", () => {
  it("runs the TrustedX code flow: phone page, PIN1, code, Basic-authenticated token, user info", async () => {
    const verifier = "v".repeat(43);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const { page, requestId } = await authorize({ code_challenge: challenge, code_challenge_method: "S256" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("1234"); // the test PIN1 is shown as test data
    const approved = await approve(requestId!, "1234");
    expect(approved.statusCode).toBe(303);
    const location = new URL(approved.headers.location as string);
    expect(location.searchParams.get("state")).toBe("st");
    const code = location.searchParams.get("code")!;
    const tokens = await token(code, { code_verifier: verifier });
    expect(tokens.statusCode).toBe(200);
    const body = tokens.json() as Record<string, unknown>;
    expect(body.token_type).toBe("Bearer");
    expect(body.refresh_token).toBeUndefined();
    const info = await app.inject({
      method: "GET",
      url: `/lvrtc${STANDIN_USERINFO_PATH}`,
      headers: { authorization: `Bearer ${body.access_token as string}` },
    });
    expect(info.json()).toMatchObject({
      serial_number: `PNOLV-${person.personalCode}`,
      given_name: person.givenName,
      family_name: person.familyName,
      acr: "urn:safelayer:tws:policies:authentication:level:high",
      amr: [AMR_MOBILE],
    });
    // The code is single use; its replay also revokes the token it gave.
    expect((await token(code, { code_verifier: verifier })).statusCode).toBe(400);
    const after = await app.inject({
      method: "GET",
      url: `/lvrtc${STANDIN_USERINFO_PATH}`,
      headers: { authorization: `Bearer ${body.access_token as string}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it("blocks a test identity after three wrong PINs; /reset cannot lift the block, the operator's unblock can (AUTH-4)", async () => {
    const { requestId } = await authorize();
    expect((await approve(requestId!, "0000")).body).toContain("2");
    expect((await approve(requestId!, "0001")).statusCode).toBe(400);
    const third = await approve(requestId!, "0002");
    expect(third.body).toMatch(/bloķēts/);
    const correct = await approve(requestId!, "1234");
    expect(correct.statusCode).toBe(400); // blocked: even the right PIN is refused
    expect(correct.body).toMatch(/bloķēts/);

    const reset = await app.inject({
      method: "POST",
      url: "/lvrtc/reset",
      payload: "",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    const fresh = await authorize();
    expect((await approve(fresh.requestId!, "1234")).body).toMatch(/bloķēts/);
    expect(blocks.unblock(person.personalCode, { service: "eparaksts" })).toHaveLength(1);
    const unblocked = await authorize();
    expect((await approve(unblocked.requestId!, "1234")).statusCode).toBe(303);
  });

  it("/reset forgets the tries of a PIN that is not blocked", async () => {
    const { requestId } = await authorize();
    expect((await approve(requestId!, "0000")).body).toContain("2");
    expect((await approve(requestId!, "0001")).body).toContain("1");
    await app.inject({
      method: "POST",
      url: "/lvrtc/reset",
      payload: `user_number=${person.personalCode}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const fresh = await authorize();
    expect((await approve(fresh.requestId!, "0002")).body).toContain("Atlikušie mēģinājumi: 2");
  });

  it("refuses unknown clients, unregistered redirect URIs, wrong secrets, expired codes and wrong verifiers", async () => {
    const bad = await authorize({ redirect_uri: "http://127.0.0.1:9/other" });
    expect(bad.page.statusCode).toBe(400);
    expect(bad.page.headers.location).toBeUndefined();

    const { requestId } = await authorize({
      code_challenge: createHash("sha256").update("x".repeat(43)).digest("base64url"),
      code_challenge_method: "S256",
    });
    const code = new URL((await approve(requestId!, "1234")).headers.location as string).searchParams.get(
      "code",
    )!;
    expect((await token(code, {}, basic(client.clientId, "wrong"))).statusCode).toBe(401);
    expect((await token(code, { code_verifier: "y".repeat(43) })).statusCode).toBe(400);

    const second = await authorize();
    const code2 = new URL(
      (await approve(second.requestId!, "1234")).headers.location as string,
    ).searchParams.get("code")!;
    clock += 61_000;
    expect((await token(code2)).statusCode).toBe(400);
  });

  const cancel = (requestId: string) =>
    app.inject({
      method: "POST",
      url: `/lvrtc${STANDIN_AUTHORIZE_PATH}/approve`,
      payload: new URLSearchParams({ request: requestId, action: "cancel" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  const returnLink = (body: string) =>
    new URL((/<a href="([^"]+)">/.exec(body)?.[1] ?? "").replaceAll("&#38;", "&"));

  it("cancels the sign-in on Cancel, says so in Latvian, and sends back access_denied (AUTH-4)", async () => {
    const { requestId } = await authorize();
    const cancelled = await cancel(requestId!);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.body).toContain('lang="lv"');
    expect(cancelled.body).toContain("Pieteikšanās atcelta");
    expect(cancelled.body).toContain("Atgriezties pakalpojumā");
    // Cancelled for good: approving the same request afterwards finds nothing.
    expect((await approve(requestId!, "1234")).statusCode).toBe(400);
    const back = returnLink(cancelled.body);
    expect(`${back.origin}${back.pathname}`).toBe(client.redirectUris[0]);
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("error_description")).toBe("user_cancelled");
    expect(back.searchParams.get("state")).toBe("st");
    expect(back.searchParams.get("code")).toBeNull();
  });

  it("says it in English when the relying party asked for English", async () => {
    const { requestId } = await authorize({ ui_locales: "en" });
    const cancelled = await cancel(requestId!);
    expect(cancelled.body).toContain('lang="en"');
    expect(cancelled.body).toContain("Sign-in cancelled");
    expect(cancelled.body).toContain("Return to the service");
    expect(cancelled.body).not.toContain("Pieteikšanās");
  });
});

describe("the stand-in's index of test identities", () => {
  it("lists the demo's staff first with their roles, in the chosen language, in the platform's style", async () => {
    const persons = defaultStandInPersons();
    const doctor = persons[17]!;
    const index = Fastify();
    await index.register(eparakstsStandIn, {
      prefix: "/lvrtc",
      clients: [client],
      demoRoles: (code, lang) =>
        code === doctor.personalCode
          ? {
              role: lang === "lv" ? "ārsts, Demo klīniskā slimnīca" : "doctor, Demo klīniskā slimnīca",
              staff: true,
            }
          : undefined,
    });
    try {
      const lv = await index.inject({ method: "GET", url: "/lvrtc/" });
      expect(lv.body).toContain('<html lang="lv">');
      expect(lv.body).toContain('rel="stylesheet"');
      expect(lv.body).toContain("Loma demonstrācijā");
      const firstRow = /<tbody><tr>(.*?)<\/tr>/.exec(lv.body)?.[1] ?? "";
      expect(firstRow).toContain(doctor.personalCode);
      expect(firstRow).toContain("ārsts, Demo klīniskā slimnīca");
      // The language chosen on the platform (its lang cookie) carries over; the switch goes back.
      const en = await index.inject({ method: "GET", url: "/lvrtc/", headers: { cookie: "lang=en" } });
      expect(en.body).toContain('<html lang="en">');
      expect(en.body).toContain("Role in the demo");
      expect(en.body).toContain('href="/lvrtc/?lang=lv"');
    } finally {
      await index.close();
    }
  });
});
