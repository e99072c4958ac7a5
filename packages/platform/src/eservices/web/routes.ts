/**
 * The registration workplaces' routes (ESV-2, ESV-3, SIG-6). Representative: the form
 * (`POST …/form` answers the unsigned eDoc to sign, or the form again with its problems), the
 * signed eDoc's upload (multipart; the submission checks decide) and the institutions' own forms
 * with their status history. Agency: the queue, one form with its fields and signature facts,
 * register (contact person; the notice queued in the core outbox) and refuse (reason).
 * Every route lives in its workplace's scope (gates.ts), so none can skip the gate.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { CSRF_FIELD, checkCsrf } from "../../core/web-session/index.ts";
import { workplace } from "../../http/route-access.ts";
import { pageContext } from "../../web/layout.tsx";
import { acceptMultipart, MultipartError, readMultipart } from "../../web/multipart.ts";
import { formFields, html } from "../../web/respond.ts";
import { findForm, formHistory, listQueue, refuseForm, registerForm } from "../agency.ts";
import { checkRegistrationForm } from "../core/registration-form.ts";
import type { EservicesDatabase } from "../database.ts";
import { EservicesError, SUBMISSION_REFUSALS, type SubmissionRefusalCode } from "../errors.ts";
import { buildFormEdoc } from "../form-container.ts";
import { platformOutboxMail } from "../outbox-mail.ts";
import type { SignatureAnchors } from "../signature-trust.ts";
import { submitSignedForm } from "../submission.ts";
import { agencyGate, ESERVICES_ACCESS, representativeGate } from "./gates.ts";
import { workplaceText } from "./messages.ts";
import {
  AGENCY_BASE,
  agencyFormPage,
  type FilledForm,
  messagePage,
  queuePage,
  REPRESENTATIVE_BASE,
  representativeFormPage,
  representativePage,
  TEXT_FIELD_NAMES,
} from "./pages.tsx";
import { formsOfInstitutions, institutionsRepresentedBy } from "./representative-forms.ts";
import { eservicesSession } from "./session.ts";

export interface WorkplaceDeps {
  db: Kysely<EservicesDatabase>;
  anchors: SignatureAnchors;
  maxFormBytes: number;
  agencyStaff: readonly string[];
  now: () => Date;
}

/**
 * The page's context. A page answered to a form post switches language on the page's own
 * address, as the post's address shows no page.
 */
const contextOf = (request: FastifyRequest, pagePath?: string) =>
  pageContext(request.language, pagePath ?? request.url);

/** The admitted person (the workplace's gate ran before every handler). */
function personOf(request: FastifyRequest) {
  const person = eservicesSession.signedInOf(request);
  if (!person) throw new Error("an e-services workplace route ran without its gate");
  return person;
}

/** The checkboxes' values: one string, several, or none. */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string").slice(0, 10);
  return typeof value === "string" ? [value] : [];
}

function filledOf(request: FastifyRequest): FilledForm {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return {
    text: formFields(request, TEXT_FIELD_NAMES, 4000),
    audiences: listOf(body.audiences),
    channels: listOf(body.channels),
  };
}

export async function registerWorkplaceRoutes(app: FastifyInstance, deps: WorkplaceDeps): Promise<void> {
  await workplace(app, { access: ESERVICES_ACCESS.representative, gate: representativeGate(deps) }, (scope) =>
    representativeRoutes(scope, deps),
  );
  await workplace(app, { access: ESERVICES_ACCESS.agency, gate: agencyGate(deps) }, (scope) =>
    agencyRoutes(scope, deps),
  );
}

