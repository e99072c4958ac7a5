/**
 * The connection-application pages, registered inside the administrator's and the operator's
 * workplaces (module.ts), so each workplace's gate — role and CSRF — runs first; every handler
 * then asks the service, which decides per institution with the rights policy (an administrator of
 * another institution is refused there, 403, and audited). Forms answer PRG (303); a field's
 * problem re-renders the page with the message next to that field (400), a decision the state
 * no longer allows at its application (409).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ConfigError } from "../../../config/config-error.ts";
import { watchedPemCertificates } from "../../../config/pem-certificates.ts";
import { acceptMultipart, MultipartError, readMultipart } from "../../../web/multipart.ts";
import { findInstitution } from "../../adapters/institution-store.ts";
import { EhealthError } from "../../errors.ts";
import type { EhealthMessageKey } from "../../i18n.ts";
import type { EhealthRouteDeps } from "../../module.ts";
import { csrfRefusedPage } from "../../pages/shared-errors.tsx";
import { callerOf, contextOf, formFields, html, withEhealthErrors } from "../../pages/shared-respond.tsx";
import type { FieldErrors } from "../../pages/shared-workplace.tsx";
import { CSRF_FIELD, checkCsrf, requireSignIn, type SignedInPerson } from "../../web-session/web-session.ts";
import { administratorConnectionsPage } from "./administrator-page.tsx";
import {
  APPLICATION_LIMITS,
  type ApplicationDeps,
  approveConnectionApplication,
  approveSystemVersion,
  fileConnectionApplication,
  institutionApplications,
  operatorQueue,
  refuseConnectionApplication,
} from "./application-service.ts";
import type { CertificateRules } from "./certificate-check.ts";
import { certificatePemOfFile } from "./certificate-file.ts";
import {
  type OperatorConnectionsData,
  type OperatorDone,
  operatorConnectionsPage,
} from "./operator-page.tsx";
import {
  ADMINISTRATOR_CONNECTIONS_ROUTE,
  administratorConnectionsPath,
  OPERATOR_CONNECTIONS_PATH,
  VERSIONS_PATH,
} from "./paths.ts";

/** The listener's client CAs and key policy, from the same configuration keys the listener reads. */
export function certificateRulesOf(config: EhealthRouteDeps["config"]): CertificateRules {
  const path = config.systemAccessClientCas;
  const clientCas = path
    ? watchedPemCertificates(path, "SYSTEM_ACCESS_CLIENT_CAS", { requireCa: true, missingIsEmpty: true })
    : () => [];
  return {
    // A file that cannot be read trusts nothing: every certificate is refused as untrusted.
    clientCas: () => {
      try {
        return clientCas();
      } catch (error) {
        if (error instanceof ConfigError) return [];
        throw error;
      }
    },
    keyPolicy: { minRsaBits: config.systemAccessMinRsaBits, minEcBits: config.systemAccessMinEcBits },
  };
}

export function applicationDepsOf(deps: EhealthRouteDeps, rules?: CertificateRules): ApplicationDeps {
  return {
    db: deps.db,
    clock: deps.now,
    rules: rules ?? certificateRulesOf(deps.config),
    requireApprovedVersion: deps.config.environment === "production",
  };
}

/**
 * The message for a service's bad input at `field` (and its reason, for the certificate), next to
 * the file field when the certificate came as a file.
 */
function fieldMessage(error: EhealthError, fromFile = false): FieldErrors {
  const field = error.field ?? "systemName";
  if (field === "certificate" && fromFile)
    return {
      certificateFile:
        error.reason === undefined || error.reason === "unreadable"
          ? "ehealth.connection.error.certificateFile.unreadable"
          : (`ehealth.connection.error.certificate.${error.reason}` as EhealthMessageKey),
    };
  if (field === "certificate")
    return {
      certificate:
        `ehealth.connection.error.certificate.${error.reason ?? "unreadable"}` as EhealthMessageKey,
    };
  return { [field]: `ehealth.connection.error.${field}` as EhealthMessageKey };
}

