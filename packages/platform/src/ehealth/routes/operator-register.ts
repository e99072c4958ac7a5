/**
 * The operator's registration forms over HTTP (issue 6 item 3; CON-1, ANX1-3, ANX1-4): GET shows a
 * form, POST checks every field on the server (messages next to the fields, error summary, 400),
 * then calls MODEL's service — which decides (rights policy) and writes the change with its audit
 * record in one transaction — and redirects (PRG, 303, `done=`). A refusal names the missing
 * right (403); a taken registration number or person is a message at the field (409).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { checkMailAddress } from "../../core/outbox/index.ts";
import { parsePersonalCode } from "../../core/personal-code/index.ts";
import { dayNumber, rigaDateOf } from "../core/calendar-date.ts";
import { PROFESSIONAL_ROLES } from "../core/rights-policy.ts";
import { EhealthError } from "../errors.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import type { EhealthRouteDeps } from "../module.ts";
import { institutionHref } from "../pages/operator-pages.tsx";
import {
  REGISTER_LIMITS,
  type RegisterForm,
  registerPage,
  registerPath,
  terminatePage,
} from "../pages/operator-register.tsx";
import {
  callerOf,
  contextOf,
  formFields,
  html,
  requireOneOf,
  requireText,
  withEhealthErrors,
} from "../pages/shared-respond.tsx";
import type { FieldErrors } from "../pages/shared-workplace.tsx";
import {
  addContract,
  institutionOverview,
  institutionsForOperator,
  registerInstitution,
  terminateContract,
} from "../services/organisation.ts";
import { addUser, appointAdministrator } from "../services/people.ts";
import { CONTRACT_SCOPES, INSTITUTION_KINDS, STAFF_SIZES } from "../tables.ts";
import { requireSignIn, type SignedInPerson } from "../web-session/web-session.ts";

const FIELDS: Record<RegisterForm, string[]> = {
  institution: ["registrationNumber", "name", "kind", "staffSize", "contactEmail"],
  contract: ["number", "scope", "concludedOn", "validFrom", "validUntil"],
  administrator: ["personCode", "givenName", "familyName", "email", "ground", "evidence"],
  user: ["personCode", "givenName", "familyName", "profession", "workplace", "role", "ground", "evidence"],
};

/** What a 409 from each service means, shown at the field it is about. */
const CONFLICT: Record<RegisterForm, { field: string; key: EhealthMessageKey }> = {
  institution: { field: "registrationNumber", key: "ehealth.error.duplicateInstitution" },
  contract: { field: "number", key: "ehealth.error.conflict" },
  administrator: { field: "personCode", key: "ehealth.error.alreadyAdministrator" },
  user: { field: "personCode", key: "ehealth.error.alreadyUser" },
};

function limit(name: string): number {
  return REGISTER_LIMITS[name as keyof typeof REGISTER_LIMITS] ?? 200;
}

function checkEmail(errors: FieldErrors, values: Record<string, string>, field: string): void {
  const value = values[field] ?? "";
  if (!value) errors[field] = "ehealth.error.required";
  else if (value.length > limit(field)) errors[field] = "ehealth.error.tooLong";
  else {
    try {
      checkMailAddress(value);
    } catch {
      errors[field] = "ehealth.error.email";
    }
  }
}

function checkDate(
  errors: FieldErrors,
  values: Record<string, string>,
  field: string,
  required: boolean,
): void {
  const value = values[field] ?? "";
  if (!value) {
    if (required) errors[field] = "ehealth.error.required";
    return;
  }
  try {
    dayNumber(value);
  } catch {
    errors[field] = "ehealth.error.date";
  }
}

/** The personal code checked by the platform's module (date, check digit); normalised on success. */
function checkPersonCode(errors: FieldErrors, values: Record<string, string>, today: string): void {
  const value = values.personCode ?? "";
  if (!value) {
    errors.personCode = "ehealth.error.required";
    return;
  }
  const parsed = parsePersonalCode(value, { today });
  if (parsed.ok) values.personCode = parsed.code;
  else errors.personCode = "ehealth.error.personCode";
}

