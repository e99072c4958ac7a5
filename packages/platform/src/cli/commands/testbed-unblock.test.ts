/**
 * `tilts testbed unblock` against the eParaksts stand-in as the server mounts it (the block file
 * in <data-dir>/testbed): the public /reset cannot lift a PIN block, the operator's CLI can (AUTH-4).
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultStandInPersons, eparakstsStandIn, STANDIN_AUTHORIZE_PATH } from "@tilts/testbed";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIo } from "../command.ts";
import { main } from "../main.ts";
import { pinBlocksFileOf } from "./testbed-unblock.ts";

const client = { clientId: "rp", clientSecret: "s", redirectUris: ["http://127.0.0.1:9/cb"] };
const person = defaultStandInPersons()[2]!;
let dataDir: string;
let app: FastifyInstance;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "tilts-unblock-"));
  app = Fastify();
  await app.register(eparakstsStandIn, {
    prefix: "/testbed/eparaksts",
    clients: [client],
    pinBlocksFile: pinBlocksFileOf(dataDir),
  });
});
afterEach(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: {},
    out: () => out,
    err: () => err,
  };
}

/** One sign-in attempt with PIN1: 303 signed in, 400 refused (wrong or blocked). */
async function signIn(pin1: string) {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0]!,
    scope: "urn:lvrtc:fpeil:aa",
    acr_values: "urn:eparaksts:authentication:flow:mobileid",
  });
  const page = await app.inject({
    method: "GET",
    url: `/testbed/eparaksts${STANDIN_AUTHORIZE_PATH}?${query}`,
  });
  const request = /name="request" value="([^"]+)"/.exec(page.body)![1]!;
  return app.inject({
    method: "POST",
    url: `/testbed/eparaksts${STANDIN_AUTHORIZE_PATH}/approve`,
    payload: new URLSearchParams({
      request,
      user_number: person.personalCode,
      pin1,
      action: "approve",
    }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

const reset = () =>
  app.inject({
    method: "POST",
    url: "/testbed/eparaksts/reset",
    payload: `user_number=${person.personalCode}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });

describe("tilts testbed unblock", () => {
  it("lifts a PIN1 block that the public /reset cannot", async () => {
    for (const wrong of ["0000", "0001", "0002"]) expect((await signIn(wrong)).statusCode).toBe(400);
    expect((await reset()).statusCode).toBe(200);
    const stillBlocked = await signIn("1234");
    expect(stillBlocked.statusCode).toBe(400);
    expect(stillBlocked.body).toMatch(/bloķēts/);
    // Nobody but the file's owner reads who is blocked.
    expect(statSync(pinBlocksFileOf(dataDir)).mode & 0o077).toBe(0);

    const io = capture();
    expect(
      await main(
        ["testbed", "unblock", "--person", person.personalCode, "--pin", "1", "--data-dir", dataDir],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toMatch(/Unblocked PIN1 in the eparaksts stand-in/);
    expect((await signIn("1234")).statusCode).toBe(303);
  });

  it("answers 1 when nothing is blocked and 2 for bad input", async () => {
    const none = capture();
    expect(
      await main(["testbed", "unblock", "--person", person.personalCode, "--data-dir", dataDir], none),
    ).toBe(1);
    expect(none.err()).toMatch(/no such PIN is blocked/);
    const bad = capture();
    expect(await main(["testbed", "unblock", "--person", person.personalCode, "--pin", "3"], bad)).toBe(2);
    expect(await main(["testbed", "unblock", "--person", "x' OR 1", "--data-dir", dataDir], capture())).toBe(
      2,
    );
  });
});
