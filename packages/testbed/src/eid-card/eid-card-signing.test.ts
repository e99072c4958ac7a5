/**
 * Signing with the software eID card through Web eID's signing messages (SIG-2, SIG-3): a
 * qualified signing certificate from the eID CA, separate from the authentication one; PIN2
 * with its own three tries; signatures over the exact hash asked; revocation through the test
 * PKI's CRL and OCSP served on loopback.
 */
import { createHash, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultStandInPersons } from "../eparaksts/eparaksts-standin.ts";
import { testbedPkiPlugin } from "../http/testbed-pki-plugin.ts";
import { PinBlocks } from "../pin-block/index.ts";
import { OID_TESTBED_POLICY_EID } from "../pki/oids.ts";
import { expectQualifiedSigningProfile, validateQualified } from "../pki/qualified-signing.test-support.ts";
import { TestPki } from "../pki/test-pki.ts";
import { eidCardStandIn } from "./eid-card-standin.ts";

let app: FastifyInstance;
let dir: string;
let pki: TestPki;
const [alice, bob, carol, dan] = defaultStandInPersons();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-eid-sign-"));
  const stateDir = join(dir, "pki");
  app = Fastify();
  await app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir });
  let base = "";
  await app.register(eidCardStandIn, {
    prefix: "/testbed/eid-card",
    pkiStateDir: stateDir,
    pinBlocksFile: join(dir, "pin-blocks.json"),
    get pkiBaseUrl() {
      return base;
    },
  });
  base = `${await app.listen({ host: "127.0.0.1", port: 0 })}/testbed`;
  // Created after listening, so the certificates' CDP/AIA carry the real port.
  pki = TestPki.create(stateDir, { baseUrl: base, caKeys: { org: "p256" } });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  app.inject({ method: "POST", url: `/testbed/eid-card${path}`, payload: body as Record<string, unknown> });
const signingCertificate = async (personalCode: string) =>
  new Uint8Array(
    Buffer.from((await post("/api/signing-certificate", { personalCode })).json().certificate, "base64"),
  );
const signDocument = (personalCode: string, pin2: string, hash: Buffer, hashFunction = "SHA-256") =>
  post("/api/sign-document", { personalCode, pin2, hash: hash.toString("base64"), hashFunction });

