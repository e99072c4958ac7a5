/**
 * Web eID signing with the software eID card in Debian's Chromium (SIG-2, SIG-3): the stand-in
 * extension script, injected as a content script is, answers `web-eid:get-signing-certificate`
 * and `web-eid:sign` through its dialogs; the signature verifies with node:crypto against the
 * qualified signing certificate over the exact hash asked. Cancel and a blocked PIN2 come back
 * as the Web eID error codes the real app uses.
 */
import { createHash, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eidCardStandIn } from "../../src/eid-card/eid-card-standin.ts";
import { defaultStandInPersons } from "../../src/eparaksts/eparaksts-standin.ts";
import { testbedPkiPlugin } from "../../src/http/testbed-pki-plugin.ts";
import { TestPki } from "../../src/pki/test-pki.ts";

let app: FastifyInstance;
let dir: string;
let base: string;
let browser: Browser;
let script: string;
const [alice, bob] = defaultStandInPersons();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-eid-sign-browser-"));
  const stateDir = join(dir, "pki");
  app = Fastify();
  await app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir });
  let pkiBase = "";
  await app.register(eidCardStandIn, {
    prefix: "/testbed/eid-card",
    pkiStateDir: stateDir,
    get pkiBaseUrl() {
      return pkiBase;
    },
  });
  app.get("/page", async (_request, reply) =>
    reply
      .type("text/html; charset=utf-8")
      .send(
        '<!doctype html><html lang="en"><head><title>Sign</title></head><body><main>Sign</main></body></html>',
      ),
  );
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  pkiBase = `${base}/testbed`;
  TestPki.create(stateDir, { baseUrl: pkiBase, caKeys: { org: "p256" } });
  script = (await app.inject({ method: "GET", url: "/testbed/eid-card/extension.js" })).body;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openPage(): Promise<Page> {
  const page = await (await browser.newContext({ locale: "en" })).newPage();
  await page.addInitScript({ content: script });
  await page.goto(`${base}/page`);
  return page;
}

/** Posts a Web eID request as web-eid.js does and resolves with the final (-success/-failure) answer. */
function request(page: Page, message: Record<string, unknown>): Promise<Record<string, unknown>> {
  return page.evaluate(
    (msg) =>
      new Promise<Record<string, unknown>>((resolve) => {
        window.addEventListener("message", (event) => {
          const action = event.data?.action;
          if (action === `${msg.action}-success` || action === `${msg.action}-failure`) resolve(event.data);
        });
        window.postMessage(msg, window.location.origin);
      }),
    message,
  );
}

async function chooseCertificate(page: Page, personalCode: string): Promise<string> {
  const answer = request(page, { action: "web-eid:get-signing-certificate", options: { lang: "en" } });
  await page.selectOption("#tilts-eid-card-select", personalCode);
  await page.getByRole("button", { name: "Choose" }).click();
  const result = await answer;
  expect(result.action).toBe("web-eid:get-signing-certificate-success");
  expect(result.supportedSignatureAlgorithms).toContainEqual({
    cryptoAlgorithm: "ECC",
    hashFunction: "SHA-256",
    paddingScheme: "NONE",
  });
  return result.certificate as string;
}

describe("Web eID signing with the software card (browser)", () => {
  it("gets the signing certificate, signs the exact hash with PIN2, and the signature verifies", async () => {
    const page = await openPage();
    const certificate = await chooseCertificate(page, alice!.personalCode);
    const document = Buffer.from("a document to sign");
    const hash = createHash("sha384").update(document).digest("base64");
    const answer = request(page, {
      action: "web-eid:sign",
      certificate,
      hash,
      hashFunction: "SHA-384",
      options: { lang: "en" },
    });
    await page.selectOption("#tilts-eid-card-select", alice!.personalCode);
    await page.fill("#tilts-eid-card-pin", "12345");
    await page.getByRole("button", { name: "Sign" }).click();
    const result = await answer;
    expect(result.action).toBe("web-eid:sign-success");
    expect(result.signatureAlgorithm).toEqual({
      cryptoAlgorithm: "ECC",
      hashFunction: "SHA-384",
      paddingScheme: "NONE",
    });
    const key = new X509Certificate(Buffer.from(certificate, "base64")).publicKey;
    const signature = Buffer.from(result.signature as string, "base64");
    expect(verify("sha384", document, { key, dsaEncoding: "ieee-p1363" }, signature)).toBe(true);
    expect(verify("sha384", Buffer.from("other"), { key, dsaEncoding: "ieee-p1363" }, signature)).toBe(false);
  });

  it("answers cancel with ERR_WEBEID_USER_CANCELLED and a blocked PIN2 with ERR_WEBEID_NATIVE_FATAL", async () => {
    const page = await openPage();
    const certificate = await chooseCertificate(page, bob!.personalCode);
    const sign = () =>
      request(page, {
        action: "web-eid:sign",
        certificate,
        hash: createHash("sha256").update("x").digest("base64"),
        hashFunction: "SHA-256",
        options: { lang: "en" },
      });
    const cancelled = sign();
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(((await cancelled).error as { code: string }).code).toBe("ERR_WEBEID_USER_CANCELLED");

    const blocked = sign();
    await page.selectOption("#tilts-eid-card-select", bob!.personalCode);
    for (const [pin, left] of [
      ["00000", "2"],
      ["11111", "1"],
    ] as const) {
      await page.fill("#tilts-eid-card-pin", pin);
      await page.getByRole("button", { name: "Sign" }).click();
      await expect
        .poll(() => page.textContent("#tilts-eid-card-message"))
        .toContain(`Attempts left: ${left}`);
    }
    await page.fill("#tilts-eid-card-pin", "22222");
    await page.getByRole("button", { name: "Sign" }).click();
    expect(((await blocked).error as { code: string }).code).toBe("ERR_WEBEID_NATIVE_FATAL");
  });
});
