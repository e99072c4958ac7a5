/**
 * The sign-in interaction: oidc-provider sends the browser to /signin/<uid>; the person picks a
 * method; the method's service answers at /signin/callback/<method>; the answer is verified and
 * kept; the browser that holds the interaction cookie finishes at /signin/<uid>/done, where the
 * policy decides and the outcome is audited. Routes are thin: the decisions live in core/.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type Provider from "oidc-provider";
import { appendAuditRecord, createUnauthenticatedAuditGate } from "../../audit/index.ts";
import { pageContext } from "../../web/layout.tsx";
import { recordAccount } from "../adapters/account-store.ts";
import { findClient, type RegisteredClient } from "../adapters/client-store.ts";
import { needsConsent, peekOutcome } from "../adapters/eidas-consent.ts";
import {
  type AttemptOutcome,
  consumeAttempt,
  startAttempt,
  storeOutcome,
  takeOutcome,
} from "../adapters/method-attempts.ts";
import { subjectOf } from "../core/claims.ts";
import { amrOf, type SignInEvidence } from "../core/evidence.ts";
import { acrClaim, higherOf, type Level, readAcrValues } from "../core/levels.ts";
import { decideSignIn } from "../core/policy.ts";
import type { IdentityDatabase as Database } from "../database.ts";
import { IdentityError } from "../errors.ts";
import { autoPostPage, consentPage } from "../methods/eidas-pages.tsx";
import {
  METHOD_BUTTONS,
  type MethodButton,
  type MethodPageContext,
  type SignInMethod,
} from "../methods/method.ts";
import { signInPageCsp } from "./csp.ts";
import { failurePage, refusalPage, signInPage, unavailablePage } from "./pages.tsx";

export interface SignInRouteDeps {
  db: Kysely<Database>;
  getProvider: () => Provider;
  methods: ReadonlyMap<MethodButton, SignInMethod>;
  now: () => Date;
  /** Method starts and callbacks per client address per minute (0: no limit). */
  rateLimitPerMinute: number;
}

/** AUTH-2: exactly these two for professionals. */
const PROFESSIONAL_BUTTONS: readonly MethodButton[] = ["latvija-lv", "eparaksts"];
/** Citizens may use every means (bank and Smart-ID are offered inside Latvija.lv's module). */
const CITIZEN_BUTTONS: readonly MethodButton[] = ["eparaksts", "eid-card", "latvija-lv", "eidas"];

/** oidc-provider's Interaction model, as interactionDetails loads it. */
interface Interaction {
  uid: string;
  params: Record<string, unknown>;
  prompt: { name: string };
  /** Expiry in seconds since the epoch, and where the browser resumes the authorization. */
  exp: number;
  returnTo: string;
  result?: unknown;
  save(ttlSeconds: number): Promise<unknown>;
}

/**
 * What oidc-provider's interactionFinished does (with mergeWithLastSubmission off), on the
 * interaction this request has already loaded — that call would read it from the database once
 * more. The result replaces any earlier one, the record keeps its expiry, and the browser is sent
 * back to the authorization endpoint with a 303.
 */
async function finishInteraction(reply: FastifyReply, interaction: Interaction, result: unknown) {
  interaction.result = result;
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
  reply.hijack();
  reply.raw.writeHead(303, { location: interaction.returnTo, "content-length": "0" });
  reply.raw.end();
  return reply;
}

function isButton(value: string): value is MethodButton {
  return (METHOD_BUTTONS as readonly string[]).includes(value);
}

function html(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).type("text/html; charset=utf-8").header("cache-control", "no-store").send(body);
}