const APPLICATION_FIELDS = ["systemName", "systemVersion", "certificate", "contactEmail"];
/** The pasted text and a certificate file at their limits, with room for the other fields. */
const FORM_BODY_LIMIT = 2 * APPLICATION_LIMITS.certificate + 16 * 1024;
const FILE_TOO_LARGE: EhealthMessageKey = "ehealth.connection.error.certificateFile.too-large";
const FORM_UNREADABLE: EhealthMessageKey = "ehealth.connection.error.certificateFile.form";

/** The administrator's page: list and file (ANX2-3). */
export function registerAdministratorConnectionRoutes(
  app: FastifyInstance,
  deps: EhealthRouteDeps,
  rules?: CertificateRules,
): void {
  const services = applicationDepsOf(deps, rules);
  type Request = FastifyRequest<{ Params: { reg: string }; Querystring: { done?: string } }>;

  const render = (
    request: Request,
    reply: FastifyReply,
    person: SignedInPerson,
    state: { status: number; errors?: FieldErrors; values?: Record<string, string> },
  ) =>
    withEhealthErrors(request, reply, async () => {
      const reg = request.params.reg;
      const applications = await institutionApplications(services, callerOf(person, request), reg);
      const institution = await findInstitution(deps.db, reg);
      if (!institution) throw new EhealthError("not-found", "no such institution");
      return html(
        reply,
        state.status,
        administratorConnectionsPage({
          ctx: contextOf(request),
          person,
          institution,
          applications,
          filed: state.status === 200 && request.query.done === "filed",
          errors: state.errors,
          values: state.values,
        }),
      );
    });

  app.get(ADMINISTRATOR_CONNECTIONS_ROUTE, { schema: { hide: true } }, async (request: Request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    return render(request, reply, person, { status: 200 });
  });

  // The form comes as multipart (a certificate file) or urlencoded (pasted only); the CSRF token
  // is then a field of the multipart body, checked here once read.
  app.register(async (scope) => {
    await acceptMultipart(scope);
    scope.post(
      ADMINISTRATOR_CONNECTIONS_ROUTE,
      { schema: { hide: true }, bodyLimit: FORM_BODY_LIMIT, config: { csrfCheckedInHandler: true } },
      async (request: Request, reply) => {
        const person = await requireSignIn(request, reply, "professional", { csrf: false });
        if (!person) return reply;
        const form = await readApplicationForm(request);
        if ("unreadable" in form)
          return render(request, reply, person, {
            status: 400,
            errors: { certificateFile: FORM_UNREADABLE },
          });
        if (!checkCsrf(person, form.csrf))
          return html(reply, 403, csrfRefusedPage(contextOf(request), person));
        const { values, file } = form;
        if (file === "too-large")
          return render(request, reply, person, {
            status: 400,
            errors: { certificateFile: FILE_TOO_LARGE },
            values,
          });
        return withEhealthErrors(request, reply, () =>
          fileConnectionApplication(services, callerOf(person, request), request.params.reg, {
            systemName: values.systemName ?? "",
            systemVersion: values.systemVersion ?? "",
            // A chosen file wins over pasted text (the form's hint says so).
            certificatePem: file ?? values.certificate ?? "",
            contactEmail: values.contactEmail ?? "",
          }).then(
            () => reply.redirect(`${administratorConnectionsPath(request.params.reg)}?done=filed`, 303),
            (error: unknown) => {
              // A refusal (403) or an unknown institution (404) is answered by withEhealthErrors.
              if (!(error instanceof EhealthError) || error.code !== "bad-input") throw error;
              return render(request, reply, person, {
                status: 400,
                errors: fieldMessage(error, file !== undefined),
                values,
              });
            },
          ),
        );
      },
    );
  });
}

/** The form's fields and certificate file, from a multipart or an urlencoded body. */
async function readApplicationForm(
  request: FastifyRequest,
): Promise<
  | { unreadable: true }
  | { values: Record<string, string>; csrf: unknown; file: string | "too-large" | undefined }
