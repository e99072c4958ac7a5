/**
 * The e-health workplaces and their gates (http/route-access.ts): every e-health route lives in
 * one of these scopes, and the gate runs before its handler — sign-in of the right kind, the CSRF
 * token of an unsafe request, and the role the workplace is for. The rights policy
 * (core/rights-policy.ts) still decides each action per institution inside the services; the gate
 * is the coarse "is this person in the right workplace at all", which no handler can forget.
 *
 * A role counts when its right is not annulled: a suspended operator or administrator still
 * reaches their workplace and is told there, by the policy, that the right is suspended (CON-6).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../audit/index.ts";
import type { AccessGate } from "../http/route-access.ts";
import { loadGrants } from "./adapters/rights-store.ts";
import type { Role } from "./core/rights-policy.ts";
import type { EhealthDatabase as Database } from "./database.ts";
import type { EhealthMessageKey } from "./i18n.ts";
import { workplaceRefusedPage } from "./pages/shared-errors.tsx";
import { contextOf, html } from "./pages/shared-respond.tsx";
import { ehealthSession, requireSignIn, type SignInKind } from "./web-session/web-session.ts";

/** The access declarations of e-health routes (`config.access`), read by the route × role test. */
export const EHEALTH_ACCESS = {
  /** Sign-in and sign-out pages of the portal's relying party. */
  signIn: "public",
  /** The professionals' portal: a professional sign-in; the policy decides per institution and action. */
  portal: "ehealth:professional",
  /** The operator's workplace and reports (CON-6, ANX1-1..4). */
  operator: "ehealth:operator",
  /** An institution administrator's workplace (ANX1-4, ANX1-5). */
  administrator: "ehealth:administrator",
  /** An institution's access reports: its administrator, or the operator (CON-9). */
  institutionReports: "ehealth:institution-reports",
  /** A person's own access report: a citizen sign-in (CON-9). */
  ownReport: "ehealth:citizen",
} as const;

interface GateDeps {
  db: Kysely<Database>;
  now: () => Date;
}

/** The person signed in as `kind`, CSRF checked for unsafe requests; undefined after answering. */
function signIn(request: FastifyRequest, reply: FastifyReply, kind: SignInKind) {
  const csrf = request.routeOptions.config.csrfCheckedInHandler !== true;
  return requireSignIn(request, reply, kind, { csrf });
}

/** The person is signed in as `kind`; unsafe requests carry the session's CSRF token (the core's gate). */
export function signedInGate(kind: SignInKind): AccessGate {
  return ehealthSession.gate(kind);
}

/**
 * Signed in as a professional and holding one of `roles` (not annulled); otherwise a refusal page
 * that says which workplace this is and whom to ask, and an audit record of the attempt.
 */
export function roleGate(
  deps: GateDeps,
  roles: readonly Role[],
  workplace: EhealthMessageKey,
  object: string,
): AccessGate {
  return async (request, reply) => {
    const person = await signIn(request, reply, "professional");
    if (!person) return reply;
    const now = deps.now();
    const grants = await loadGrants(deps.db, person.personCode, now);
    if (grants.some((g) => roles.includes(g.role) && g.status !== "annulled")) return undefined;
    await appendAuditRecord(
      deps.db,
      {
        actor: person.subject,
        action: "ehealth.workplace.refused",
        object,
        outcome: "denied",
        clientAddress: request.ip,
        correlationId: request.id,
      },
      now,
    );
    return html(reply, 403, workplaceRefusedPage(contextOf(request), workplace, person));
  };
}
