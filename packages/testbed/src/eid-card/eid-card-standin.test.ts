/**
 * The software eID card stand-in: certificates from the test PKI's eID CA (P-384, clientAuth),
 * PIN1 with three attempts then blocked until reset (AUTH-4 PIN rules), signatures over the
 * digest as a card makes them, and the Web eID "extension" script it serves.
 */
import { createHash, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultStandInPersons } from "../eparaksts/eparaksts-standin.ts";
import { PinBlocks } from "../pin-block/index.ts";
import { TestPki } from "../pki/test-pki.ts";
import { eidCardStandIn } from "./eid-card-standin.ts";

let app: FastifyInstance;
let dir: string;
const [alice, bob] = defaultStandInPersons();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-eid-card-"));
  TestPki.create(join(dir, "pki"), { baseUrl: "http://127.0.0.1:9/testbed", caKeys: { org: "p256" } });
  app = Fastify();
  await app.register(eidCardStandIn, {
    prefix: "/testbed/eid-card",
    pkiStateDir: join(dir, "pki"),
    pkiBaseUrl: "http://127.0.0.1:9/testbed",
    pinBlocksFile: join(dir, "pin-blocks.json"),
  });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  app.inject({ method: "POST", url: `/testbed/eid-card${path}`, payload: body as Record<string, unknown> });
const digestOf = (text: string) => createHash("sha384").update(text).digest();

describe("software eID card", () => {
  it("holds a P-384 eID authentication certificate with the person's PNOLV serial number", async () => {
    const response = await post("/api/certificate", { personalCode: alice!.personalCode });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { certificate: string; algorithm: string };
    expect(body.algorithm).toBe("ES384");
    const cert = new X509Certificate(Buffer.from(body.certificate, "base64"));
    expect(cert.subject).toContain(`serialNumber=PNOLV-${alice!.personalCode}`);
    expect(cert.issuer).toContain("Tilts Test LV eID ICA");
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("secp384r1");
    expect(cert.keyUsage).toContain("1.3.6.1.5.5.7.3.2");
  });

  it("signs the digest it is given after PIN1 (raw r‖s over the prehashed data)", async () => {
    const cert = new X509Certificate(
      Buffer.from(
        (await post("/api/certificate", { personalCode: alice!.personalCode })).json().certificate,
        "base64",
      ),
    );
    const data = Buffer.from("hash(origin) ‖ hash(nonce)");
    const response = await post("/api/sign", {
      personalCode: alice!.personalCode,
      pin1: "1234",
      digest: digestOf(data.toString()).toString("base64"),
    });
    expect(response.statusCode).toBe(200);
    const signature = Buffer.from(response.json().signature, "base64");
    expect(signature.length).toBe(96);
    expect(verify("sha384", data, { key: cert.publicKey, dsaEncoding: "ieee-p1363" }, signature)).toBe(true);
    expect(
      verify("sha384", Buffer.from("other"), { key: cert.publicKey, dsaEncoding: "ieee-p1363" }, signature),
    ).toBe(false);
  });

  it("blocks the card after three wrong PINs, even for the right PIN; /reset cannot lift it, the operator's unblock can (AUTH-4)", async () => {
    const sign = (pin1: string) =>
      post("/api/sign", { personalCode: bob!.personalCode, pin1, digest: digestOf("x").toString("base64") });
    expect((await sign("0000")).json()).toEqual({ error: "wrong-pin", attemptsLeft: 2 });
    expect((await sign("1111")).json()).toEqual({ error: "wrong-pin", attemptsLeft: 1 });
    expect((await sign("2222")).statusCode).toBe(423);
    expect((await sign("1234")).statusCode).toBe(423);
    const index = await app.inject({ method: "GET", url: "/testbed/eid-card/?lang=en" });
    expect(index.body).toContain("Blocked");
    await app.inject({
      method: "POST",
      url: "/testbed/eid-card/reset",
      payload: `personalCode=${bob!.personalCode}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    await app.inject({ method: "POST", url: "/testbed/eid-card/reset", payload: "" });
    expect((await sign("1234")).statusCode).toBe(423);
    // What `tilts testbed unblock` does from another process: the same file, another reader.
    expect(
      new PinBlocks(join(dir, "pin-blocks.json")).unblock(bob!.personalCode, { pin: "pin1" }),
    ).toHaveLength(1);
    expect((await sign("1234")).statusCode).toBe(200);
  });

  it("/reset forgets the tries of a PIN that is not blocked", async () => {
    const sign = (pin1: string) =>
      post("/api/sign", {
        personalCode: alice!.personalCode,
        pin1,
        digest: digestOf("x").toString("base64"),
      });
    expect((await sign("0000")).json()).toEqual({ error: "wrong-pin", attemptsLeft: 2 });
    expect((await sign("1111")).json()).toEqual({ error: "wrong-pin", attemptsLeft: 1 });
    await app.inject({
      method: "POST",
      url: "/testbed/eid-card/reset",
      payload: `personalCode=${alice!.personalCode}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect((await sign("2222")).json()).toEqual({ error: "wrong-pin", attemptsLeft: 2 });
    expect((await sign("1234")).statusCode).toBe(200);
  });

  it("refuses unknown cards and digests of the wrong size", async () => {
    expect((await post("/api/certificate", { personalCode: "010101-10006" })).statusCode).toBe(404);
    const short = await post("/api/sign", {
      personalCode: alice!.personalCode,
      pin1: "1234",
      digest: "AAAA",
    });
    expect(short.statusCode).toBe(400);
  });

  it("serves the Web eID stand-in script with the card list and the protocol's message names", async () => {
    const response = await app.inject({ method: "GET", url: "/testbed/eid-card/extension.js" });
    expect(response.headers["content-type"]).toContain("javascript");
    for (const needle of [
      "web-eid:authenticate-ack",
      "web-eid:authenticate-success",
      "ERR_WEBEID_USER_CANCELLED",
    ])
      expect(response.body).toContain(needle);
    expect(response.body).toContain(alice!.personalCode);
    expect(response.body).toContain('"api":"/testbed/eid-card"');
    expect(() => new Function(response.body)).not.toThrow();
  });
});
