/**
 * The attestation's pages (CON-7), in a professional sign-in's scope (workplaces.ts); whether the
 * person owes an attestation at the institution is decided here, from their user or administrator
 * record there:
 *
 *   GET  /ehealth/attestation/:reg/                          the text, the download, the upload form
 *                                                            (signed already: where to go to work)
 *   GET  /ehealth/attestation/:reg/apliecinajums-2026-01.txt the document to sign
 *   POST /ehealth/attestation/:reg/                          multipart: the signed eDoc → 303 to the page
 *
 * The portal and the administrator's workplace send a person here instead of refusing when the
 * rights policy's reason is a missing attestation (portal-routes.ts, shared-respond.tsx).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { acceptMultipart, type MultipartBody, MultipartError, readMultipart } from "../../web/multipart.ts";
import { findInstitution } from "../adapters/institution-store.ts";
import type { SignatureTrust } from "../documents/signature-check.ts";
import type { EhealthRouteDeps } from "../module.ts";
import { csrfRefusedPage, ehealthNotFoundPage, refusedPage } from "../pages/shared-errors.tsx";
import { callerOf, contextOf, html } from "../pages/shared-respond.tsx";
import { CSRF_FIELD, checkCsrf, requireSignIn, type SignedInPerson } from "../web-session/web-session.ts";
import { AttestationRefusal, type AttestationRefusalCode } from "./check-signed.ts";
import { type AttestationView, attestationPage, attestationSignedPage } from "./page.tsx";
import { ATTESTATION_BASE, attestationHref } from "./paths.ts";
import { attestationStateOf, signAttestation } from "./service.ts";
import type { AttestationHolder } from "./store.ts";
import { ATTESTATION_FILE_NAME, attestationDocumentText } from "./text.ts";

/** A signed eDoc of the short text is a few tens of kilobytes; this leaves room for long chains. */
const MAX_EDOC_BYTES = 2 * 1024 * 1024;
const BODY_LIMIT = MAX_EDOC_BYTES + 64 * 1024;

const continueTo = (registrationNumber: string, holder: AttestationHolder): AttestationView["continueTo"] =>
  holder.kind === "administrator"
    ? {
        href: `/ehealth/administrator/${encodeURIComponent(registrationNumber)}/`,
        label: "ehealth.attestation.continue.administrator",
      }
    : { href: "/ehealth/portal/", label: "ehealth.attestation.continue.portal" };

export async function registerAttestationRoutes(
  app: FastifyInstance,
  deps: EhealthRouteDeps & { trust: SignatureTrust },
): Promise<void> {
  const services = { db: deps.db, clock: deps.now };
  // Only this scope reads multipart bodies: the upload works without JavaScript.
  await acceptMultipart(app);

  /** The page's facts for this person, or the reply already sent (no such institution, nothing owed). */
  async function viewOf(
    request: FastifyRequest,
    reply: FastifyReply,
    person: SignedInPerson,
  ): Promise<{ view: AttestationView; signed: boolean } | { answered: FastifyReply }> {
    const { reg } = request.params as { reg: string };
    const ctx = contextOf(request);
    const institution = /^\d{11}$/.test(reg) ? await findInstitution(deps.db, reg) : undefined;
    if (!institution) return { answered: html(reply, 404, ehealthNotFoundPage(ctx, person)) };
    const state = await attestationStateOf(services, person.personCode, reg);
    if (!state.holder)
      return { answered: html(reply, 403, refusedPage(ctx, { reason: "no-right" }, { person })) };
    return {
      view: {
        registrationNumber: reg,
        institutionName: institution.name,
        continueTo: continueTo(reg, state.holder),
      },
      signed: state.signed,
    };
  }

  app.get(`${ATTESTATION_BASE}/:reg/`, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    const found = await viewOf(request, reply, person);
    if ("answered" in found) return found.answered;
    const ctx = contextOf(request);
    return html(
      reply,
      200,
      found.signed
        ? attestationSignedPage(ctx, person, found.view)
        : attestationPage(ctx, person, found.view),
    );
  });

  app.get(`${ATTESTATION_BASE}/:reg/${ATTESTATION_FILE_NAME}`, async (request, reply) => {
    const person = await requireSignIn(request, reply, "professional");
    if (!person) return reply;
    return reply
      .type("text/plain; charset=utf-8")
      .header("content-disposition", `attachment; filename="${ATTESTATION_FILE_NAME}"`)
      .send(attestationDocumentText());
  });

  app.post(
    `${ATTESTATION_BASE}/:reg/`,
    // The token is a field of the multipart form, read by the handler below.
    { bodyLimit: BODY_LIMIT, config: { csrfCheckedInHandler: true } },
    async (request, reply) => {
      const person = await requireSignIn(request, reply, "professional", { csrf: false });
      if (!person) return reply;
      const found = await viewOf(request, reply, person);
      if ("answered" in found) return found.answered;
      const ctx = contextOf(request);
      const refuse = (code: AttestationRefusalCode, status: number) =>
        html(reply, status, attestationPage(ctx, person, found.view, code));
      let body: MultipartBody;
      try {
        body = await readMultipart(request);
      } catch (error) {
        if (!(error instanceof MultipartError)) throw error;
        return refuse("file-missing", 400);
      }
      if (!checkCsrf(person, body.fields[CSRF_FIELD])) return html(reply, 403, csrfRefusedPage(ctx, person));
      if (found.signed) return reply.redirect(attestationHref(found.view.registrationNumber), 303);
      try {
        await signAttestation(
          { ...services, trust: deps.trust },
          callerOf(person, request),
          found.view.registrationNumber,
          body.files.edoc?.data ?? new Uint8Array(),
        );
      } catch (error) {
        if (error instanceof AttestationRefusal) return refuse(error.code, 422);
        throw error;
      }
      return reply.redirect(attestationHref(found.view.registrationNumber), 303);
    },
  );
}