function validate(form: RegisterForm, values: Record<string, string>, today: string): FieldErrors {
  const errors: FieldErrors = {};
  const required = (field: string) =>
    requireText(errors, values, field, limit(field), "ehealth.error.required");
  switch (form) {
    case "institution":
      if (!/^\d{11}$/.test(values.registrationNumber ?? ""))
        errors.registrationNumber = "ehealth.error.registrationNumber";
      required("name");
      requireOneOf(errors, values, "kind", INSTITUTION_KINDS, "ehealth.error.kindRequired");
      requireOneOf(errors, values, "staffSize", STAFF_SIZES, "ehealth.error.staffSizeRequired");
      checkEmail(errors, values, "contactEmail");
      break;
    case "contract":
      required("number");
      requireOneOf(errors, values, "scope", CONTRACT_SCOPES, "ehealth.error.scopeRequired");
      checkDate(errors, values, "concludedOn", true);
      checkDate(errors, values, "validFrom", false);
      checkDate(errors, values, "validUntil", false);
      if (!errors.validUntil && !errors.validFrom && !errors.concludedOn && values.validUntil) {
        const from = values.validFrom || values.concludedOn || "";
        if (values.validUntil < from) errors.validUntil = "ehealth.error.validUntil";
      }
      break;
    case "administrator":
    case "user":
      checkPersonCode(errors, values, today);
      required("givenName");
      required("familyName");
      if (form === "administrator") checkEmail(errors, values, "email");
      else {
        required("profession");
        required("workplace");
        requireOneOf(errors, values, "role", PROFESSIONAL_ROLES, "ehealth.error.roleRequired");
      }
      requireText(errors, values, "ground", limit("ground"), "ehealth.error.groundRequired");
      requireText(errors, values, "evidence", limit("evidence"), "ehealth.error.evidenceRequired");
      break;
  }
  return errors;
}

export function registerOperatorRegisterRoutes(app: FastifyInstance, deps: EhealthRouteDeps): void {
  const services = { db: deps.db, clock: deps.now };
  type Request = FastifyRequest<{ Params: { reg?: string } }>;

  /** Renders a form after the operator's view right is checked (a refusal names the right). */
  const render = (
    form: RegisterForm,
    request: Request,
    reply: FastifyReply,
    person: SignedInPerson,
    state: { status: number; errors?: FieldErrors; values?: Record<string, string> } = { status: 200 },
  ) =>
    withEhealthErrors(request, reply, async () => {
      const caller = callerOf(person, request);
      const institution =
        form === "institution"
          ? undefined
          : (await institutionOverview(services, caller, request.params.reg ?? "")).institution;
      if (form === "institution") await institutionsForOperator(services, caller);
      return html(
        reply,
        state.status,
        registerPage(form, {
          ctx: contextOf(request),
          person,
          institution,
          errors: state.errors,
          values: state.values,
        }),
      );
    });

  /** Calls the form's service; returns where to go after it (PRG). */
  async function save(
    form: RegisterForm,
    request: Request,
    person: SignedInPerson,
    v: Record<string, string>,
  ) {
    const caller = callerOf(person, request);
    const reg = request.params.reg ?? "";
    const back = (done: string, extra = "") => `${institutionHref(reg)}?done=${done}${extra}`;
    switch (form) {
      case "institution": {
        const institution = await registerInstitution(services, caller, {
          registrationNumber: v.registrationNumber!,
          name: v.name!,
          kind: v.kind!,
          staffSize: v.staffSize!,
          contactEmail: v.contactEmail!,
        });
        return `${institutionHref(institution.registrationNumber)}?done=registered`;
      }
      case "contract":
        await addContract(services, caller, {
          registrationNumber: reg,
          number: v.number!,
          scope: v.scope!,
          concludedOn: v.concludedOn!,
          validFrom: v.validFrom || null,
          validUntil: v.validUntil || null,
        });
        return back("contract");
      case "administrator":
        await appointAdministrator(services, caller, {
          registrationNumber: reg,
          personCode: v.personCode!,
          givenName: v.givenName!,
          familyName: v.familyName!,
          email: v.email!,
          ground: v.ground!,
          evidence: v.evidence!,
        });
        return back("administrator");
      case "user":
        await addUser(services, caller, {
          registrationNumber: reg,
          personCode: v.personCode!,
          givenName: v.givenName!,
          familyName: v.familyName!,
          profession: v.profession!,
          workplace: v.workplace!,
          role: v.role!,
          ground: v.ground!,
          evidence: v.evidence!,
        });
        return back("user");
    }
  }

  registerTerminateRoutes(app, deps);

  for (const form of ["institution", "contract", "administrator", "user"] as const) {
    const route =
      form === "institution"
        ? registerPath("institution")
        : `/ehealth/operator/institutions/:reg/register/${form}`;

    app.get<{ Params: { reg?: string } }>(route, { schema: { hide: true } }, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return render(form, request, reply, person);
    });

    app.post<{ Params: { reg?: string } }>(route, { schema: { hide: true } }, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const values = formFields(request, FIELDS[form], 1000);
      const errors = validate(form, values, rigaDateOf(deps.now()));
      if (Object.keys(errors).length > 0)
        return render(form, request, reply, person, { status: 400, errors, values });
      return withEhealthErrors(
        request,
        reply,
        async () => reply.redirect(await save(form, request, person, values), 303),
        (errs, status) => {
          const shown: FieldErrors = status === 409 ? { [CONFLICT[form].field]: CONFLICT[form].key } : errs;
          return render(form, request, reply, person, { status, errors: shown, values }) as never;
        },
      );
    });
  }
}