async function representativeRoutes(scope: FastifyInstance, deps: WorkplaceDeps): Promise<void> {
  // Only this scope reads multipart bodies: the upload form works without JavaScript.
  await acceptMultipart(scope);
  // An upload over the limit is refused while its body is read, before the gate: a signed-in
  // representative gets the form page with the "too large" reason by the file field, not the
  // platform's JSON error (the form works without JavaScript); anyone else the plain refusal.
  scope.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    if (error.statusCode !== 413 || !request.url.startsWith(`${REPRESENTATIVE_BASE}/upload`)) throw error;
    const person = await eservicesSession.currentSignIn(request, "representative");
    if (!person || (await institutionsRepresentedBy(deps.db, person.personCode)).length === 0) throw error;
    const ctx = contextOf(request, `${REPRESENTATIVE_BASE}/`);
    return html(
      reply,
      413,
      representativePage(ctx, person, await ownForms(person.personCode), { refusal: "too-large" }),
    );
  });
  const ownForms = async (personalCode: string) =>
    formsOfInstitutions(deps.db, await institutionsRepresentedBy(deps.db, personalCode));
  const page = async (request: FastifyRequest, reply: FastifyReply, status: number, state = {}) => {
    const person = personOf(request);
    return html(
      reply,
      status,
      representativePage(
        contextOf(request, `${REPRESENTATIVE_BASE}/`),
        person,
        await ownForms(person.personCode),
        state,
      ),
    );
  };

  scope.get(`${REPRESENTATIVE_BASE}/`, (request, reply) => page(request, reply, 200));

  // ESV-2: the unsigned eDoc, the same builder as `tilts eservices form`; or the form again.
  scope.post(`${REPRESENTATIVE_BASE}/form`, async (request, reply) => {
    const filled = filledOf(request);
    const t = filled.text;
    const checked = checkRegistrationForm({
      nameLv: t["name.lv"],
      nameEn: t["name.en"],
      descriptionLv: t["description.lv"],
      descriptionEn: t["description.en"],
      audiences: filled.audiences,
      channels: filled.channels,
      legalBasis: t.legalBasis,
      institutionRegistrationNumber: t["institution.registrationNumber"],
      institutionName: t["institution.name"],
      institutionEmail: t["institution.email"],
      contactName: t["contact.name"],
      contactEmail: t["contact.email"],
      contactPhone: t["contact.phone"],
    });
    if (!checked.ok) return page(request, reply, 400, { filled, problems: checked.problems });
    const edoc = buildFormEdoc(checked.form, deps.now());
    return reply
      .code(200)
      .type("application/vnd.etsi.asic-e+zip")
      .header("content-disposition", 'attachment; filename="eservice-registration.edoc"')
      .send(Buffer.from(edoc));
  });

  // ESV-2, SIG-6: the signed eDoc; the CSRF token is a field of the multipart body.
  scope.post(
    `${REPRESENTATIVE_BASE}/upload`,
    { bodyLimit: deps.maxFormBytes + 64 * 1024, config: { csrfCheckedInHandler: true } },
    async (request, reply) => {
      const person = personOf(request);
      let file: Uint8Array | undefined;
      try {
        const body = await readMultipart(request);
        if (!checkCsrf(person, body.fields[CSRF_FIELD])) {
          const t = workplaceText[contextOf(request).language];
          return html(reply, 403, messagePage(contextOf(request), t.csrfTitle, t.csrfBody));
        }
        file = body.files.file?.data;
      } catch (error) {
        if (!(error instanceof MultipartError)) throw error;
      }
      const refuse = (code: SubmissionRefusalCode, status: number) =>
        page(request, reply, status, { refusal: code });
      if (!file || file.length === 0) return refuse("not-an-edoc", 400);
      try {
        const submitted = await submitSignedForm(
          deps.db,
          file,
          { anchors: deps.anchors, maxBytes: deps.maxFormBytes },
          deps.now(),
          { clientAddress: request.ip },
        );
        return reply.redirect(`${REPRESENTATIVE_BASE}/forms/${submitted.id}`, 303);
      } catch (error) {
        if (error instanceof EservicesError && error.code in SUBMISSION_REFUSALS)
          return refuse(error.code as SubmissionRefusalCode, error.status);
        throw error;
      }
    },
  );

  // A form of one of the person's institutions, with its status history; others are "not found".
  scope.get<{ Params: { id: string } }>(`${REPRESENTATIVE_BASE}/forms/:id`, async (request, reply) => {
    const person = personOf(request);
    const ctx = contextOf(request);
    const stored = await findForm(deps.db, request.params.id);
    const mine = await institutionsRepresentedBy(deps.db, person.personCode);
    if (!stored || !mine.includes(stored.form.institution.registrationNumber))
      return html(reply, 404, messagePage(ctx, workplaceText[ctx.language].notFoundTitle, ""));
    return html(
      reply,
      200,
      representativeFormPage(ctx, person, stored, await formHistory(deps.db, stored.id)),
    );
  });
}

function agencyRoutes(scope: FastifyInstance, deps: WorkplaceDeps): void {
  scope.get(`${AGENCY_BASE}/`, async (request, reply) => {
    return html(reply, 200, queuePage(contextOf(request), personOf(request), await listQueue(deps.db)));
  });

  const formPage = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    status: number,
    state = {},
  ) => {
    const ctx = contextOf(request, `${AGENCY_BASE}/forms/${encodeURIComponent(request.params.id)}`);
    const stored = await findForm(deps.db, request.params.id);
    if (!stored) return html(reply, 404, messagePage(ctx, workplaceText[ctx.language].notFoundTitle, ""));
    const history = await formHistory(deps.db, stored.id);
    return html(reply, status, agencyFormPage(ctx, personOf(request), stored, history, state));
  };

  scope.get<{ Params: { id: string } }>(`${AGENCY_BASE}/forms/:id`, (request, reply) =>
    formPage(request, reply, 200),
  );

  /** Runs a decision; its coded refusals come back on the form's page. */
  const decide = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    values: Record<string, string>,
    act: () => Promise<unknown>,
  ) => {
    try {
      await act();
      return reply.redirect(`${AGENCY_BASE}/forms/${request.params.id}`, 303);
    } catch (error) {
      if (!(error instanceof EservicesError)) throw error;
      if (error.code === "bad-input")
        return formPage(request, reply, 400, { values, problems: error.fields });
      if (error.code === "not-submitted") return formPage(request, reply, 409, { alreadyDecided: true });
      if (error.code === "not-found") return formPage(request, reply, 404);
      throw error;
    }
  };

  // ESV-3: the identifier and the agency's contact person; the institution's notice is queued.
  scope.post<{ Params: { id: string } }>(`${AGENCY_BASE}/forms/:id/register`, (request, reply) => {
    const values = formFields(request, ["contactName", "contactEmail"], 254);
    return decide(request, reply, values, () =>
      registerForm(
        deps.db,
        request.params.id,
        { name: values.contactName ?? "", email: values.contactEmail ?? "" },
        { actor: personOf(request).subject, now: deps.now(), mail: platformOutboxMail() },
      ),
    );
  });

  scope.post<{ Params: { id: string } }>(`${AGENCY_BASE}/forms/:id/refuse`, (request, reply) => {
    const values = formFields(request, ["reason"], 2000);
    return decide(request, reply, values, () =>
      refuseForm(deps.db, request.params.id, values.reason ?? "", {
        actor: personOf(request).subject,
        now: deps.now(),
        mail: platformOutboxMail(),
      }),
    );
  });
}
