/**
 * `tilts testbed as4-credentials` (OOTS-10, DEV-1) gives a developer a working access point: the
 * files it writes configure two access points (AS4_* keys) that exchange a signed, encrypted
 * user message and verify its receipt, with certificates from the testbed's PKI.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, expect, it } from "vitest";
import type { CliIo } from "../cli/command.ts";
import { main } from "../cli/main.ts";
import { loadConfig } from "../config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { buildServer } from "../http/server.ts";
import { freePort } from "../identity/testing/test-platform.ts";
import { configuredAccessPoint } from "./configured-access-point.ts";
import { findMessage } from "./message-store.ts";
import { deliveryModule } from "./module.ts";
import {
  OOTS_PARTY_TYPE,
  OOTS_PROPERTIES,
  QUERY_SERVICE,
  REQUEST_ACTION,
} from "./testing/two-access-points.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-as4-testbed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIo & { out: () => string } {
  let out = "";
  return {
    stdout: (t) => {
      out += t;
    },
    stderr: () => {},
    env: {},
    out: () => out,
  };
}

it("writes two access points' credentials and P-Modes that exchange a message and its receipt", async () => {
  const [lvPort, skPort] = [await freePort(), await freePort()];
  const io = capture();
  const code = await main(
    [
      "testbed",
      "as4-credentials",
      "--out",
      join(dir, "as4"),
      "--data-dir",
      join(dir, "data"),
      "--endpoint",
      `http://127.0.0.1:${lvPort}/as4`,
      "--partner-endpoint",
      `http://127.0.0.1:${skPort}/as4`,
      "--json",
    ],
    io,
  );
  expect(code).toBe(0);
  const sides = JSON.parse(io.out()) as Record<"ap_lv" | "ap_sk", Record<string, string>>;
  expect(Object.keys(sides).sort()).toEqual(["ap_lv", "ap_sk"]);
  expect(statSync(sides.ap_lv.AS4_KEY!).mode & 0o777).toBe(0o600);
  expect(readFileSync(sides.ap_sk.AS4_PMODE_FILE!, "utf8")).toContain('party="ap_sk"');

  const started: { app: FastifyInstance; database: TestDatabase }[] = [];
  try {
    const serve = async (side: "ap_lv" | "ap_sk", port: number) => {
      // No testbed is serving the PKI's CRLs here.
      const config = loadConfig({
        env: { ...sides[side], AS4_REVOCATION: "if-available", LOG_LEVEL: "silent", DATA_DIR: dir },
      });
      const delivery = deliveryModule({ accessPoint: configuredAccessPoint(config), startSender: false });
      const database = await testDatabaseKinds()[0]!.open();
      const app = await buildServer({ config, database, logger: false, modules: [delivery.module] });
      await app.listen({ port, host: "127.0.0.1" });
      started.push({ app, database });
      return { delivery, database };
    };
    const lv = await serve("ap_lv", lvPort);
    const sk = await serve("ap_sk", skPort);
    const messageId = await lv.delivery.send({
      to: { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
      service: QUERY_SERVICE,
      action: REQUEST_ACTION,
      properties: OOTS_PROPERTIES,
      payloads: [
        { contentId: "q@lv", mimeType: "application/xml", bytes: Buffer.from("<q/>") },
        { contentId: "e@lv", mimeType: "application/pdf", bytes: Buffer.from("%PDF") },
      ],
    });
    expect(await lv.delivery.sender().runOnce()).toBe(1);
    expect((await findMessage(lv.database.db, "out", messageId))?.status).toBe("receipted");
    expect((await findMessage(sk.database.db, "in", messageId))?.from_party).toBe("ap_lv");
  } finally {
    for (const s of started) {
      await s.app.close();
      await s.database.close();
    }
  }
}, 120_000);
