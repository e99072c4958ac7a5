/**
 * The operator's anti-copying detections (ANX2-18), registered inside the operator's workplace
 * (module.ts), so its gate — operator role, CSRF on POST — runs first; each handler decides again
 * with the rights policy (`copying.review`), which records a refusal. GET lists them; POST lifts
 * an open one with a reason (audited `ehealth.copying.lifted`) and redirects (PRG, 303); a
 * missing reason is 400, one already lifted 409, both shown on the list at that detection.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EhealthRouteDeps } from "../module.ts";
import { callerOf, contextOf, formFields, html, withEhealthErrors } from "../pages/shared-respond.tsx";
import { authorized } from "../services/authorize.ts";
import { requireSignIn, type SignedInPerson } from "../web-session/web-session.ts";
import { DetectionLiftError, liftDetectionIn, listDetections } from "./detection-store.ts";
import { COPYING_PATH, type DetectionsPageState, detectionsPage } from "./detections-page.tsx";

const POLICY = "copying.review" as const;
const LEGAL_GROUND = "ANX2-18";

export function registerCopyingRoutes(app: FastifyInstance, deps: EhealthRouteDeps): void {
  const services = { db: deps.db, clock: deps.now };

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    person: SignedInPerson,
    status: number,
    state: DetectionsPageState = {},
  ) =>
    withEhealthErrors(request, reply, async () => {
      const detections = await authorized(services, callerOf(person, request), {
        policy: POLICY,
        audit: {
          action: "ehealth.copying.list-viewed",
          object: "copying-detections",
          legalGround: LEGAL_GROUND,
        },
        // Viewing the list is routine; only a refusal is worth a record.
        auditSuccess: false,
        work: ({ trx }) => listDetections(trx, { all: true, limit: 200 }),
      });
      return html(reply, status, detectionsPage(contextOf(request), person, detections, state));
    });

  app.get<{ Querystring: { done?: string } }>(
    COPYING_PATH,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return render(request, reply, person, 200, { done: request.query.done === "lifted" });
    },
  );

  app.post<{ Params: { id: string } }>(
    `${COPYING_PATH}/:id/lift`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : undefined;
      if (id === undefined) return reply.callNotFound();
      const reason = formFields(request, ["reason"], 2000).reason ?? "";
      const lifted = await withEhealthErrors(request, reply, async () => {
        try {
          await authorized(services, callerOf(person, request), {
            policy: POLICY,
            audit: {
              action: "ehealth.copying.lifted",
              object: `copying-detection:${id}`,
              legalGround: LEGAL_GROUND,
            },
            // liftDetectionIn writes the lift's own record (with the reason); the gate records refusals.
            auditSuccess: false,
            work: ({ trx, now, actorId }) => liftDetectionIn(trx, { id, actor: actorId, reason }, now),
          });
          return true;
        } catch (error) {
          if (error instanceof DetectionLiftError) return error;
          throw error;
        }
      });
      if (lifted === true) return reply.redirect(`${COPYING_PATH}?done=lifted`, 303);
      if (!(lifted instanceof DetectionLiftError)) return lifted; // the refusal page, already sent
      if (lifted.code === "detection-not-found") return reply.callNotFound();
      return lifted.code === "reason-required"
        ? render(request, reply, person, 400, { error: { id, message: "ehealth.copying.error.reason" } })
        : render(request, reply, person, 409, { error: { id, message: "ehealth.copying.error.notOpen" } });
    },
  );
}