/** CON-14: the reason is required (≤ 1000), the end date a real day, not after today (Riga). */
function validateTermination(values: Record<string, string>, today: string): FieldErrors {
  const errors: FieldErrors = {};
  requireText(errors, values, "reason", limit("ground"), "ehealth.error.terminateReasonRequired");
  checkDate(errors, values, "endedOn", true);
  if (!errors.endedOn && (values.endedOn ?? "") > today) errors.endedOn = "ehealth.error.endedOnFuture";
  return errors;
}

/**
 * CON-14: "End this contract" on the operator's institution page — GET shows the form for an
 * active contract (end date defaulting to today in Riga), POST checks it, calls
 * `terminateContract` (access blocked, every active right suspended with the termination as
 * ground, a notice queued; one transaction with its audit record) and redirects (303,
 * `done=terminated`). A contract no longer active is a message on the form (409).
 */
function registerTerminateRoutes(app: FastifyInstance, deps: EhealthRouteDeps): void {
  const services = { db: deps.db, clock: deps.now };
  const route = "/ehealth/operator/institutions/:reg/contracts/:id/terminate";
  type Request = FastifyRequest<{ Params: { reg: string; id: string } }>;

  const render = (
    request: Request,
    reply: FastifyReply,
    person: SignedInPerson,
    state: { status: number; errors?: FieldErrors; values?: Record<string, string> },
  ) =>
    withEhealthErrors(request, reply, async () => {
      const overview = await institutionOverview(services, callerOf(person, request), request.params.reg);
      const contract = overview.contracts.find((c) => c.id === request.params.id);
      if (!contract) throw new EhealthError("not-found", "no such contract at this institution");
      const errors =
        contract.status === "active" || state.errors
          ? state.errors
          : { reason: "ehealth.error.contractNotActive" as const };
      return html(
        reply,
        contract.status === "active" || state.errors ? state.status : 409,
        terminatePage({
          ctx: contextOf(request),
          person,
          institution: overview.institution,
          contract,
          errors,
          values: state.values ?? { endedOn: rigaDateOf(deps.now()) },
        }),
      );
    });

  app.get<{ Params: { reg: string; id: string } }>(
    route,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return render(request, reply, person, { status: 200 });
    },
  );

  app.post<{ Params: { reg: string; id: string } }>(
    route,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const values = formFields(request, ["reason", "endedOn"], 1000);
      const errors = validateTermination(values, rigaDateOf(deps.now()));
      if (Object.keys(errors).length > 0)
        return render(request, reply, person, { status: 400, errors, values });
      return withEhealthErrors(
        request,
        reply,
        async () => {
          const caller = callerOf(person, request);
          // The contract must belong to the institution in the path (the overview checks the right).
          const overview = await institutionOverview(services, caller, request.params.reg);
          if (!overview.contracts.some((c) => c.id === request.params.id))
            throw new EhealthError("not-found", "no such contract at this institution");
          await terminateContract(services, caller, {
            contractId: request.params.id,
            reason: values.reason!,
            endedOn: values.endedOn!,
          });
          return reply.redirect(
            `${institutionHref(overview.institution.registrationNumber)}?done=terminated`,
            303,
          );
        },
        (errs, status) => {
          const shown: FieldErrors = status === 409 ? { reason: "ehealth.error.contractNotActive" } : errs;
          return render(request, reply, person, { status, errors: shown, values }) as never;
        },
      );
    },
  );
}
