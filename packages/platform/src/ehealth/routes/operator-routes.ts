/**
 * The operator's workplace (issue 6 item 3): GET pages and PRG form posts under /ehealth/operator.
 * Every page and action asks MODEL's services, which decide (rights policy) and audit; a refusal
 * shows the missing right. Signed in as a professional (level high): the operator's staff.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sharedHandle } from "../../core/module/index.ts";
import { listLateNotices } from "../../core/outbox/index.ts";
import { isApplicationOverdue, listApplications } from "../adapters/application-store.ts";
import { listContracts } from "../adapters/contract-store.ts";
import { loadInstitutionState } from "../adapters/institution-store.ts";
import { getAdministrator, getUser, listAdministrators, listUsers } from "../adapters/people-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { EhealthError } from "../errors.ts";
import type { EhealthRouteDeps } from "../module.ts";
import { allowedEvents } from "../pages/administrator-rights.tsx";
import {
  applicationPage,
  institutionPage,
  NOTE_MAX,
  operatorHomePage,
  personStatusPage,
  type QueueEntry,
  REASON_MAX,
} from "../pages/operator-pages.tsx";
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
  applicationsQueue,
  changeInstitutionStatus,
  institutionOverview,
  institutionsForOperator,
  processApplication,
} from "../services/organisation.ts";
import { changeAdministratorStatus, changeUserStatus } from "../services/people.ts";
import { requireSignIn, type SignedInPerson } from "../web-session/web-session.ts";
import { registerRightsRoutes } from "./administrator-rights.ts";
import { registerOperatorRegisterRoutes } from "./operator-register.ts";

export const OPERATOR_BASE = "/ehealth/operator";
/** The testbed's page showing the mail outbox (MODEL's SMTP stand-in). */
export const TESTBED_MAIL_PAGE = "/testbed/mail/";

type Params = { reg: string; id?: string };

