/**
 * The operator's list of anti-copying detections (ANX2-18), registered inside the operator's
 * workplace (module.ts), so its gate — operator role — runs first; the service decides again with
 * the rights policy (`copying.review`) and records a refusal.
 */
import type { FastifyInstance } from "fastify";
import type { EhealthRouteDeps } from "../module.ts";
import { callerOf, contextOf, html, withEhealthErrors } from "../pages/shared-respond.tsx";
import { authorized } from "../services/authorize.ts";
import { requireSignIn } from "../web-session/web-session.ts";
import { listDetections } from "./detection-store.ts";
import { COPYING_PATH, detectionsPage } from "./detections-page.tsx";

export function registerCopyingRoutes(app: FastifyInstance, deps: EhealthRouteDeps): void {
  app.get(COPYING_PATH, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    return withEhealthErrors(request, reply, async () => {
      const detections = await authorized({ db: deps.db, clock: deps.now }, callerOf(person, request), {
        policy: "copying.review",
        audit: {
          action: "ehealth.copying.list-viewed",
          object: "copying-detections",
          legalGround: "ANX2-18",
        },
        // Viewing the list is routine; only a refusal is worth a record.
        auditSuccess: false,
        work: ({ trx }) => listDetections(trx, { all: true, limit: 200 }),
      });
      return html(reply, 200, detectionsPage(contextOf(request), person, detections));
    });
  });
}
