/**
 * eID card (Web eID): the person signs in with the card and PIN1 in our own page. The button
 * leads to /signin/<uid>/eid-card; its script asks /signin/<uid>/eid-card/challenge for a
 * one-time nonce bound to this interaction, has the Web eID extension (or the testbed's software
 * card) sign hash(origin) ‖ hash(nonce), and posts the token to /signin/<uid>/eid-card/token.
 * The token is validated (core/eid-card-validator.ts); the outcome is kept on the challenge row
 * and the browser finishes at /signin/<uid>/done like every method (policy, audit, relying party).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { pageContext } from "../../web/layout.tsx";
import { issueChallenge, takeChallenge } from "../adapters/eid-card-challenges.ts";
import { httpOcspFetcher } from "../adapters/eid-card-ocsp.ts";
import { storeOutcome } from "../adapters/method-attempts.ts";
import { MAX_TOKEN_CHARS } from "../core/eid-card-token.ts";
import { validateEidCardToken } from "../core/eid-card-validator.ts";
import { IdentityError } from "../errors.ts";
import { failurePage } from "../routes/pages.tsx";
import { eidCardPage } from "./eid-card-page.tsx";
import { EID_CARD_SCRIPT, EID_CARD_SCRIPT_PATH } from "./eid-card-script.ts";
import type { EidCardSettings } from "./eid-card-settings.ts";
import type { MethodPageContext, SignInMethod } from "./method.ts";

/** Nonce problems are answered here; other refusals go through /done like any method's. */
const NONCE_CODES = new Set(["eid-nonce-unknown", "eid-nonce-expired", "eid-nonce-replayed"]);

function str(source: unknown, key: string, max: number): string | undefined {
  if (typeof source !== "object" || source === null) return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === "string" && value.length <= max ? value : undefined;
}

export function eidCardMethod(settings: EidCardSettings | undefined): SignInMethod {
  const unavailable = async (): Promise<never> => {
    throw new IdentityError("method-unavailable", "the eID card is not configured");
  };
  if (!settings) {
    return {
      button: "eid-card",
      available: false,
      origins: [],
      begin: unavailable,
      stateOf: () => undefined,
      complete: unavailable,
    };
  }
  const fetchOcsp = httpOcspFetcher(settings.ocspTimeoutMs ?? 5000);
  const validationClock = settings.validationClock ?? (() => new Date());
  const scripts = [
    ...(settings.extensionScriptUrl ? [settings.extensionScriptUrl] : []),
    EID_CARD_SCRIPT_PATH,
  ];

  return {
    button: "eid-card",
    available: true,
    origins: [],
    async begin({ interactionUid }) {
      // The Web eID exchange runs in our own page; the challenge is made there, on request.
      return { kind: "redirect", url: `/signin/${interactionUid}/eid-card` };
    },
    // The generic callback is not used: the token comes to /signin/<uid>/eid-card/token.
    stateOf: () => undefined,
    complete: unavailable,

    pageRoutes(app, context: MethodPageContext) {
      const ctxOf = (request: FastifyRequest) => pageContext(request.language, request.url);
      const html = (reply: FastifyReply, body: string, status = 200) =>
        reply.code(status).type("text/html; charset=utf-8").header("cache-control", "no-store").send(body);

      app.get(EID_CARD_SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
        reply
          .type("text/javascript; charset=utf-8")
          .header("cache-control", "public, max-age=300")
          .send(EID_CARD_SCRIPT),
      );

      app.get<{ Params: { uid: string } }>(
        "/signin/:uid/eid-card",
        { schema: { hide: true } },
        async (request, reply) => {
          const interaction = await context.interaction(request, reply, request.params.uid);
          if (!interaction) return html(reply, failurePage(ctxOf(request), undefined, true), 400);
          reply.header("content-security-policy", await context.pageCsp(interaction.clientId, scripts));
          return html(
            reply,
            eidCardPage(ctxOf(request), {
              uid: interaction.uid,
              clientName: interaction.clientName,
              challengeUrl: `/signin/${interaction.uid}/eid-card/challenge`,
              tokenAction: `/signin/${interaction.uid}/eid-card/token`,
              scripts,
            }),
          );
        },
      );

      app.post<{ Params: { uid: string } }>(
        "/signin/:uid/eid-card/challenge",
        { schema: { hide: true }, config: context.rateLimited },
        async (request, reply) => {
          const interaction = await context.interaction(request, reply, request.params.uid);
          reply.header("cache-control", "no-store");
          if (!interaction) return reply.code(400).send({ error: "method-state-unknown" });
          const challenge = await issueChallenge(context.db, interaction.uid, context.now());
          return reply.send({ challengeId: challenge.id, challengeNonce: challenge.nonce });
        },
      );

      app.post<{ Params: { uid: string } }>(
        "/signin/:uid/eid-card/token",
        { schema: { hide: true }, config: context.rateLimited },
        async (request, reply) => {
          const interaction = await context.interaction(request, reply, request.params.uid);
          if (!interaction) {
            await context.audit(request, {
              outcome: "failure",
              action: "identity.signin.failed",
              detail: "method=eid-card; reason=method-browser-mismatch",
            });
            return html(reply, failurePage(ctxOf(request), undefined, true), 400);
          }
          const challengeId = str(request.body, "challenge", 100) ?? "";
          const now = context.now();
          const challenge = await takeChallenge(context.db, challengeId, interaction.uid, now);
          try {
            const evidence = await validateEidCardToken({
              // An oversized token is refused by the parser as malformed, not silently cut.
              tokenText: str(request.body, "token", MAX_TOKEN_CHARS + 1) ?? "",
              challenge,
              origin: settings.origin,
              now,
              validationTime: validationClock(),
              trust: { anchors: settings.trustedCas(), highPolicies: settings.highPolicies, fetchOcsp },
            });
            await storeOutcome(context.db, challengeId, { ok: true, evidence });
          } catch (error) {
            const code = error instanceof IdentityError ? error.code : "method-protocol-error";
            request.log.warn(
              {
                code,
                detail:
                  error instanceof IdentityError
                    ? error.detail
                    : error instanceof Error
                      ? error.name
                      : "error",
              },
              "eID card sign-in refused",
            );
            // Only this interaction's first use of its own challenge may record an outcome.
            if (NONCE_CODES.has(code) || !challenge?.firstUse) {
              await context.audit(request, {
                outcome: "failure",
                action: "identity.signin.failed",
                client: interaction.clientId,
                uid: interaction.uid,
                detail: `method=eid-card; reason=${code}`,
              });
              return html(
                reply,
                failurePage(ctxOf(request), interaction.uid, code !== "eid-nonce-unknown"),
                400,
              );
            }
            await storeOutcome(context.db, challengeId, { ok: false, code });
          }
          return reply
            .code(303)
            .header("cache-control", "no-store")
            .redirect(`/signin/${interaction.uid}/done?state=${encodeURIComponent(challengeId)}`, 303);
        },
      );
    },
  };
}
