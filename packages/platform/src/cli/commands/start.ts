import { createServer } from "node:net";
import type { FastifyInstance } from "fastify";
import {
  appendAuditRecord,
  createChainLinker,
  sealAuditCheckpoint,
  startCheckpointSealer,
} from "../../audit/index.ts";
import { describeConfig, loadConfig } from "../../config/config.ts";
import { jobLoop } from "../../core/job-loop/index.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import { buildServer } from "../../http/server.ts";
import { checkpointMailer, composeModules, openSystemAccess } from "../../modules.ts";
import type { Command } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";
import { auditSealingOf } from "./audit-seal.ts";

export const startCommand: Command = {
  path: ["start"],
  summary: "run the platform (migrates the database first; with the testbed by default)",
  longRunning: true,
  help: `Usage: tilts start [--port N] [--host ADDRESS] [--data-dir DIR]

Runs the platform: opens the database (embedded PGlite in DIR/pglite, or PostgreSQL when
DATABASE_URL is set), applies pending migrations, and serves HTTP until SIGTERM or SIGINT,
when in-flight requests finish and the process exits 0.

Options:
  --port N          TCP port (default 8080; env PORT)
  --host ADDRESS    address to listen on (default 127.0.0.1; env HOST)
  --data-dir DIR    folder for the embedded database and local state (default ./data; env DATA_DIR)

Configuration (environment variables; a JSON file named by TILTS_CONFIG may set the same keys):
${describeConfig()}

Exit codes: 0 stopped cleanly; 2 bad configuration or usage; 3 the database is unavailable
or a migration failed; 4 the port cannot be used.`,
  async run(args, io) {
    const { values } = parse(args);
    const overrides = { port: values.port, host: values.host, dataDir: values["data-dir"] };
    let config = loadConfig({ env: io.env, overrides });
    if (config.port === 0) {
      // Port 0 means "any free port". The public URL (the OIDC issuer, the test PKI's CRL and
      // OCSP addresses) must name the real port, so pick it before anything is built.
      config = loadConfig({ env: io.env, overrides: { ...overrides, port: await freePort(config.host) } });
    }
    const database = await openConfiguredDatabase(config);
    let app: FastifyInstance | undefined;
    let sealing: Awaited<ReturnType<typeof auditSealingOf>>;
    let systemAccess: Awaited<ReturnType<typeof openSystemAccess>>;
    // Which listener is being opened, for the message when its port cannot be used.
    let opening = `${config.host}:${config.port}`;
    try {
      await migrateToLatest(database.db);
      // The audit key and TSA are settled before serving: a production start without a TSA for
      // audit checkpoints is refused (exit 2), like any other missing configuration.
      sealing = await auditSealingOf(config);
      app = await buildServer({ config, database, modules: await composeModules(config) });
      await app.listen({ port: config.port, host: config.host });
      // The mutual-TLS port for institutions' systems, beside the web port (ehealth/system-access).
      opening = `${config.systemAccessHost}:${config.systemAccessPort}`;
      systemAccess = await openSystemAccess(config, database.db, app.log);
    } catch (error) {
      await app?.close().catch(() => {});
      await database.close().catch(() => {});
      const code = (error as { code?: string }).code;
      if (code === "EADDRINUSE" || code === "EACCES") {
        io.stderr(
          `tilts: cannot listen on ${opening}: ${code === "EADDRINUSE" ? "the port is in use" : "permission denied"}\n`,
        );
        return 4;
      }
      throw error;
    }
    const object = `pid:${process.pid}`;
    const base = config.publicUrl;
    io.stdout(
      [
        `Tilts is running at ${base}/`,
        `  database:  ${database.kind} (${database.location})`,
        `  health:    ${base}/healthz  ${base}/readyz`,
        `  metrics:   ${base}/metrics`,
        `  API:       ${base}/openapi.json`,
        `  sign-in:   ${base}/.well-known/openid-configuration`,
        ...(config.testbed
          ? [`  testbed:   ${base}/testbed/ (test PKI, trusted list, eParaksts stand-in)`]
          : []),
        ...(systemAccess
          ? [`  systems:   https://${systemAccess.host}:${systemAccess.port}/system/v1/whoami (mutual TLS)`]
          : []),
        "Stop with Ctrl+C (SIGINT) or SIGTERM.",
        "",
      ].join("\n"),
    );
    // Starts and stops are audit events: an operator can tell when the platform was not running.
    await appendAuditRecord(database.db, {
      actor: "system",
      action: "platform.started",
      outcome: "success",
      object,
    });
    // Appends are inserted unlinked; the linker links their hashes into the chain (CON-9).
    const linker = createChainLinker(database.db);
    const linking = jobLoop({
      pass: () => linker.linkPending(),
      intervalMs: 200,
      onError: (error) => app?.log.error({ err: error }, "audit records not linked; retried shortly"),
    });
    linking.start();
    // Checkpoints seal the chain outside the database at a fixed interval (CON-9), and a copy
    // goes to the operator's mailbox when AUDIT_CHECKPOINT_MAIL_TO is set.
    const mailCheckpoint = checkpointMailer(config, database.db);
    const sealer = startCheckpointSealer({
      intervalMs: config.auditCheckpointIntervalSeconds * 1000,
      seal: async () => {
        const result = await sealAuditCheckpoint(database.db, sealing);
        if (result.sealed) await mailCheckpoint?.(result);
        return result;
      },
      onError: (error) =>
        app?.log.error({ err: error }, "audit checkpoint not sealed; retried at the next interval"),
    });
    await waitForStopSignal();
    await systemAccess?.close();
    // Fastify stops accepting connections and waits for in-flight requests before resolving.
    await app.close();
    await sealer.stop();
    await linking.stop();
    await appendAuditRecord(database.db, {
      actor: "system",
      action: "platform.stopped",
      outcome: "success",
      object,
    });
    // The last checkpoint links and seals everything, the stop included. A failure is reported, not fatal:
    // the records are kept and the next start's sealer covers them.
    await sealer
      .sealNow()
      .catch((error) =>
        io.stderr(`tilts: the last audit checkpoint was not sealed: ${(error as Error).message}\n`),
      );
    await database.close();
    return 0;
  },
};

function parse(args: string[]) {
  return parseCommandArgs({
    args,
    options: { port: { type: "string" }, host: { type: "string" }, "data-dir": { type: "string" } },
    allowPositionals: false,
  });
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      resolve();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}
