/**
 * `tilts start` stops with `app.close()` on SIGTERM; this checks the promise it relies on: a
 * request already in flight finishes with its answer, and new connections are refused.
 */

import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { PUBLIC } from "./route-access.ts";
import { buildServer } from "./server.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabaseKinds()[0]!.open();
});
afterAll(async () => {
  await database?.close();
});

it("lets in-flight requests finish before closing", async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrived!: () => void;
  const inFlight = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const app = await buildServer({
    config: loadConfig({ env: {} }),
    database,
    logger: false,
    modules: [
      {
        name: "slow",
        register(app) {
          app.get("/slow", { config: { access: PUBLIC } }, async () => {
            arrived();
            await held;
            return { finished: true };
          });
        },
      },
    ],
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  const pending = fetch(`${base}/slow`, { headers: { connection: "close" } });
  await inFlight;
  const closing = app.close();
  // New connections are refused while the old request is still running.
  await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  release();
  const response = await pending;
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ finished: true });
  await closing;
});
