/**
 * The professionals' portal's HTTP routes (issue 6 item 4), thin adapters over
 * documents/portal-actions.ts: sign-in at level high through the web session (`requireSignIn`,
 * "professional"), form checks, the page for each outcome. Under /ehealth/portal:
 *
 *   GET  /                      choose institution, enter personal code and purpose
 *   POST /find                  find the patient (recorded) → 303 to /patient
 *   GET  /patient?…             the patient's documents (recorded)
 *   GET  /document?…&id=        one document, rendered (recorded)
 *   GET  /upload?…              the upload form
 *   POST /upload?…              multipart upload: checked, stored, recorded → 303 to /patient
 *   POST /consent?…             CON-10: record a consent or its withdrawal → 303 to /patient,
 *                               or the patient page with the form's errors (422)
 *
 * `…` is `institution`, `patient` and `purpose` in the query (never in the path: paths are
 * logged, personal codes must not be). A refusal answers 403 with the missing right named;
 * the refusal itself was recorded by the action.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sharedHandle } from "../../core/module/index.ts";
import { ensureSecret } from "../../identity/index.ts";
import { acceptMultipart, type MultipartBody, MultipartError, readMultipart } from "../../web/multipart.ts";
import { findInstitution } from "../adapters/institution-store.ts";
import { loadGrants } from "../adapters/rights-store.ts";
import { attestationHref } from "../attestation/paths.ts";
import { isPurposeOffered, purposeChoices } from "../classifiers/index.ts";
import { CopyingRefusal, type CopyingSettings, copyingSettingsOf } from "../copying/index.ts";
import { type CdaSchemaValidator, createCdaSchemaValidator } from "../core/cda-schema.ts";
import { PROFESSIONAL_ROLES } from "../core/rights-policy.ts";
import { MAX_DOCUMENT_BYTES } from "../documents/check-upload.ts";
import { DocumentError } from "../documents/errors.ts";
import {
  findPatient,
  isPurpose,
  listPatientDocuments,
  PortalInputError,
  PortalRefusal,
  type PortalRequest,
  patientCodeOf,
  readDocument,
  uploadDocument,
} from "../documents/portal-actions.ts";
import type { SignatureTrust } from "../documents/signature-check.ts";
import type { EhealthRouteDeps } from "../module.ts";
import {
  type ConsentFormState,
  copyingRefusedPage,
  documentNotFoundPage,
  documentPage,
  type FindFormState,
  type HomeChoices,
  type InstitutionChoice,
  type PatientNotice,
  PORTAL_BASE,
  type PortalPageContext,
  type PortalSelection,
  patientPage,
  portalHomePage,
  portalHref,
  refusedPage,
  uploadPage,
  withPortalTexts,
} from "../pages/portal-pages.tsx";
import { ehealthPageContext } from "../pages/shared-components.tsx";
import { csrfRefusedPage } from "../pages/shared-errors.tsx";
import {
  type ConsentForm,
  ConsentInputError,
  listPatientConsents,
  recordConsent,
} from "../services/consents.ts";
import {
  CSRF_FIELD,
  checkCsrf,
  currentSignIn,
  requireSignIn,
  type SignedInPerson,
} from "../web-session/web-session.ts";
import { patientRefs } from "./patient-ref.ts";

export interface PortalRouteDeps extends EhealthRouteDeps {
  /**
   * Trust for signed documents: anchors (and optionally revocation fetchers). Absent: no anchors,
   * so every signature is "indeterminate" — never "valid" without a configured trust anchor.
   */
  signatureTrust?: SignatureTrust | undefined;
  /** A ready schema validator (tests share one); default: the schema in the shared specs folder. */
  schemaValidator?: CdaSchemaValidator;
}

/** The multipart body may carry the document plus the form's few small fields. */
const UPLOAD_BODY_LIMIT = MAX_DOCUMENT_BYTES + 64 * 1024;

const html = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).type("text/html; charset=utf-8").send(body);

function contextOf(request: FastifyRequest): PortalPageContext {
  return withPortalTexts(ehealthPageContext(request.language, request.url));
}

function portalRequest(
  request: FastifyRequest,
  person: SignedInPerson,
  institution: string,
  purpose: string | undefined,
  now: Date,
  copying: CopyingSettings,
): PortalRequest {
  return {
    personCode: person.personCode,
    level: person.level,
    institution,
    purpose,
    clientAddress: request.ip,
    correlationId: request.id,
    now,
    copying,
  };
}

