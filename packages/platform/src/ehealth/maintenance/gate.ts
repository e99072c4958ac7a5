/**
 * During a planned window the system web services answer 503 with Retry-After (ANX2-15): the
 * institution's system learns when to come back, and nothing is half-done while the operator
 * works. One onRequest hook on the listener, so no route can forget it. The windows are read at
 * most every few seconds, not on every request of the hot path: a window starts or ends within
 * that much of its time, which a planned interruption announced days ahead allows.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";
import { cachedWindows } from "./windows-cache.ts";

export function registerMaintenanceGate(
  app: FastifyInstance,
  options: {
    db: Kysely<Database>;
    now: () => Date;
    /** Writes the refusal (the listener's RFC 9457 problem document). */
    refuse: (reply: FastifyReply, retryAfterSeconds: number, endsAt: Date) => unknown;
    /** How long the planned windows read are reused (default 5 s; 0: every request). */
    refreshMs?: number;
  },
): void {
  const windowsAt = cachedWindows(options.db, options.refreshMs);
  app.addHook("onRequest", async (_request, reply) => {
    const now = options.now();
    const t = now.getTime();
    const window = (await windowsAt(now)).find((w) => w.startsAt.getTime() <= t && t < w.endsAt.getTime());
    if (!window) return;
    const seconds = Math.max(1, Math.ceil((window.endsAt.getTime() - t) / 1000));
    return options.refuse(reply.header("retry-after", String(seconds)), seconds, window.endsAt);
  });
}