export function registerOperatorRoutes(app: FastifyInstance, deps: EhealthRouteDeps): void {
  const services = { db: deps.db, clock: deps.now };

  app.get(`${OPERATOR_BASE}`, { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect(`${OPERATOR_BASE}/`, 301),
  );

  app.get(`${OPERATOR_BASE}/`, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    const caller = callerOf(person, request);
    return withEhealthErrors(request, reply, async () => {
      const institutions = await institutionsForOperator(services, caller);
      const queue = await applicationsQueue(services, caller, { status: "pending" });
      const contracts = await listContracts(deps.db);
      const lateNotices = await listLateNotices(sharedHandle(deps.db), rigaDateOf(deps.now()));
      const names = new Map(institutions.map((i) => [i.registrationNumber, i.name]));
      const withAdmin = await Promise.all(
        institutions.map(async (i) => ({
          ...i,
          hasAdministrator:
            (await loadInstitutionState(deps.db, i.registrationNumber, rigaDateOf(deps.now())))
              ?.hasAdministrator ?? false,
        })),
      );
      return html(
        reply,
        200,
        operatorHomePage({
          ctx: contextOf(request),
          person,
          institutions: withAdmin,
          queue: queue.map((q) => ({
            application: q,
            institutionName: q.institutionName,
            overdue: q.overdue,
          })),
          contracts: contracts.map((c) => ({
            ...c,
            institutionName: names.get(c.registrationNumber) ?? c.registrationNumber,
          })),
          mailPage: deps.config.testbed ? TESTBED_MAIL_PAGE : undefined,
          lateNotices,
          done: doneOf(request).done,
        }),
      );
    });
  });

  async function renderInstitution(
    request: FastifyRequest,
    reply: FastifyReply,
    person: SignedInPerson,
    regNo: string,
    form: { status: number; errors?: FieldErrors; values?: Record<string, string> } = { status: 200 },
  ) {
    const caller = callerOf(person, request);
    return withEhealthErrors(request, reply, async () => {
      const overview = await institutionOverview(services, caller, regNo);
      const [administrators, users, applications, state] = await Promise.all([
        listAdministrators(deps.db, { registrationNumber: regNo }),
        listUsers(deps.db, { registrationNumber: regNo }),
        listApplications(deps.db, { registrationNumber: regNo }),
        loadInstitutionState(deps.db, regNo, rigaDateOf(deps.now())),
      ]);
      const now = deps.now();
      const queue: QueueEntry[] = applications.map((a) => ({
        application: a,
        institutionName: overview.institution.name,
        overdue: isApplicationOverdue(a, now),
      }));
      return html(
        reply,
        form.status,
        institutionPage({
          ctx: contextOf(request),
          person,
          ...overview,
          administrators,
          users,
          queue,
          hasAdministrator: state?.hasAdministrator ?? false,
          ...doneOf(request),
          errors: form.errors,
          values: form.values,
        }),
      );
    });
  }

  app.get<{ Params: Params }>(
    `${OPERATOR_BASE}/institutions/:reg`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return renderInstitution(request, reply, person, request.params.reg);
    },
  );

  // CON-6 + CON-5: suspend / restore / annul an institution with a reason; the notice is queued.
  app.post<{ Params: Params }>(
    `${OPERATOR_BASE}/institutions/:reg/status`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const regNo = request.params.reg;
      const values = formFields(request, ["event", "reason"], REASON_MAX);
      const errors: FieldErrors = {};
      requireOneOf(errors, values, "event", ["suspend", "restore", "annul"], "ehealth.error.eventRequired");
      requireText(errors, values, "reason", REASON_MAX, "ehealth.error.reasonRequired");
      if (Object.keys(errors).length > 0)
        return renderInstitution(request, reply, person, regNo, { status: 400, errors, values });
      return withEhealthErrors(
        request,
        reply,
        async () => {
          await changeInstitutionStatus(services, callerOf(person, request), {
            registrationNumber: regNo,
            event: values.event as "suspend" | "restore" | "annul",
            reason: values.reason!,
          });
          return reply.redirect(
            `${OPERATOR_BASE}/institutions/${encodeURIComponent(regNo)}?done=${values.event}&notice=1`,
            303,
          );
        },
        (errs, status) =>
          renderInstitution(request, reply, person, regNo, { status, errors: errs, values }) as never,
      );
    },
  );

  // CON-6 / ANX1-4: an administrator's or a user's access.
  for (const kind of ["administrator", "user"] as const) {
    const path = `${OPERATOR_BASE}/institutions/:reg/${kind}s/:id`;
    const load = (id: string) =>
      kind === "administrator" ? getAdministrator(deps.db, id) : getUser(deps.db, id);

    const render = async (
      request: FastifyRequest<{ Params: Params }>,
      reply: FastifyReply,
      person: SignedInPerson,
      form: { status: number; errors?: FieldErrors; values?: Record<string, string> } = { status: 200 },
    ) =>
      withEhealthErrors(request, reply, async () => {
        // The institution overview is the operator's view right (refusal audited).
        const { institution } = await institutionOverview(
          services,
          callerOf(person, request),
          request.params.reg,
        );
        const subject = await load(request.params.id ?? "");
        if (subject.registrationNumber !== institution.registrationNumber) {
          throw new EhealthError("not-found", `no such ${kind} here`);
        }
        return html(
          reply,
          form.status,
          personStatusPage({
            ctx: contextOf(request),
            person,
            institution,
            kind,
            subject,
            ...doneOf(request),
            errors: form.errors,
            values: form.values,
          }),
        );
      });

    app.get<{ Params: Params }>(path, { schema: { hide: true } }, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return render(request, reply, person);
    });

    app.post<{ Params: Params }>(`${path}/status`, { schema: { hide: true } }, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const values = formFields(request, ["event", "reason"], REASON_MAX);
      const errors: FieldErrors = {};
      requireOneOf(errors, values, "event", ["suspend", "restore", "annul"], "ehealth.error.eventRequired");
      requireText(errors, values, "reason", REASON_MAX, "ehealth.error.reasonRequired");
      if (Object.keys(errors).length > 0)
        return render(request, reply, person, { status: 400, errors, values });
      const id = request.params.id ?? "";
      return withEhealthErrors(
        request,
        reply,
        async () => {
          // The form's institution must be the person's; an annulled access has no actions left.
          const subject = await load(id);
          if (subject.registrationNumber !== request.params.reg)
            throw new EhealthError("not-found", `no such ${kind} here`);
          if (!(allowedEvents(subject.status) as string[]).includes(values.event!)) {
            throw new EhealthError("conflict", `the ${kind} is ${subject.status}`);
          }
          const caller = callerOf(person, request);
          const event = values.event as "suspend" | "restore" | "annul";
          if (kind === "administrator")
            await changeAdministratorStatus(services, caller, {
              administratorId: id,
              event,
              reason: values.reason!,
            });
          else await changeUserStatus(services, caller, { userId: id, event, reason: values.reason! });
          return reply.redirect(
            `${OPERATOR_BASE}/institutions/${encodeURIComponent(request.params.reg)}/${kind}s/${encodeURIComponent(id)}?done=${event}&notice=1`,
            303,
          );
        },
        (errs, status) => render(request, reply, person, { status, errors: errs, values }) as never,
      );
    });
  }

  // ANX1-3 / ANX1-4: processing an application of the queue.
  const renderApplication = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    person: SignedInPerson,
    form: { status: number; errors?: FieldErrors; values?: Record<string, string> } = { status: 200 },
  ) =>
    withEhealthErrors(request, reply, async () => {
      const queue = await applicationsQueue(services, callerOf(person, request));
      const found = queue.find((q) => q.id === request.params.id);
      if (!found) throw new EhealthError("not-found", "no such application");
      return html(
        reply,
        form.status,
        applicationPage({
          ctx: contextOf(request),
          person,
          entry: { application: found, institutionName: found.institutionName, overdue: found.overdue },
          errors: form.errors,
          values: form.values,
        }),
      );
    });

  app.get<{ Params: { id: string } }>(
    `${OPERATOR_BASE}/applications/:id`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return renderApplication(request, reply, person);
    },
  );

  app.post<{ Params: { id: string } }>(
    `${OPERATOR_BASE}/applications/:id`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const values = formFields(request, ["outcome", "note"], NOTE_MAX);
      const errors: FieldErrors = {};
      requireOneOf(errors, values, "outcome", ["processed", "rejected"], "ehealth.error.outcomeRequired");
      if ((values.note ?? "").length > NOTE_MAX) errors.note = "ehealth.error.tooLong";
      if (Object.keys(errors).length > 0)
        return renderApplication(request, reply, person, { status: 400, errors, values });
      return withEhealthErrors(
        request,
        reply,
        async () => {
          await processApplication(services, callerOf(person, request), {
            id: request.params.id,
            outcome: values.outcome as "processed" | "rejected",
            note: values.note || null,
          });
          return reply.redirect(`${OPERATOR_BASE}/?done=processed`, 303);
        },
        (errs, status) =>
          renderApplication(request, reply, person, {
            status,
            errors: status === 409 ? { outcome: "ehealth.error.conflict" } : errs,
            values,
          }) as never,
      );
    },
  );

  // ANX1-3: the operator manages the users' rights of a small institution without an administrator.
  registerRightsRoutes(app, deps, {
    base: (reg) => `${OPERATOR_BASE}/institutions/${encodeURIComponent(reg)}/rights`,
    route: `${OPERATOR_BASE}/institutions/:reg/rights`,
    asOperator: true,
  });

  // CON-1, ANX1-3, ANX1-4: registering institutions, contracts, administrators and users.
  registerOperatorRegisterRoutes(app, deps);
}
