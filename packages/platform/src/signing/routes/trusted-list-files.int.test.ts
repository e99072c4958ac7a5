/**
 * SIGNING_TRUSTED_LISTS on a running server: the operator's trusted-list file decides which
 * signatures the verification page calls qualified (TS 119 615) — confirmed by the list, not taken
 * from the certificate's own statements; a list whose signature does not verify stops the start
 * with one line naming the key; a damaged new copy is refused and the previous list stays.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTestbedTrustedLists } from "@tilts/testbed";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { ConfigError } from "../../config/config-error.ts";
import {
  readTrustedListFile,
  TrustedListFileError,
  watchTrustedListFiles,
} from "../../config/trusted-list-files.ts";
import { TEST_KEY_ENCRYPTION_SECRET } from "../../core/keys/testing/test-secret.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildServer } from "../../http/server.ts";
import { signingModule } from "../module.ts";
import {
  multipartUpload,
  openVerificationWorld,
  type VerificationWorld,
} from "../testing/verification-world.ts";

let world: VerificationWorld;
let database: TestDatabase;
let dir: string;
let listFile: string;
let listXml: string;

/** The same bytes with one character of a trust service's name changed: the signature breaks. */
const damaged = (xml: string) =>
  xml.replace(/(<tsl:Name xml:lang="en">)([^<])/, (_m, open, c) => `${open}${c === "X" ? "Y" : "X"}`);

async function serverWith(files: string[]): Promise<FastifyInstance> {
  const config = loadConfig({
    env: {
      LOG_LEVEL: "silent",
      DATA_DIR: dir,
      PUBLIC_URL: "https://tilts.example.lv",
      KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET,
      SIGNING_TRUSTED_LISTS: files.join(","),
    },
  });
  const signing = signingModule(config, { anchors: world.anchors, fetchers: world.fetchers });
  const app = await buildServer({
    config,
    database,
    modules: [{ name: "signing", ...signing }],
    logger: false,
  });
  await app.ready();
  return app;
}

const visibleText = (html: string) => html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");

beforeAll(async () => {
  world = openVerificationWorld();
  database = await testDatabaseKinds()[0]!.open();
  dir = mkdtempSync(join(tmpdir(), "tilts-signing-tl-"));
  listXml = (await buildTestbedTrustedLists(world.pki)).national;
  listFile = join(dir, "lv-tl.xml");
  writeFileSync(listFile, listXml);
}, 120_000);
afterAll(async () => {
  await database?.close();
  world?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("trusted-list files on the verification page", () => {
  it("a signature is called qualified because the operator's list says so, not the certificate", async () => {
    const app = await serverWith([listFile]);
    try {
      const edoc = await world.signEdoc(
        [{ name: "a.txt", content: new TextEncoder().encode("teksts"), mediaType: "text/plain" }],
        world.person("320000-00006"),
        "T",
      );
      const { payload, headers } = multipartUpload("document", "a.edoc", edoc);
      const page = await app.inject({ method: "POST", url: "/verify?lang=lv", headers, payload });
      const text = visibleText(page.body);
      expect(text).toContain("Kvalificēts elektroniskais paraksts");
      expect(text).not.toContain("pēc sertifikāta norādēm");
    } finally {
      await app.close();
    }
  }, 120_000);

  it("a list whose signature does not verify stops the start, naming the key and the file", async () => {
    const bad = join(dir, "damaged-tl.xml");
    writeFileSync(bad, damaged(listXml));
    const start = serverWith([bad]);
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/SIGNING_TRUSTED_LISTS.*damaged-tl\.xml.*signature does not verify/);
  }, 120_000);

  it("a damaged new copy is refused and the previous list stays in force; a good copy is taken", async () => {
    const file = join(dir, "watched-tl.xml");
    writeFileSync(file, listXml);
    const refused: TrustedListFileError[] = [];
    const watched = await watchTrustedListFiles([file], (error) => refused.push(error));
    const before = watched.current()[0];
    expect(before?.services.length).toBeGreaterThan(0);
    writeFileSync(file, damaged(listXml));
    watched.current();
    await expect.poll(() => refused.length, { timeout: 10_000 }).toBe(1);
    expect(watched.current()[0]).toBe(before);
    writeFileSync(file, `${listXml}\n`);
    watched.current();
    await expect.poll(() => watched.current()[0] !== before, { timeout: 10_000 }).toBe(true);
    expect(refused).toHaveLength(1);
  }, 60_000);

  it("refuses a file that is not a trusted list, or too large, with the file named", async () => {
    const notList = join(dir, "not-a-list.xml");
    writeFileSync(notList, "<a/>");
    await expect(readTrustedListFile(notList)).rejects.toBeInstanceOf(TrustedListFileError);
    await expect(readTrustedListFile(join(dir, "missing.xml"))).rejects.toThrow(
      /missing\.xml: cannot be read/,
    );
    expect(readFileSync(listFile, "utf8")).toBe(listXml);
  });
});
