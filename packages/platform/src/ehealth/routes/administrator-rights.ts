/**
 * Routes for managing an institution's users' rights (ANX1-3, ANX1-5), mounted twice: for the
 * institution administrator (/ehealth/administrator/:reg) and for the operator acting for a
 * small institution without an administrator (/ehealth/operator/institutions/:reg/rights).
 * Which of them may act is the rights policy's call (MODEL's services); the page says what is
 * missing when it refuses.
 *   GET  <base>/                   users, rights, grant form, full history
 *   POST <base>/grant              user, role, ground, evidence
 *   GET  <base>/right/:id          one right: status and role forms, its history
 *   POST <base>/right/:id/status   event (suspend|restore|annul), ground, evidence
 *   POST <base>/right/:id/role     role, ground, evidence
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { listAdministrators } from "../adapters/people-store.ts";
import { PROFESSIONAL_ROLES } from "../core/rights-policy.ts";
import { EhealthError } from "../errors.ts";
import type { EhealthRouteDeps } from "../module.ts";
import {
  allowedEvents,
  EVIDENCE_MAX,
  GROUND_MAX,
  type RightPageData,
  rightPage,
  rightsOverviewPage,
} from "../pages/administrator-rights.tsx";
import {
  callerOf,
  contextOf,
  doneOf,
  formFields,
  html,
  requireOneOf,
  requireText,
  withEhealthErrors,
} from "../pages/shared-respond.tsx";
import type { FieldErrors } from "../pages/shared-workplace.tsx";
import {
  changeUserRight,
  changeUserRightStatus,
  grantUserRight,
  institutionRights,
} from "../services/rights.ts";
import { requireSignIn, type SignedInPerson } from "../web-session/web-session.ts";

export interface RightsMount {
  /** The Fastify route prefix, with `:reg`. */
  route: string;
  /** The concrete prefix for an institution. */
  base: (registrationNumber: string) => string;
  asOperator: boolean;
}

type Params = { reg: string; id?: string };
type Form = {
  status: number;
  errors?: FieldErrors;
  values?: Record<string, string>;
  form?: "role" | "status";
};

function checkReason(errors: FieldErrors, values: Record<string, string>): void {
  requireText(errors, values, "ground", GROUND_MAX, "ehealth.error.groundRequired");
  requireText(errors, values, "evidence", EVIDENCE_MAX, "ehealth.error.evidenceRequired");
}

