/**
 * The institution administrator's workplace (issue 6 item 2; ANX1-5): signed in at level high,
 * the institutions they administer come from their grants (`institution-administrator` rights in
 * MODEL's tables); one → straight to it, several → a choice. The rights pages are
 * administrator-rights.ts mounted at /ehealth/administrator/:reg.
 */
import type { FastifyInstance } from "fastify";
import { findInstitution, type Institution } from "../adapters/institution-store.ts";
import { loadGrants } from "../adapters/rights-store.ts";
import type { EhealthRouteDeps } from "../module.ts";
import { chooseInstitutionPage } from "../pages/administrator-pages.tsx";
import { refusedPage } from "../pages/shared-errors.tsx";
import { contextOf, html } from "../pages/shared-respond.tsx";
import { requireSignIn } from "../web-session/web-session.ts";
import { registerRightsRoutes } from "./administrator-rights.ts";

export const ADMINISTRATOR_BASE = "/ehealth/administrator";

export function registerAdministratorRoutes(app: FastifyInstance, deps: EhealthRouteDeps): void {
  app.get(ADMINISTRATOR_BASE, { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect(`${ADMINISTRATOR_BASE}/`, 301),
  );

  app.get(`${ADMINISTRATOR_BASE}/`, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    const grants = await loadGrants(deps.db, person.personCode, deps.now());
    const registrationNumbers = [
      ...new Set(
        grants
          .filter((g) => g.role === "institution-administrator" && g.status !== "annulled" && g.institutionId)
          .map((g) => g.institutionId as string),
      ),
    ];
    const institutions = (
      await Promise.all(registrationNumbers.map((reg) => findInstitution(deps.db, reg)))
    ).filter((i): i is Institution => i !== undefined);
    const ctx = contextOf(request);
    if (institutions.length === 0) {
      return html(
        reply,
        403,
        refusedPage(
          ctx,
          {
            missingRight: "rights.view@<institution> (institution-administrator)",
            reason: "no-right",
            explanation: ctx.tr("ehealth.administrator.noInstitution"),
          },
          { person },
        ),
      );
    }
    if (institutions.length === 1) {
      return reply.redirect(
        `${ADMINISTRATOR_BASE}/${encodeURIComponent(institutions[0]!.registrationNumber)}/`,
        303,
      );
    }
    return html(reply, 200, chooseInstitutionPage(ctx, person, institutions));
  });

  registerRightsRoutes(app, deps, {
    base: (reg) => `${ADMINISTRATOR_BASE}/${encodeURIComponent(reg)}`,
    route: `${ADMINISTRATOR_BASE}/:reg`,
    asOperator: false,
  });
}