> {
  if (!request.isMultipart()) {
    const values = formFields(request, APPLICATION_FIELDS, APPLICATION_LIMITS.certificate);
    return {
      values,
      csrf: (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD],
      file: undefined,
    };
  }
  try {
    const body = await readMultipart(request, { maxFieldBytes: APPLICATION_LIMITS.certificate });
    const values = Object.fromEntries(
      APPLICATION_FIELDS.map((name) => [name, (body.fields[name] ?? "").trim()]),
    );
    return {
      values,
      csrf: body.fields[CSRF_FIELD],
      file: certificatePemOfFile(body.files.certificateFile?.data),
    };
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    return { unreadable: true };
  }
}

const DONE: readonly OperatorDone[] = ["approved", "refused", "version"];

/** The operator's queue, decisions and approved versions (ANX2-4). */
export function registerOperatorConnectionRoutes(
  app: FastifyInstance,
  deps: EhealthRouteDeps,
  rules?: CertificateRules,
): void {
  const services = applicationDepsOf(deps, rules);

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    person: SignedInPerson,
    status: number,
    state: Omit<OperatorConnectionsData, "ctx" | "person" | "queue"> = {},
  ) =>
    withEhealthErrors(request, reply, async () => {
      const queue = await operatorQueue(services, callerOf(person, request));
      return html(
        reply,
        status,
        operatorConnectionsPage({ ctx: contextOf(request), person, queue, ...state }),
      );
    });

  app.get<{ Querystring: { done?: string } }>(
    OPERATOR_CONNECTIONS_PATH,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const done = DONE.find((d) => d === request.query.done);
      return render(request, reply, person, 200, done ? { done } : {});
    },
  );

  /** A decision's refusal by the service, shown at its application. */
  const decisionFailed =
    (request: FastifyRequest, reply: FastifyReply, person: SignedInPerson, id: string) =>
    (error: unknown) => {
      if (!(error instanceof EhealthError) || (error.code !== "conflict" && error.code !== "bad-input"))
        throw error;
      const message = (
        error.code === "bad-input"
          ? "ehealth.connection.error.reason"
          : `ehealth.connection.error.${error.reason ?? "decided"}`
      ) as EhealthMessageKey;
      return render(request, reply, person, error.code === "bad-input" ? 400 : 409, {
        decisionError: { id, message },
      });
    };

  app.post<{ Params: { id: string } }>(
    `${OPERATOR_CONNECTIONS_PATH}/:id/approve`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const id = request.params.id;
      return withEhealthErrors(request, reply, () =>
        approveConnectionApplication(services, callerOf(person, request), id).then(
          () => reply.redirect(`${OPERATOR_CONNECTIONS_PATH}?done=approved`, 303),
          decisionFailed(request, reply, person, id),
        ),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    `${OPERATOR_CONNECTIONS_PATH}/:id/refuse`,
    { schema: { hide: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const id = request.params.id;
      const { reason } = formFields(request, ["reason"], APPLICATION_LIMITS.reason);
      return withEhealthErrors(request, reply, () =>
        refuseConnectionApplication(services, callerOf(person, request), id, reason ?? "").then(
          () => reply.redirect(`${OPERATOR_CONNECTIONS_PATH}?done=refused`, 303),
          decisionFailed(request, reply, person, id),
        ),
      );
    },
  );

  app.post(VERSIONS_PATH, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    const values = formFields(request, ["systemName", "systemVersion", "ground"], 1000);
    return withEhealthErrors(request, reply, () =>
      approveSystemVersion(services, callerOf(person, request), {
        systemName: values.systemName ?? "",
        systemVersion: values.systemVersion ?? "",
        ground: values.ground ?? "",
      }).then(
        () => reply.redirect(`${OPERATOR_CONNECTIONS_PATH}?done=version#versions`, 303),
        (error: unknown) => {
          if (!(error instanceof EhealthError) || error.code !== "bad-input") throw error;
          return render(request, reply, person, 400, {
            errors: { [error.field ?? "systemName"]: fieldMessage(error)[error.field ?? "systemName"] },
            values,
          });
        },
      ),
    );
  });
}
