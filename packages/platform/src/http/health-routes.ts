import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { Type } from "typebox";
import type { OpenDatabase } from "../db/database.ts";
import { pendingMigrations } from "../db/migrations.ts";
import { PUBLIC } from "./route-access.ts";

const Health = Type.Object({ status: Type.Literal("ok") });
const Ready = Type.Object({
  status: Type.Union([Type.Literal("ready"), Type.Literal("not-ready")]),
  database: Type.Object({
    kind: Type.Union([Type.Literal("pglite"), Type.Literal("postgresql")]),
    reachable: Type.Boolean(),
    migrated: Type.Boolean(),
    pendingMigrations: Type.Array(Type.String()),
  }),
});

export function registerHealthRoutes(app: FastifyInstance, database: OpenDatabase): void {
  app.get(
    "/healthz",
    {
      schema: {
        summary: "Liveness: the process is up",
        tags: ["operations"],
        response: { 200: Health },
      },
      config: { access: PUBLIC },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      schema: {
        summary: "Readiness: the database is reachable and migrated; names the database kind",
        tags: ["operations"],
        response: { 200: Ready, 503: Ready },
      },
      config: { access: PUBLIC },
    },
    async (_request, reply) => {
      let reachable = false;
      let pending: string[] = [];
      try {
        await sql`select 1`.execute(database.db);
        reachable = true;
        pending = await pendingMigrations(database.db);
      } catch {
        // Reported as not ready below; the cause is the database's, logged by the pool.
      }
      const ready = reachable && pending.length === 0;
      reply.code(ready ? 200 : 503);
      return {
        status: ready ? ("ready" as const) : ("not-ready" as const),
        database: {
          kind: database.kind,
          reachable,
          migrated: reachable && pending.length === 0,
          pendingMigrations: pending,
        },
      };
    },
  );
}
