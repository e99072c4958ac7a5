/**
 * The support routes (CON-2, CON-12), thin adapters over support-service.ts. In the portal
 * workplace (a professional sign-in; the service checks the right at the institution):
 *
 *   GET  /ehealth/portal/support/            the form and the person's own requests
 *   POST /ehealth/portal/support/            multipart: filed → 303 back with the reference,
 *                                            or the form with messages next to the fields (400/413)
 *
 * In the operator's workplace (its gate admits the operator only):
 *
 *   GET  /ehealth/operator/support/          the queue, due dates, overdue marks
 *   GET  /ehealth/operator/support/:id       one request and the answer form
 *   GET  /ehealth/operator/support/:id/screenshot   the image, with a CSP that runs nothing
 *   POST /ehealth/operator/support/:id/reply the answer → e-mail → 303 to the queue
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { acceptMultipart, type MultipartBody, MultipartError, readMultipart } from "../../web/multipart.ts";
import { EhealthError } from "../errors.ts";
import type { EhealthRouteDeps } from "../module.ts";
import { csrfRefusedPage } from "../pages/shared-errors.tsx";
import { contextOf, formFields, html, withEhealthErrors } from "../pages/shared-respond.tsx";
import {
  CSRF_FIELD,
  checkCsrf,
  currentSignIn,
  requireSignIn,
  type SignedInPerson,
} from "../web-session/web-session.ts";
import type { SupportFormErrors } from "./messages.ts";
import {
  OPERATOR_SUPPORT,
  PORTAL_SUPPORT,
  portalSupportPage,
  type SupportFormValues,
  supportQueuePage,
  supportRequestPage,
} from "./pages.tsx";
import { MAX_SCREENSHOT_BYTES } from "./screenshot.ts";
import {
  fileSupportRequest,
  getSupportRequest,
  MAX_REPLY,
  ownSupportRequests,
  replyToSupportRequest,
  SupportInputError,
  SupportReplyError,
  supportInstitutionsOf,
  supportQueue,
  supportScreenshot,
} from "./support-service.ts";

/** The screenshot plus the form's few short fields. */
const BODY_LIMIT = MAX_SCREENSHOT_BYTES + 64 * 1024;
const FORM_FIELDS = ["institution", "occurredDate", "occurredTime", "description", "contactEmail"] as const;

export async function registerSupportPortalRoutes(
  app: FastifyInstance,
  deps: EhealthRouteDeps,
): Promise<void> {
  const { db, now } = deps;

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    person: SignedInPerson,
    status: number,
    form: { values?: SupportFormValues; errors?: SupportFormErrors; filed?: string } = {},
  ) {
    const at = now();
    const [institutions, requests] = await Promise.all([
      supportInstitutionsOf(db, person.personCode, at),
      ownSupportRequests(db, person.personCode, at),
    ]);
    const filed = form.filed ? requests.find((r) => r.reference === form.filed) : undefined;
    const values = form.values ?? {
      institution: institutions.length === 1 ? institutions[0]!.registrationNumber : "",
    };
    return html(
      reply,
      status,
      portalSupportPage({
        ctx: contextOf(request),
        person,
        institutions,
        requests,
        values,
        errors: form.errors ?? {},
        filed,
      }),
    );
  }

  await app.register(async (scope) => {
    // Only this plugin reads multipart bodies for the support form (it works without JavaScript).
    await acceptMultipart(scope);
    // A body over the limit is refused before it is read (the gate has not run yet): the form
    // again, the message next to the screenshot field — for a signed-in professional only.
    scope.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
      if (error.statusCode !== 413) throw error;
      const person = await currentSignIn(request, "professional");
      if (!person) throw error;
      reply.header("connection", "close");
      return page(request, reply, person, 413, { errors: { screenshot: "too-large" } });
    });

    scope.get(`${PORTAL_SUPPORT}/`, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const query = (request.query ?? {}) as Record<string, unknown>;
      const filed = typeof query.filed === "string" ? query.filed.slice(0, 20) : undefined;
      return page(request, reply, person, 200, filed ? { filed } : {});
    });

    scope.post(
      `${PORTAL_SUPPORT}/`,
      // The CSRF token is a field of the multipart form: the handler checks it after reading it.
      { bodyLimit: BODY_LIMIT, config: { csrfCheckedInHandler: true } },
      async (request, reply) => {
        const person = await requireSignIn(request, reply, "professional", { csrf: false });
        if (!person) return reply;
        let body: MultipartBody;
        try {
          body = await readMultipart(request);
        } catch (error) {
          if (!(error instanceof MultipartError)) throw error;
          if (!checkCsrf(person, (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD]))
            return html(reply, 403, csrfRefusedPage(contextOf(request), person));
          return page(request, reply, person, 400, { errors: { screenshot: "invalid" } });
        }
        if (!checkCsrf(person, body.fields[CSRF_FIELD]))
          return html(reply, 403, csrfRefusedPage(contextOf(request), person));
        const values: SupportFormValues = Object.fromEntries(
          FORM_FIELDS.map((f) => [f, body.fields[f] ?? ""]),
        );
        const file = body.files.screenshot;
        const filer = {
          personCode: person.personCode,
          subject: person.subject,
          name: `${person.givenName} ${person.familyName}`.trim(),
        };
        try {
          const filed = await withEhealthErrors(request, reply, () =>
            fileSupportRequest(
              db,
              filer,
              {
                institution: values.institution ?? "",
                occurredDate: values.occurredDate ?? "",
                occurredTime: values.occurredTime ?? "",
                description: values.description ?? "",
                contactEmail: values.contactEmail ?? "",
                screenshot: file?.data,
              },
              now(),
            ),
          );
          if (!("reference" in filed)) return filed;
          return reply.redirect(`${PORTAL_SUPPORT}/?filed=${encodeURIComponent(filed.reference)}`, 303);
        } catch (error) {
          if (!(error instanceof SupportInputError)) throw error;
          return page(request, reply, person, 400, { values, errors: error.fields });
        }
      },
    );
  });
}

