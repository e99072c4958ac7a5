/**
 * The sign-in method interface. Each method is an adapter that sends the person to an outside
 * service (or runs a protocol in the page) and comes back with verified evidence: the means
 * used, the level that means' own evidence supports, and the person. New methods (eID card via
 * Web eID, Latvija.lv via WS-Federation/SAML, eIDAS) implement this and are listed in
 * `methods/registry.ts`; the routes and the policy need no change.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Language } from "../../web/i18n.ts";
import type { PageContext } from "../../web/layout.tsx";
import type { MethodAttempt } from "../adapters/method-attempts.ts";
import type { SignInEvidence } from "../core/evidence.ts";
import type { Level } from "../core/levels.ts";
import type { IdentityDatabase as Database } from "../database.ts";

/** The buttons a sign-in page may show (AUTH-2 names the first two). */
export const METHOD_BUTTONS = ["latvija-lv", "eparaksts", "eid-card", "eidas"] as const;
export type MethodButton = (typeof METHOD_BUTTONS)[number];

export interface BeginContext {
  interactionUid: string;
  language: Language;
  /** The fresh attempt: its state, nonce and PKCE verifier travel with the outside request. */
  attempt: MethodAttempt;
  /** The form that started the method (e.g. the country chosen on eIDAS's country page). */
  form?: Record<string, string>;
  /** The least level the relying party needs (its minimum, its acr_values): what a method may ask for. */
  requiredLevel?: Level;
}

/**
 * `redirect`: send the browser on with a 303. `post-form`: an auto-submitting form (SAML
 * HTTP-POST binding) to `url` with `fields`, served by the routes under their CSP.
 */
export type BeginStep =
  | { kind: "redirect"; url: string }
  | { kind: "post-form"; url: string; fields: Record<string, string> };

/** What the routes hand a method's `complete` besides the answer (e.g. Latvija.lv's replay cache). */
export interface CompleteContext {
  db: Kysely<Database>;
  /** The injected clock's time of the callback (validity windows are checked against it). */
  now: Date;
}

/** What the sign-in routes lend a method's own pages (`pageRoutes`). */
export interface MethodPageContext {
  db: Kysely<Database>;
  now: () => Date;
  /** Route config with the sign-in rate limit (method starts and callbacks per address). */
  rateLimited: Record<string, unknown>;
  /** The interaction whose cookie this browser holds, when it is `uid`'s, with its relying party. */
  interaction(
    request: FastifyRequest,
    reply: FastifyReply,
    uid: string,
  ): Promise<{ uid: string; clientId: string; clientName: string } | undefined>;
  /** The sign-in pages' CSP for this relying party, with extra script sources. */
  pageCsp(clientId: string, scriptSources?: readonly string[]): Promise<string>;
  /** Writes a sign-in audit record (as the routes do for every outcome). */
  audit(
    request: FastifyRequest,
    entry: {
      outcome: "success" | "denied" | "failure";
      action: string;
      client?: string;
      detail: string;
      uid?: string;
    },
  ): Promise<void>;
}

export interface SignInMethod {
  button: MethodButton;
  /** False when the method is not built in this release or not configured: the page says so. */
  available: boolean;
  /** Origins the browser is sent to (the sign-in page's CSP form-action must allow them). */
  origins: readonly string[];
  begin(context: BeginContext): Promise<BeginStep>;
  /**
   * A page to show before an attempt starts (eIDAS: the country), or undefined to begin. Its
   * form posts back to /signin/<uid>/method/<button> with the choice.
   */
  choice?(ctx: PageContext, uid: string, form: Record<string, string>): string | undefined;
  /** Routes of the method's own (eIDAS: its SAML metadata), registered with the sign-in routes. */
  routes?(app: FastifyInstance): void;
  /**
   * Pages of the method's own inside a sign-in (the eID card's Web eID page, its challenge and
   * token endpoints), with what they need from the sign-in routes.
   */
  pageRoutes?(app: FastifyInstance, context: MethodPageContext): void;
  /** The `state` in the outside service's answer (query or form body). */
  stateOf(params: Record<string, string>): string | undefined;
  /** Verifies the answer; returns evidence or throws IdentityError. */
  complete(
    params: Record<string, string>,
    attempt: MethodAttempt,
    today: string,
    context?: CompleteContext,
  ): Promise<SignInEvidence>;
}
