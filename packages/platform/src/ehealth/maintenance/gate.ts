/**
 * During a planned window the system web services answer 503 with Retry-After (ANX2-15): the
 * institution's system learns when to come back, and nothing is half-done while the operator
 * works. One onRequest hook on the listener, so no route can forget it.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";
import { currentMaintenance } from "./maintenance-service.ts";

export function registerMaintenanceGate(
  app: FastifyInstance,
  options: {
    db: Kysely<Database>;
    now: () => Date;
    /** Writes the refusal (the listener's RFC 9457 problem document). */
    refuse: (reply: FastifyReply, retryAfterSeconds: number, endsAt: Date) => unknown;
  },
): void {
  app.addHook("onRequest", async (_request, reply) => {
    const now = options.now();
    const window = await currentMaintenance(options.db, now);
    if (!window) return;
    const seconds = Math.max(1, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000));
    return options.refuse(reply.header("retry-after", String(seconds)), seconds, window.endsAt);
  });
}