export function registerSignInRoutes(app: FastifyInstance, deps: SignInRouteDeps): void {
  const { db, methods } = deps;
  // Events of no identified person (anyone can cause them, without a session) pass a gate that
  // records a few per source and window and counts the rest (audit/unauthenticated-events.ts).
  const unauthenticated = createUnauthenticatedAuditGate(db);
  const flushTimer = setInterval(() => {
    unauthenticated
      .flush(deps.now())
      .catch((error) => app.log.error({ err: error }, "audit summary not written"));
  }, 60_000);
  flushTimer.unref();
  app.addHook("onClose", async () => {
    clearInterval(flushTimer);
    await unauthenticated.flush(deps.now(), true);
  });

  async function interactionOf(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<Interaction | undefined> {
    try {
      return (await deps.getProvider().interactionDetails(request.raw, reply.raw)) as unknown as Interaction;
    } catch {
      return undefined; // no or unknown interaction cookie: expired, or another browser
    }
  }

  async function clientOfInteraction(interaction: Interaction): Promise<RegisteredClient | undefined> {
    const clientId = interaction.params.client_id;
    return typeof clientId === "string" ? findClient(db, clientId) : undefined;
  }

  function ctxOf(request: FastifyRequest) {
    return pageContext(request.language, request.url);
  }

  function formTargets(client: RegisteredClient): string[] {
    return [...client.redirectUris, ...[...methods.values()].flatMap((m) => m.origins)];
  }

  async function audit(
    request: FastifyRequest,
    entry: {
      outcome: "success" | "denied" | "failure";
      action: string;
      sub?: string;
      client?: string;
      detail: string;
      uid?: string;
    },
  ) {
    const record = {
      actor: entry.sub ?? "unidentified-person",
      subjectPerson: entry.sub ?? null,
      action: entry.action,
      object: entry.client ? `relying-party:${entry.client}` : null,
      purpose: `sign-in; ${entry.detail}`,
      outcome: entry.outcome,
      clientAddress: request.ip,
      correlationId: entry.uid ?? request.id,
    };
    if (entry.sub) await appendAuditRecord(db, record, deps.now());
    else await unauthenticated.record(record, deps.now());
  }

  // The method choice (AUTH-2 for professionals; every allowed means for citizens).
  app.get<{ Params: { uid: string } }>("/signin/:uid", { schema: { hide: true } }, async (request, reply) => {
    const interaction = await interactionOf(request, reply);
    if (!interaction || interaction.uid !== request.params.uid)
      return html(reply, failurePage(ctxOf(request), undefined, true), 400);
    const client = await clientOfInteraction(interaction);
    if (!client) return html(reply, failurePage(ctxOf(request), undefined, true), 400);
    const candidates = client.professional ? PROFESSIONAL_BUTTONS : CITIZEN_BUTTONS;
    // Latvija.lv stays a button even before its adapter lands (AUTH-2), leading to an honest page;
    // the other unbuilt methods are listed as not yet available.
    const buttons = candidates.filter((b) => b === "latvija-lv" || methods.get(b)?.available);
    const unavailable = candidates.filter((b) => !buttons.includes(b));
    reply.header("content-security-policy", signInPageCsp(formTargets(client)));
    return html(
      reply,
      signInPage(ctxOf(request), {
        uid: interaction.uid,
        clientName: client.name,
        professional: client.professional,
        buttons,
        unavailable,
      }),
    );
  });

  // A method button: start the method with fresh state, nonce and PKCE verifier.
  // Each start sends the person to LVRTC (where PIN1 is entered): limited per address, so one
  // client cannot flood the outside service with attempts.
  const limited =
    deps.rateLimitPerMinute > 0 ? { rateLimit: { max: deps.rateLimitPerMinute, timeWindow: 60_000 } } : {};
  app.post<{ Params: { uid: string; button: string } }>(
    "/signin/:uid/method/:button",
    { schema: { hide: true }, config: limited },
    async (request, reply) => {
      const interaction = await interactionOf(request, reply);
      if (!interaction || interaction.uid !== request.params.uid)
        return html(reply, failurePage(ctxOf(request), undefined, true), 400);
      const button = request.params.button;
      const method = isButton(button) ? methods.get(button) : undefined;
      if (!isButton(button) || !method?.available) {
        return html(
          reply,
          unavailablePage(ctxOf(request), interaction.uid, isButton(button) ? button : "latvija-lv"),
          isButton(button) ? 200 : 404,
        );
      }
      const form = stringParams(request.body);
      // A method may first ask something (eIDAS: the country) before any attempt starts.
      const choice = method.choice?.(ctxOf(request), interaction.uid, form);
      if (choice) return html(reply, choice);
      const client = await clientOfInteraction(interaction);
      if (!client) return html(reply, failurePage(ctxOf(request), undefined, true), 400);
      const attempt = await startAttempt(db, interaction.uid, button, deps.now());
      const step = await method.begin({
        interactionUid: interaction.uid,
        language: request.language,
        attempt,
        form,
        requiredLevel: requiredLevelOf(interaction, client),
      });
      if (step.kind === "post-form") {
        // SAML HTTP-POST binding: an auto-submitting form; form-action must allow its target.
        reply.header("content-security-policy", signInPageCsp([...formTargets(client), step.url]));
        return html(reply, autoPostPage(ctxOf(request), step.url, step.fields));
      }
      return reply.code(303).header("cache-control", "no-store").redirect(step.url, 303);
    },
  );

  // The method's service answers here (its registered redirect URI). The state is used once.
  const callback = async (request: FastifyRequest<{ Params: { button: string } }>, reply: FastifyReply) => {
    const button = request.params.button;
    const method = isButton(button) ? methods.get(button) : undefined;
    const params = stringParams(request.method === "POST" ? request.body : request.query);
    const state = method?.stateOf(params);
    const attempt = state ? await consumeAttempt(db, state, deps.now()) : undefined;
    if (!method || !attempt || attempt.method !== button) {
      await audit(request, {
        outcome: "failure",
        action: "identity.signin.failed",
        // The button is the caller's URL text: only a known method name is written, never that text.
        detail: `method=${isButton(button) ? button : "unknown"}; reason=method-state-unknown`,
      });
      return html(reply, failurePage(ctxOf(request), undefined, true), 400);
    }
    let outcome: AttemptOutcome;
    try {
      const now = deps.now();
      const evidence = await method.complete(params, attempt, now.toISOString().slice(0, 10), { db, now });
      outcome = { ok: true, evidence };
    } catch (error) {
      const code = error instanceof IdentityError ? error.code : "method-protocol-error";
      request.log.warn(
        { code, detail: error instanceof IdentityError ? error.detail : String(error) },
        "sign-in method failed",
      );
      outcome = { ok: false, code };
    }
    await storeOutcome(db, attempt.state, outcome);
    return reply.redirect(
      `/signin/${attempt.interactionUid}/done?state=${encodeURIComponent(attempt.state)}`,
      303,
    );
  };
  app.get("/signin/callback/:button", { schema: { hide: true }, config: limited }, callback);
  app.post("/signin/callback/:button", { schema: { hide: true }, config: limited }, callback);

  // The browser holding the interaction finishes: policy, audit, and back to the relying party.
  app.get<{ Params: { uid: string }; Querystring: { state?: string } }>(
    "/signin/:uid/done",
    { schema: { hide: true } },
    async (request, reply) => {
      const interaction = await interactionOf(request, reply);
      const state = typeof request.query.state === "string" ? request.query.state : "";
      // One statement takes the outcome, unless it must first pass the consent page.
      const taken =
        interaction && interaction.uid === request.params.uid
          ? await takeOutcome(db, state, interaction.uid, deps.now(), { unlessConsentNeeded: true })
          : undefined;
      // AUTH-6: a foreign person's attributes are shown for consent before any reaches the RP.
      const peeked = interaction && !taken ? await peekOutcome(db, state, deps.now()) : undefined;
      if (
        interaction &&
        peeked?.outcome.ok &&
        needsConsent(peeked.outcome) &&
        interaction.uid === request.params.uid &&
        peeked.interactionUid === interaction.uid
      ) {
        const client = await clientOfInteraction(interaction);
        if (client && peeked.outcome.evidence.person.kind === "foreign") {
          reply.header("content-security-policy", signInPageCsp(formTargets(client)));
          return html(
            reply,
            consentPage(ctxOf(request), {
              uid: interaction.uid,
              state,
              clientName: client.name,
              person: peeked.outcome.evidence.person,
              level: peeked.outcome.evidence.level,
            }),
          );
        }
      }
      if (
        !interaction ||
        !taken ||
        interaction.uid !== request.params.uid ||
        taken.attempt.interactionUid !== interaction.uid
      ) {
        // Another browser, a replay, or an expired sign-in (login CSRF protection).
        await audit(request, {
          outcome: "failure",
          action: "identity.signin.failed",
          detail: "reason=method-browser-mismatch",
        });
        return html(reply, failurePage(ctxOf(request), undefined, true), 400);
      }
      const client = await clientOfInteraction(interaction);
      if (!client) return html(reply, failurePage(ctxOf(request), undefined, true), 400);
      const { outcome } = taken;
      if (!outcome.ok) {
        await audit(request, {
          outcome: "failure",
          action: "identity.signin.failed",
          client: client.clientId,
          uid: interaction.uid,
          detail: `method=${taken.attempt.method}; reason=${outcome.code}`,
        });
        return html(reply, failurePage(ctxOf(request), interaction.uid, false), 400);
      }
      return finish(request, reply, interaction, client, outcome.evidence);
    },
  );

  async function finish(
    request: FastifyRequest,
    reply: FastifyReply,
    interaction: Interaction,
    client: RegisteredClient,
    evidence: SignInEvidence,
  ) {
    const now = deps.now();
    const requested = readAcrValues(
      typeof interaction.params.acr_values === "string" ? interaction.params.acr_values : undefined,
    );
    const decision = decideSignIn({
      evidence,
      relyingParty: { professional: client.professional, minLevel: client.minLevel },
      requestedMinimum: requested.minimum,
      now,
    });
    const sub = subjectOf(evidence.person);
    const amr = amrOf(evidence);
    const detail = `method=${amr.join("+")}; level=${evidence.level}`;
    if (!decision.accepted) {
      await audit(request, {
        outcome: "denied",
        action: "identity.signin.refused",
        sub,
        client: client.clientId,
        uid: interaction.uid,
        detail: `${detail}; reason=${decision.code}`,
      });
      reply.header("content-security-policy", signInPageCsp(formTargets(client)));
      return html(
        reply,
        refusalPage(ctxOf(request), interaction.uid, {
          code: decision.code,
          used: amr as never,
          suggested: decision.suggestedMeans,
        }),
        403,
      );
    }
    const provider = deps.getProvider();
    const grant = new provider.Grant({ accountId: sub, clientId: client.clientId });
    // No consent screen: Latvian methods release only the identity just proved, to the service that asked.
    const scope = typeof interaction.params.scope === "string" ? interaction.params.scope : "openid";
    grant.addOIDCScope(
      scope
        .split(" ")
        .filter((s) => s === "openid" || s === "profile")
        .join(" "),
    );
    // The account and the grant do not depend on each other: written at once, one wait instead
    // of two. Both exist before the success is audited, and the audit record before the
    // interaction holds its result (the resume URL is known to the browser: no sign-in reaches a
    // relying party unaudited).
    const [, grantId] = await Promise.all([recordAccount(db, evidence.person, now), grant.save()]);
    await audit(request, {
      outcome: "success",
      action: "identity.signin.success",
      sub,
      client: client.clientId,
      uid: interaction.uid,
      detail,
    });
    return finishInteraction(reply, interaction, {
      login: { accountId: sub, acr: acrClaim(decision.level, requested.eidasForm), amr, remember: false },
      consent: { grantId },
    });
  }

  // AUTH-6: the person's decision on the consent page; the outcome is taken once, here.
  app.post<{ Params: { uid: string } }>(
    "/signin/:uid/consent",
    { schema: { hide: true } },
    async (request, reply) => {
      const interaction = await interactionOf(request, reply);
      const form = stringParams(request.body);
      const taken =
        interaction && interaction.uid === request.params.uid
          ? await takeOutcome(db, form.state ?? "", interaction.uid, deps.now())
          : undefined;
      if (
        !interaction ||
        !taken ||
        interaction.uid !== request.params.uid ||
        taken.attempt.interactionUid !== interaction.uid ||
        !needsConsent(taken.outcome) ||
        !taken.outcome.ok
      ) {
        await audit(request, {
          outcome: "failure",
          action: "identity.signin.failed",
          detail: "reason=method-browser-mismatch",
        });
        return html(reply, failurePage(ctxOf(request), undefined, true), 400);
      }
      const client = await clientOfInteraction(interaction);
      if (!client) return html(reply, failurePage(ctxOf(request), undefined, true), 400);
      if (form.decision === "agree")
        return finish(request, reply, interaction, client, taken.outcome.evidence);
      const evidence = taken.outcome.evidence;
      await audit(request, {
        outcome: "failure",
        action: "identity.signin.cancelled",
        sub: subjectOf(evidence.person),
        client: client.clientId,
        uid: interaction.uid,
        detail: `method=${amrOf(evidence).join("+")}; level=${evidence.level}; reason=consent-refused`,
      });
      return finishInteraction(reply, interaction, {
        error: "access_denied",
        error_description: "the person refused to share their attributes",
      });
    },
  );

  /** The least level the relying party needs: its minimum, its acr_values, high for professionals. */
  function requiredLevelOf(interaction: Interaction, client: RegisteredClient): Level {
    const asked = readAcrValues(
      typeof interaction.params.acr_values === "string" ? interaction.params.acr_values : undefined,
    ).minimum;
    const floor = higherOf(client.minLevel, asked ?? "low");
    return client.professional ? "high" : floor;
  }

  // Routes of methods' own (eIDAS: SP metadata and the auto-post script).
  for (const method of methods.values()) method.routes?.(app);

  // Cancel: the relying party gets access_denied (RFC 6749 §4.1.2.1).
  app.post<{ Params: { uid: string } }>(
    "/signin/:uid/abort",
    { schema: { hide: true } },
    async (request, reply) => {
      const interaction = await interactionOf(request, reply);
      if (!interaction || interaction.uid !== request.params.uid)
        return html(reply, failurePage(ctxOf(request), undefined, true), 400);
      const client = await clientOfInteraction(interaction);
      await audit(request, {
        outcome: "failure",
        action: "identity.signin.cancelled",
        client: client?.clientId,
        uid: interaction.uid,
        detail: "reason=cancelled-by-person",
      });
      return finishInteraction(reply, interaction, {
        error: "access_denied",
        error_description: "the person cancelled the sign-in",
      });
    },
  );

  // Methods that run in a page of ours (the eID card's Web eID page) add their routes here.
  const pageContextForMethods: MethodPageContext = {
    db,
    now: deps.now,
    rateLimited: limited,
    async interaction(request, reply, uid) {
      const interaction = await interactionOf(request, reply);
      if (!interaction || interaction.uid !== uid) return undefined;
      const client = await clientOfInteraction(interaction);
      return client ? { uid, clientId: client.clientId, clientName: client.name } : undefined;
    },
    async pageCsp(clientId, scriptSources = []) {
      const client = await findClient(db, clientId);
      return signInPageCsp(client ? formTargets(client) : [], scriptSources);
    },
    audit,
  };
  for (const method of methods.values()) method.pageRoutes?.(app, pageContextForMethods);
}

function stringParams(source: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof source !== "object" || source === null) return result;
  for (const [key, value] of Object.entries(source).slice(0, 50)) {
    if (typeof value === "string") result[key] = value;
  }
  return result;
}