export async function registerPortalRoutes(app: FastifyInstance, deps: PortalRouteDeps): Promise<void> {
  const { db, now } = deps;
  const schema = deps.schemaValidator ?? (await createCdaSchemaValidator());
  const trust: SignatureTrust = deps.signatureTrust ?? { anchors: () => [], now };
  const ports = { schema, trust };
  // CON-3, ANX2-17: every patient-data read of the portal is counted against these limits.
  const copying = copyingSettingsOf(deps.config);
  // Patient references in addresses: sealed under a secret every server process shares.
  const refs = patientRefs(await ensureSecret(sharedHandle(db), "ehealth-patient-reference"));

  /**
   * What the search offers: the institutions the person holds a professional right at (suspended
   * ones shown as such) and the purposes of the purposes classifier valid today (ANX2-17).
   */
  async function homeChoicesOf(person: SignedInPerson): Promise<HomeChoices> {
    const [institutions, purposes] = await Promise.all([institutionsOf(person), purposeChoices(db, now())]);
    return { institutions, purposes };
  }

  async function institutionsOf(person: SignedInPerson): Promise<InstitutionChoice[]> {
    const grants = await loadGrants(db, person.personCode, now());
    // One choice per institution: an active right wins over a suspended one of another role.
    const choices = new Map<string, InstitutionChoice>();
    for (const grant of grants) {
      if (!grant.institutionId || grant.status === "annulled") continue;
      if (!(PROFESSIONAL_ROLES as readonly string[]).includes(grant.role)) continue;
      const known = choices.get(grant.institutionId);
      if (known && !(known.suspended && grant.status === "active")) continue;
      const institution = await findInstitution(db, grant.institutionId);
      choices.set(grant.institutionId, {
        registrationNumber: grant.institutionId,
        name: institution?.name ?? grant.institutionId,
        role: grant.role,
        suspended: grant.status === "suspended",
      });
    }
    return [...choices.values()];
  }

  async function institutionName(registrationNumber: string): Promise<string> {
    return (await findInstitution(db, registrationNumber))?.name ?? registrationNumber;
  }

  /**
   * Institution, patient and purpose from the search form (`from: "form"`, the personal code as
   * typed) or from a page's address (`from: "address"`, the patient as an opaque reference that
   * only this professional's session opens — personal codes never travel in addresses).
   */
  async function selectionOf(
    input: Record<string, unknown>,
    viewer: SignedInPerson,
    from: "form" | "address",
  ): Promise<{ selection?: PortalSelection; state: FindFormState }> {
    const institution = typeof input.institution === "string" ? input.institution.trim() : "";
    const patientText = typeof input.patient === "string" ? input.patient : "";
    const purpose = typeof input.purpose === "string" ? input.purpose : "";
    const state: FindFormState = {
      institution,
      patient: from === "form" ? patientText.slice(0, 64) : "",
      purpose,
      errors: [],
    };
    let patient = "";
    if (from === "address") {
      patient = refs.open(patientText, viewer.subject) ?? "";
      if (!patient) state.errors?.push({ field: "patient", code: "patient-ref" });
    } else {
      try {
        patient = patientCodeOf(patientText);
      } catch (error) {
        if (!(error instanceof PortalInputError)) throw error;
        state.errors?.push({ field: "patient", code: error.code });
      }
    }
    if (!/^\d{11}$/.test(institution)) state.errors?.push({ field: "institution", code: "bad-institution" });
    if (!isPurpose(purpose) || !(await isPurposeOffered(db, purpose, now())))
      state.errors?.push({ field: "purpose", code: "unknown-purpose" });
    if (state.errors?.length || !isPurpose(purpose)) return { state };
    const patientRef = from === "address" ? patientText : refs.seal(patient, viewer.subject);
    return {
      selection: {
        institution,
        institutionName: await institutionName(institution),
        patient,
        patientRef,
        purpose,
      },
      state,
    };
  }

  /**
   * The patient page: documents and consents (each listing recorded), optionally with the consent
   * form's errors. A refusal of either listing answers the refusal page.
   */
  async function showPatient(
    request: FastifyRequest,
    reply: FastifyReply,
    person: SignedInPerson,
    selection: PortalSelection,
    state: FindFormState,
    options: { status?: number; notice?: PatientNotice | undefined; form?: ConsentFormState } = {},
  ) {
    const portalReq = portalRequest(
      request,
      person,
      selection.institution,
      selection.purpose,
      now(),
      copying,
    );
    try {
      const { patient, documents } = await listPatientDocuments(db, portalReq, selection.patient);
      if (!patient)
        return html(
          reply,
          404,
          portalHomePage(contextOf(request), person, await homeChoicesOf(person), {
            ...state,
            notFound: true,
          }),
        );
      const consents = await listPatientConsents(db, portalReq, selection.patient);
      const names = new Map<string, string>();
      for (const registrationNumber of [
        ...documents.map((d) => d.registrationNumber),
        ...consents.map((c) => c.registrationNumber),
      ]) {
        if (!names.has(registrationNumber))
          names.set(registrationNumber, await institutionName(registrationNumber));
      }
      return html(
        reply,
        options.status ?? 200,
        patientPage(contextOf(request), person, selection, patient, documents, names, options.notice, {
          consents,
          ...(options.form ? { form: options.form } : {}),
        }),
      );
    } catch (error) {
      return answerRefusal(reply, request, person, error, selection.institution);
    }
  }

  async function answerRefusal(
    reply: FastifyReply,
    request: FastifyRequest,
    person: SignedInPerson,
    error: unknown,
    institution: string,
  ) {
    if (error instanceof PortalRefusal) {
      // CON-7: an unsigned attestation is no dead end — the person is shown it to sign, then works.
      if (error.decision.reason === "attestation-missing")
        return reply.redirect(attestationHref(institution), 303);
      return html(reply, 403, refusedPage(contextOf(request), person, error.decision));
    }
    if (error instanceof CopyingRefusal) {
      // CON-3: a limit passes with its window (429, Retry-After); a suspension waits for the operator (403).
      if (error.crossed) reply.header("retry-after", String(error.crossed.retryAfterSeconds));
      return html(reply, error.crossed ? 429 : 403, copyingRefusedPage(contextOf(request), person, error));
    }
    throw error;
  }

  await app.register(async (portal) => {
    // Only this plugin reads multipart bodies (the upload form works without JavaScript).
    await acceptMultipart(portal);

    // An upload over the size limit is refused before its body is read: answer with the upload
    // page and a coded error, not the platform's JSON error (the form works without JavaScript).
    portal.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
      if (error.statusCode !== 413 || !request.url.startsWith(`${PORTAL_BASE}/upload`)) throw error;
      const person = await currentSignIn(request, "professional");
      if (!person) throw error;
      const { selection } = await selectionOf(request.query as Record<string, unknown>, person, "address");
      if (!selection) throw error;
      const tooLarge = new DocumentError(
        "document-too-large",
        `the upload is over ${MAX_DOCUMENT_BYTES} bytes; at most ${MAX_DOCUMENT_BYTES} are accepted`,
      );
      reply.header("connection", "close");
      return html(reply, 413, uploadPage(contextOf(request), person, selection, tooLarge));
    });

    portal.get(`${PORTAL_BASE}`, async (_request, reply) => reply.redirect(`${PORTAL_BASE}/`, 301));

    portal.get(`${PORTAL_BASE}/`, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      return html(reply, 200, portalHomePage(contextOf(request), person, await homeChoicesOf(person)));
    });

    portal.post(`${PORTAL_BASE}/find`, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const form = (request.body ?? {}) as Record<string, unknown>;
      const { selection, state } = await selectionOf(form, person, "form");
      if (!selection)
        return html(
          reply,
          400,
          portalHomePage(contextOf(request), person, await homeChoicesOf(person), state),
        );
      try {
        const patient = await findPatient(
          db,
          portalRequest(request, person, selection.institution, selection.purpose, now(), copying),
          selection.patient,
        );
        if (!patient)
          return html(
            reply,
            404,
            portalHomePage(contextOf(request), person, await homeChoicesOf(person), {
              ...state,
              notFound: true,
            }),
          );
        return reply.redirect(portalHref("/patient", selection), 303);
      } catch (error) {
        return answerRefusal(reply, request, person, error, selection.institution);
      }
    });

    portal.get(`${PORTAL_BASE}/patient`, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const query = request.query as Record<string, unknown>;
      const { selection, state } = await selectionOf(query, person, "address");
      if (!selection)
        return html(
          reply,
          400,
          portalHomePage(contextOf(request), person, await homeChoicesOf(person), state),
        );
      const notice = (["uploaded", "consent-given", "consent-withdrawn"] as const).find(
        (n) => n === query.notice,
      );
      return showPatient(request, reply, person, selection, state, { notice });
    });

    // CON-10: record a consent or its withdrawal (urlencoded form; CSRF checked by requireSignIn).
    portal.post(`${PORTAL_BASE}/consent`, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const { selection, state } = await selectionOf(
        request.query as Record<string, unknown>,
        person,
        "address",
      );
      if (!selection)
        return html(
          reply,
          400,
          portalHomePage(contextOf(request), person, await homeChoicesOf(person), state),
        );
      const body = (request.body ?? {}) as Record<string, unknown>;
      const text = (value: unknown) => (typeof value === "string" ? value.slice(0, 400) : "");
      const form: ConsentForm = {
        event: body.event,
        topic: body.topic,
        date: body.date,
        evidence: body.evidence,
      };
      try {
        const consent = await recordConsent(
          db,
          portalRequest(request, person, selection.institution, selection.purpose, now(), copying),
          selection.patient,
          form,
        );
        const notice = consent.status === "given" ? "consent-given" : "consent-withdrawn";
        return reply.redirect(portalHref("/patient", selection, { notice }), 303);
      } catch (error) {
        if (!(error instanceof ConsentInputError))
          return answerRefusal(reply, request, person, error, selection.institution);
        return showPatient(request, reply, person, selection, state, {
          status: 422,
          form: {
            event: text(body.event),
            topic: text(body.topic),
            date: text(body.date),
            evidence: text(body.evidence),
            errors: error.problems,
          },
        });
      }
    });

    portal.get(`${PORTAL_BASE}/document`, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const query = request.query as Record<string, unknown>;
      const { selection, state } = await selectionOf(query, person, "address");
      if (!selection)
        return html(
          reply,
          400,
          portalHomePage(contextOf(request), person, await homeChoicesOf(person), state),
        );
      const id = typeof query.id === "string" ? query.id : "";
      try {
        const document = await readDocument(
          db,
          portalRequest(request, person, selection.institution, selection.purpose, now(), copying),
          selection.patient,
          id,
        );
        return html(
          reply,
          200,
          documentPage(
            contextOf(request),
            person,
            selection,
            document,
            await institutionName(document.registrationNumber),
          ),
        );
      } catch (error) {
        if (error instanceof DocumentError && error.code === "document-not-found")
          return html(reply, 404, documentNotFoundPage(contextOf(request), person, selection));
        return answerRefusal(reply, request, person, error, selection.institution);
      }
    });

    portal.get(`${PORTAL_BASE}/upload`, async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional");
      if (!person) return reply;
      const { selection, state } = await selectionOf(
        request.query as Record<string, unknown>,
        person,
        "address",
      );
      if (!selection)
        return html(
          reply,
          400,
          portalHomePage(contextOf(request), person, await homeChoicesOf(person), state),
        );
      return html(reply, 200, uploadPage(contextOf(request), person, selection));
    });

    portal.post(
      `${PORTAL_BASE}/upload`,
      // The token is a field of the multipart form, read by the handler below.
      { bodyLimit: UPLOAD_BODY_LIMIT, config: { csrfCheckedInHandler: true } },
      async (request, reply) => {
        // The CSRF token is inside the multipart body: checked below, after reading it.
        const person = await requireSignIn(request, reply, "professional", { csrf: false });
        if (!person) return reply;
        const ctx = contextOf(request);
        const { selection, state } = await selectionOf(
          request.query as Record<string, unknown>,
          person,
          "address",
        );
        if (!selection)
          return html(reply, 400, portalHomePage(ctx, person, await homeChoicesOf(person), state));
        let body: MultipartBody;
        try {
          body = await readMultipart(request);
        } catch (error) {
          if (!(error instanceof MultipartError)) throw error;
          return html(
            reply,
            400,
            uploadPage(ctx, person, selection, new DocumentError("document-empty", error.message)),
          );
        }
        if (!checkCsrf(person, body.fields[CSRF_FIELD])) {
          return html(reply, 403, csrfRefusedPage(ctx, person));
        }
        const file = body.files.document;
        try {
          await uploadDocument(
            db,
            portalRequest(request, person, selection.institution, selection.purpose, now(), copying),
            selection.patient,
            file?.data ?? new Uint8Array(),
            ports,
          );
        } catch (error) {
          if (error instanceof DocumentError)
            return html(reply, 422, uploadPage(ctx, person, selection, error));
          return answerRefusal(reply, request, person, error, selection.institution);
        }
        return reply.redirect(portalHref("/patient", selection, { notice: "uploaded" }), 303);
      },
    );
  });
}