export function registerSupportOperatorRoutes(app: FastifyInstance, deps: EhealthRouteDeps): void {
  const { db, now } = deps;
  const idOf = (request: FastifyRequest) => String((request.params as { id?: unknown }).id ?? "");

  app.get(`${OPERATOR_SUPPORT}/`, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const requests = await supportQueue(db, now());
    // Only a reference of the queue is echoed back (PRG notice).
    const answered = typeof query.answered === "string" ? query.answered.slice(0, 20) : undefined;
    const known = answered && /^\d{4}-\d{6,}$/.test(answered) ? answered : undefined;
    return html(reply, 200, supportQueuePage({ ctx: contextOf(request), person, requests, answered: known }));
  });

  app.get(`${OPERATOR_SUPPORT}/:id`, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    return withEhealthErrors(request, reply, async () => {
      const supportRequest = await getSupportRequest(db, idOf(request), now());
      return html(
        reply,
        200,
        supportRequestPage({ ctx: contextOf(request), person, request: supportRequest }),
      );
    });
  });

  app.get(`${OPERATOR_SUPPORT}/:id/screenshot`, async (request, reply) => {
    return withEhealthErrors(request, reply, async () => {
      const image = await supportScreenshot(db, idOf(request));
      // An uploaded file is never run or sniffed as something else: a sandbox with nothing allowed.
      return reply
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("x-content-type-options", "nosniff")
        .header("content-disposition", "inline")
        .type(image.mediaType)
        .send(Buffer.from(image.data));
    });
  });

  app.post(`${OPERATOR_SUPPORT}/:id/reply`, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    const fields = formFields(request, ["reply", "close"], MAX_REPLY);
    return withEhealthErrors(request, reply, async () => {
      // An unknown request is 404 before the answer is looked at.
      const supportRequest = await getSupportRequest(db, idOf(request), now());
      const again = (status: number, errors?: SupportFormErrors) =>
        html(
          reply,
          status,
          supportRequestPage({
            ctx: contextOf(request),
            person,
            request: supportRequest,
            reply: fields.reply ?? "",
            ...(errors ? { errors } : {}),
          }),
        );
      try {
        await replyToSupportRequest(
          db,
          supportRequest.id,
          { text: fields.reply ?? "", close: fields.close === "1" },
          person.subject,
          now(),
        );
      } catch (error) {
        // An empty or long answer comes back with its message; a closed request shows as it is.
        if (error instanceof SupportReplyError) return again(400, { reply: error.problem });
        if (error instanceof EhealthError && error.code === "conflict") return again(409);
        throw error;
      }
      return reply.redirect(
        `${OPERATOR_SUPPORT}/?answered=${encodeURIComponent(supportRequest.reference)}`,
        303,
      );
    });
  });
}
