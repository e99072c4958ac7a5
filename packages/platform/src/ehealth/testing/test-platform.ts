/**
 * For tests only: the whole platform (identity broker, eParaksts stand-in, e-health module) on a
 * loopback port, like identity's startTestPlatform, with three more hooks: `routes` adds test-only
 * routes before the server listens, `ehealth` passes module options (clock, demo data) and `env`
 * more configuration keys.
 * Returns identity's TestPlatform shape, so its Browserless driver and signInToEhealth work.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../../config/config.ts";
import { TEST_KEY_ENCRYPTION_SECRET } from "../../core/keys/testing/test-secret.ts";
import type { TestDatabase, TestDatabaseKind } from "../../db/testing.ts";
import { buildServer } from "../../http/server.ts";
import { freePort, type TestPlatform } from "../../identity/testing/test-platform.ts";
import { composeModules } from "../../modules.ts";
import type { EhealthOptions } from "../module.ts";

export async function startEhealthTestPlatform(
  kind: TestDatabaseKind,
  options: {
    database?: TestDatabase;
    routes?: (app: FastifyInstance) => void;
    ehealth?: EhealthOptions;
    /** More configuration keys (environment variables), e.g. EHEALTH_SIGNATURE_ANCHORS. */
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<TestPlatform> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "tilts-ehealth-test-"));
  const config = loadConfig({
    env: {
      KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET,
      ...options.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      DATA_DIR: dataDir,
    },
  });
  const database = options.database ?? (await kind.open());
  const clock: { now: Date | undefined } = { now: undefined };
  const now = () => clock.now ?? new Date();
  const modules = await composeModules(config, {
    identity: { now, maintenanceIntervalMs: 0, signInRateLimitPerMinute: 0 },
    // Every test request comes from 127.0.0.1: no limit unless a test asks for one.
    ehealth: { now, signInRateLimitPerMinute: 0, ...options.ehealth },
  });
  const app = await buildServer({
    config,
    database,
    logger: process.env.TEST_LOG_LEVEL ? { level: process.env.TEST_LOG_LEVEL } : false,
    modules,
  });
  options.routes?.(app);
  await app.listen({ port, host: "127.0.0.1" });
  return {
    app,
    base: config.publicUrl,
    config,
    database,
    clock,
    async stop(stopOptions = {}) {
      await app.close();
      if (!stopOptions.keepDatabase) {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