describe("software eID card: Web eID signing with PIN2", () => {
  it("holds a qualified signing certificate (QCP-n-qscd, nonRepudiation) separate from the authentication one", async () => {
    const response = await post("/api/signing-certificate", { personalCode: alice!.personalCode });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { certificate: string; supportedSignatureAlgorithms: unknown[] };
    expect(body.supportedSignatureAlgorithms).toContainEqual({
      cryptoAlgorithm: "ECC",
      hashFunction: "SHA-384",
      paddingScheme: "NONE",
    });
    const der = new Uint8Array(Buffer.from(body.certificate, "base64"));
    expectQualifiedSigningProfile(der, OID_TESTBED_POLICY_EID, alice!.personalCode);
    const auth = Buffer.from(
      (await post("/api/certificate", { personalCode: alice!.personalCode })).json().certificate,
      "base64",
    );
    const signing = new X509Certificate(der);
    const authentication = new X509Certificate(auth);
    expect(signing.serialNumber).not.toBe(authentication.serialNumber);
    expect(signing.publicKey.equals(authentication.publicKey)).toBe(false);
    for (const via of ["crl", "ocsp"] as const) {
      const result = await validateQualified(pki, "eid", der, via);
      expect(result.failure, via).toBeUndefined();
      expect(result.valid).toBe(true);
    }
  });

  it.each([
    ["SHA-256", "sha256"],
    ["SHA-384", "sha384"],
    ["SHA-512", "sha512"],
  ])(
    "signs the exact %s hash asked after PIN2 (raw r‖s), verifiable with node:crypto",
    async (hashFunction, node) => {
      const document = Buffer.from(`document signed with ${hashFunction}`);
      const hash = createHash(node).update(document).digest();
      const response = await signDocument(alice!.personalCode, "12345", hash, hashFunction);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { signature: string; signatureAlgorithm: unknown };
      expect(body.signatureAlgorithm).toEqual({
        cryptoAlgorithm: "ECC",
        hashFunction,
        paddingScheme: "NONE",
      });
      const key = new X509Certificate(await signingCertificate(alice!.personalCode)).publicKey;
      const signature = Buffer.from(body.signature, "base64");
      expect(signature.length).toBe(96);
      expect(verify(node, document, { key, dsaEncoding: "ieee-p1363" }, signature)).toBe(true);
      expect(
        verify(node, Buffer.from("another document"), { key, dsaEncoding: "ieee-p1363" }, signature),
      ).toBe(false);
      // Not the authentication key: the signature does not verify with the PIN1 certificate.
      const auth = new X509Certificate(
        Buffer.from(
          (await post("/api/certificate", { personalCode: alice!.personalCode })).json().certificate,
          "base64",
        ),
      );
      expect(verify(node, document, { key: auth.publicKey, dsaEncoding: "ieee-p1363" }, signature)).toBe(
        false,
      );
    },
  );

  it("PIN1 does not open the signing key", async () => {
    const response = await signDocument(
      alice!.personalCode,
      "1234",
      createHash("sha256").update("x").digest(),
    );
    expect(response.json()).toEqual({ error: "wrong-pin", attemptsLeft: 2 });
    expect(
      (await signDocument(alice!.personalCode, "12345", createHash("sha256").update("x").digest()))
        .statusCode,
    ).toBe(200);
  });

  it("three wrong PIN2s block signing but not PIN1 sign-in; /reset cannot lift it, the operator's unblock can (AUTH-4)", async () => {
    const hash = createHash("sha256").update("contract").digest();
    expect((await signDocument(bob!.personalCode, "00000", hash)).json()).toEqual({
      error: "wrong-pin",
      attemptsLeft: 2,
    });
    expect((await signDocument(bob!.personalCode, "11111", hash)).json()).toEqual({
      error: "wrong-pin",
      attemptsLeft: 1,
    });
    expect((await signDocument(bob!.personalCode, "22222", hash)).statusCode).toBe(423);
    expect((await signDocument(bob!.personalCode, "12345", hash)).json()).toEqual({ error: "pin-blocked" });
    const signIn = await post("/api/sign", {
      personalCode: bob!.personalCode,
      pin1: "1234",
      digest: createHash("sha384").update("nonce").digest("base64"),
    });
    expect(signIn.statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/testbed/eid-card/?lang=en" })).body).toContain(
      "Blocked",
    );
    await app.inject({
      method: "POST",
      url: "/testbed/eid-card/reset",
      payload: `personalCode=${bob!.personalCode}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect((await signDocument(bob!.personalCode, "12345", hash)).statusCode).toBe(423);
    expect(new PinBlocks(join(dir, "pin-blocks.json")).unblock(bob!.personalCode, { pin: "pin2" })).toEqual([
      expect.objectContaining({ service: "eid-card", pin: "pin2" }),
    ]);
    expect((await signDocument(bob!.personalCode, "12345", hash)).statusCode).toBe(200);
  });

  it("refuses a hash whose length does not match its hash function, unknown hash functions and unknown cards", async () => {
    const sha256 = createHash("sha256").update("x").digest();
    expect((await signDocument(carol!.personalCode, "12345", sha256, "SHA-384")).json()).toEqual({
      error: "bad-digest",
    });
    expect((await signDocument(carol!.personalCode, "12345", sha256, "SHA-1")).statusCode).toBe(400);
    expect((await signDocument("010101-10006", "12345", sha256)).statusCode).toBe(404);
    expect((await post("/api/signing-certificate", { personalCode: "010101-10006" })).statusCode).toBe(404);
    // A refused digest costs no PIN2 try.
    expect((await signDocument(carol!.personalCode, "00000", sha256)).json()).toEqual({
      error: "wrong-pin",
      attemptsLeft: 2,
    });
  });

  it("revoking the signing certificate shows at once in CRL and OCSP and leaves the authentication certificate valid", async () => {
    const signing = await signingCertificate(dan!.personalCode);
    const auth = new Uint8Array(
      Buffer.from(
        (await post("/api/certificate", { personalCode: dan!.personalCode })).json().certificate,
        "base64",
      ),
    );
    pki.revoke(signing, "keyCompromise");
    for (const via of ["crl", "ocsp"] as const) {
      const result = await validateQualified(pki, "eid", signing, via);
      expect(result.valid, via).toBe(false);
      expect(result.failure).toMatchObject({ code: "revoked", certificateIndex: 0 });
    }
    expect(pki.revocations("eid").map((r) => r.serial)).not.toContain(
      new X509Certificate(auth).serialNumber.toLowerCase(),
    );
  });

  it("serves the Web eID signing messages in the extension script", async () => {
    const response = await app.inject({ method: "GET", url: "/testbed/eid-card/extension.js" });
    for (const needle of [
      "web-eid:get-signing-certificate",
      "web-eid:sign",
      "-success",
      "ERR_WEBEID_NATIVE_FATAL",
      '"pin2":"12345"',
    ])
      expect(response.body).toContain(needle);
    expect(() => new Function(response.body)).not.toThrow();
  });
});
