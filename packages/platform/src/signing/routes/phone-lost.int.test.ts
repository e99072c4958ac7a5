/**
 * "Phone lost" end to end (SIG-4): a person's eDoc signed with their eParaksts signing
 * certificate verifies valid on the public verification page; the person signs in to the
 * eParaksts stand-in's self-service page and revokes the certificate; a signature made afterwards
 * is shown not valid — revoked — with the reason and what to do. The stand-in and the verifier
 * share the test PKI's state, as in `tilts start`; OCSP is answered from that state at once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultStandInPersons, eparakstsStandIn, SELF_SERVICE_PATH } from "@tilts/testbed";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { TEST_KEY_ENCRYPTION_SECRET } from "../../core/keys/testing/test-secret.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildServer } from "../../http/server.ts";
import { signingModule } from "../module.ts";
import { reasonSentence } from "../pages/reason-sentences.ts";
import {
  multipartUpload,
  openVerificationWorld,
  type VerificationWorld,
} from "../testing/verification-world.ts";

const [person] = defaultStandInPersons();
const form = { "content-type": "application/x-www-form-urlencoded" };
const letter = [
  { name: "vestule.txt", content: new TextEncoder().encode("Labdien!"), mediaType: "text/plain" },
];

let dir: string;
let world: VerificationWorld;
let standIn: FastifyInstance;
let database: TestDatabase;
let platform: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-phone-lost-"));
  world = openVerificationWorld(join(dir, "pki"));
  standIn = Fastify();
  await standIn.register(eparakstsStandIn, {
    prefix: "/testbed/eparaksts",
    clients: [],
    signing: { pkiStateDir: world.stateDir, pkiBaseUrl: "http://127.0.0.1:9/testbed" },
  });
  await standIn.ready();
  database = await testDatabaseKinds()[0]!.open();
  const config = loadConfig({
    env: { LOG_LEVEL: "silent", DATA_DIR: dir, KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET },
  });
  const signing = signingModule(config, { anchors: world.anchors, fetchers: world.fetchers });
  platform = await buildServer({
    config,
    database,
    modules: [{ name: "signing", ...signing }],
    logger: false,
  });
  await platform.ready();
}, 120_000);
afterAll(async () => {
  await platform?.close();
  await standIn?.close();
  await database?.close();
  world?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function verify(edoc: Uint8Array): Promise<string> {
  const { payload, headers } = multipartUpload("document", "vestule.edoc", edoc);
  const page = await platform.inject({ method: "POST", url: "/verify?lang=en", headers, payload });
  expect(page.statusCode).toBe(200);
  return page.body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");
}

it("SIG-4: after the person revokes their certificate on the stand-in's page, a new signature shows revoked", async () => {
  const certificate = world.person(person!.personalCode, person!.givenName, person!.familyName);
  const before = await verify(await world.signEdoc(letter, certificate, "T"));
  expect(before).toContain("All signatures of the document are valid.");
  // No trusted list here: the kind of signature as the certificate states it, and said so.
  expect(before).toContain(
    "Qualified electronic signature (QES) (as the certificate states; not confirmed by a trusted list)",
  );

  const signedIn = await standIn.inject({
    method: "POST",
    url: `/testbed/eparaksts${SELF_SERVICE_PATH}`,
    headers: form,
    payload: new URLSearchParams({ user_number: person!.personalCode, pin1: "1234" }).toString(),
  });
  const session = /name="session" value="([^"]+)"/.exec(signedIn.body)![1]!;
  const revoked = await standIn.inject({
    method: "POST",
    url: `/testbed/eparaksts${SELF_SERVICE_PATH}/change`,
    headers: form,
    payload: new URLSearchParams({ session, serial: certificate.record.serial, change: "revoke" }).toString(),
  });
  expect(revoked.statusCode).toBe(200);

  const after = await verify(await world.signEdoc(letter, certificate, "T"));
  expect(after).toContain("Not all signatures of the document are valid.");
  expect(after).toContain("Not valid");
  expect(after).toContain(reasonSentence("REVOKED", "en").reason);
});