export function registerRightsRoutes(app: FastifyInstance, deps: EhealthRouteDeps, mount: RightsMount): void {
  const services = { db: deps.db, clock: deps.now };
  // The administrators' own rights are listed too: name them (read after the view was allowed).
  const administratorNames = async (registrationNumber: string) =>
    new Map(
      (await listAdministrators(deps.db, { registrationNumber })).map((a) => [
        a.personCode,
        `${a.givenName} ${a.familyName}`,
      ]),
    );

  async function overview(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    person: SignedInPerson,
    form: Form = { status: 200 },
  ) {
    return withEhealthErrors(request, reply, async () => {
      const data = await institutionRights(services, callerOf(person, request), request.params.reg);
      return html(
        reply,
        form.status,
        rightsOverviewPage({
          ctx: contextOf(request),
          person,
          ...data,
          otherNames: await administratorNames(data.institution.registrationNumber),
          base: mount.base(data.institution.registrationNumber),
          asOperator: mount.asOperator,
          ...doneOf(request),
          errors: form.errors,
          values: form.values,
        }),
      );
    });
  }

  async function one(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    person: SignedInPerson,
    form: Form = { status: 200 },
  ) {
    return withEhealthErrors(request, reply, async () => {
      const data = await institutionRights(services, callerOf(person, request), request.params.reg);
      const right = data.rights.find((r) => r.id === request.params.id);
      if (!right) throw new EhealthError("not-found", "no such right at this institution");
      const page: RightPageData = {
        ctx: contextOf(request),
        person,
        ...data,
        otherNames: await administratorNames(data.institution.registrationNumber),
        history: data.history.filter((h) => h.rightId === right.id),
        right,
        base: mount.base(data.institution.registrationNumber),
        asOperator: mount.asOperator,
        ...doneOf(request),
        errors: form.errors,
        values: form.values,
        form: form.form,
      };
      return html(reply, form.status, rightPage(page));
    });
  }

  app.get<{ Params: Params }>(`${mount.route}`, { schema: { hide: true } }, async (request, reply) =>
    reply.redirect(`${mount.base(request.params.reg)}/`, 301),
  );

  app.get<{ Params: Params }>(`${mount.route}/`, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    return overview(request, reply, person);
  });

  app.post<{ Params: Params }>(`${mount.route}/grant`, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    const values = formFields(request, ["user", "role", "ground", "evidence"], GROUND_MAX);
    const errors: FieldErrors = {};
    if (!values.user) errors.user = "ehealth.error.userRequired";
    requireOneOf(errors, values, "role", PROFESSIONAL_ROLES, "ehealth.error.roleRequired");
    checkReason(errors, values);
    if (Object.keys(errors).length > 0)
      return overview(request, reply, person, { status: 400, errors, values });
    return withEhealthErrors(
      request,
      reply,
      async () => {
        const data = await institutionRights(services, callerOf(person, request), request.params.reg);
        // The user must be this institution's (the form could be posted with any id).
        if (!data.users.some((u) => u.id === values.user))
          throw new EhealthError("bad-input", "not a user of this institution", { field: "user" });
        await grantUserRight(services, callerOf(person, request), {
          userId: values.user!,
          role: values.role!,
          ground: values.ground!,
          evidence: values.evidence!,
        });
        return reply.redirect(`${mount.base(data.institution.registrationNumber)}/?done=grant`, 303);
      },
      (errs, status) =>
        overview(request, reply, person, {
          status,
          errors: status === 409 ? { role: "ehealth.error.alreadyHeld" } : errs,
          values,
        }) as never,
    );
  });

  app.get<{ Params: Params }>(
    `${mount.route}/right/:id`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return one(request, reply, person);
    },
  );

  app.post<{ Params: Params }>(
    `${mount.route}/right/:id/status`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const values = formFields(request, ["event", "ground", "evidence"], GROUND_MAX);
      const errors: FieldErrors = {};
      requireOneOf(errors, values, "event", ["suspend", "restore", "annul"], "ehealth.error.eventRequired");
      checkReason(errors, values);
      const form = "status" as const;
      if (Object.keys(errors).length > 0)
        return one(request, reply, person, { status: 400, errors, values, form });
      return withEhealthErrors(
        request,
        reply,
        async () => {
          const data = await institutionRights(services, callerOf(person, request), request.params.reg);
          const right = data.rights.find((r) => r.id === request.params.id);
          if (!right) throw new EhealthError("not-found", "no such right at this institution");
          if (!(allowedEvents(right.status) as string[]).includes(values.event!)) {
            throw new EhealthError("conflict", `the right is ${right.status}`);
          }
          await changeUserRightStatus(services, callerOf(person, request), {
            rightId: right.id,
            event: values.event as "suspend" | "restore" | "annul",
            ground: values.ground!,
            evidence: values.evidence!,
          });
          const notice = mount.asOperator ? "&notice=1" : "";
          return reply.redirect(
            `${mount.base(data.institution.registrationNumber)}/right/${encodeURIComponent(right.id)}?done=${values.event}${notice}`,
            303,
          );
        },
        (errs, status) => one(request, reply, person, { status, errors: errs, values, form }) as never,
      );
    },
  );

  app.post<{ Params: Params }>(
    `${mount.route}/right/:id/role`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const values = formFields(request, ["role", "ground", "evidence"], GROUND_MAX);
      const errors: FieldErrors = {};
      requireOneOf(errors, values, "role", PROFESSIONAL_ROLES, "ehealth.error.roleRequired");
      checkReason(errors, values);
      const form = "role" as const;
      if (Object.keys(errors).length > 0)
        return one(request, reply, person, { status: 400, errors, values, form });
      return withEhealthErrors(
        request,
        reply,
        async () => {
          const data = await institutionRights(services, callerOf(person, request), request.params.reg);
          const right = data.rights.find((r) => r.id === request.params.id);
          if (!right) throw new EhealthError("not-found", "no such right at this institution");
          await changeUserRight(services, callerOf(person, request), {
            rightId: right.id,
            role: values.role!,
            ground: values.ground!,
            evidence: values.evidence!,
          });
          return reply.redirect(
            `${mount.base(data.institution.registrationNumber)}/right/${encodeURIComponent(right.id)}?done=role`,
            303,
          );
        },
        (errs, status) =>
          one(request, reply, person, {
            status,
            errors: status === 409 ? { role: "ehealth.error.conflict" } : errs,
            values,
            form,
          }) as never,
      );
    },
  );
}
