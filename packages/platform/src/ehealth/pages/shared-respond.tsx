/**
 * How the workplaces' routes answer (shared by routes/operator-*.ts and administrator-*.ts):
 * form fields read with limits, field checks with messages next to the fields, EhealthError →
 * the right page (forbidden → the missing right, 403; not-found → 404), the signed-in caller.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { html } from "../../web/respond.ts";
import { attestationHref } from "../attestation/paths.ts";
import { EhealthError } from "../errors.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import type { Caller } from "../services/authorize.ts";
import { type SignedInPerson, signedInOf } from "../web-session/web-session.ts";
import { type EhealthPageContext, ehealthPageContext } from "./shared-components.tsx";

export { formFields, html } from "../../web/respond.ts";

import { ehealthNotFoundPage, refusedPage } from "./shared-errors.tsx";
import type { FieldErrors } from "./shared-workplace.tsx";

export function callerOf(person: SignedInPerson, request: FastifyRequest): Caller {
  return {
    personCode: person.personCode,
    level: person.level,
    clientAddress: request.ip,
    correlationId: request.id,
  };
}

export function contextOf(request: FastifyRequest): EhealthPageContext {
  return ehealthPageContext(request.language, request.url);
}

/** Required text of at most `max` characters. */
export function requireText(
  errors: FieldErrors,
  values: Record<string, string>,
  field: string,
  max: number,
  missing: EhealthMessageKey,
): void {
  const value = values[field] ?? "";
  if (!value) errors[field] = missing;
  else if (value.length > max) errors[field] = "ehealth.error.tooLong";
}

export function requireOneOf(
  errors: FieldErrors,
  values: Record<string, string>,
  field: string,
  allowed: readonly string[],
  missing: EhealthMessageKey,
): void {
  if (!allowed.includes(values[field] ?? "")) errors[field] = missing;
}

/**
 * Runs a service call; refusals and missing things become pages. `onInput` re-renders the form
 * for `bad-input` (with the field's message) and `conflict` (the state changed under the form).
 */
export async function withEhealthErrors<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<T>,
  onInput?: (errors: FieldErrors, status: number) => FastifyReply,
): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof EhealthError)) throw error;
    const ctx = contextOf(request);
    const reg = (request.params as { reg?: unknown } | undefined)?.reg;
    // CON-7: an unsigned attestation is no dead end — the person is shown it to sign, then works.
    if (error.code === "forbidden" && error.reason === "attestation-missing" && typeof reg === "string")
      return reply.redirect(attestationHref(reg), 303);
    if (error.code === "forbidden") {
      return html(
        reply,
        403,
        refusedPage(
          ctx,
          { missingRight: error.missingRight, reason: error.reason },
          { person: signedInOf(request) },
        ),
      );
    }
    if (error.code === "not-found") return html(reply, 404, ehealthNotFoundPage(ctx, signedInOf(request)));
    if (onInput && error.code === "bad-input") {
      return onInput({ [error.field ?? "form"]: "ehealth.error.invalid" }, 400);
    }
    if (onInput && error.code === "conflict") return onInput({ event: "ehealth.error.conflict" }, 409);
    throw error;
  }
}

/** PRG: the outcome travels in the redirect's query; only known outcomes are shown. */
export const DONE_KEYS = {
  suspend: "ehealth.done.suspend",
  restore: "ehealth.done.restore",
  annul: "ehealth.done.annul",
  grant: "ehealth.done.grant",
  role: "ehealth.done.role",
  processed: "ehealth.done.processed",
  registered: "ehealth.done.registered",
  contract: "ehealth.done.contract",
  administrator: "ehealth.done.administrator",
  user: "ehealth.done.user",
  terminated: "ehealth.done.terminated",
} as const satisfies Record<string, EhealthMessageKey>;

export function doneOf(request: FastifyRequest): { done?: EhealthMessageKey; noticeQueued: boolean } {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const done = typeof query.done === "string" && query.done in DONE_KEYS ? query.done : undefined;
  return {
    done: done ? DONE_KEYS[done as keyof typeof DONE_KEYS] : undefined,
    noticeQueued: query.notice === "1",
  };
}
