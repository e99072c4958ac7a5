/**
 * The patient's own-data routes, in the citizen workplace (module.ts; its gate admits a citizen
 * sign-in and checks the CSRF token of every POST):
 *   GET  /ehealth/my-data/                  documents, consents, the link to the access report
 *   GET  /ehealth/my-data/:id               one document, its restriction and emergency reads
 *   POST /ehealth/my-data/:id/restriction   restrict (restricted=yes) or lift (no), confirmed
 * Thin: read the form, ask own-data.ts, render. Another patient's document is 404 (not 403).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { EhealthError } from "../errors.ts";
import type { EhealthRouteDeps } from "../module.ts";
import { contextOf, formFields, html, withEhealthErrors } from "../pages/shared-respond.tsx";
import { requireSignIn, type SignedInPerson } from "../web-session/web-session.ts";
import {
  type Citizen,
  listOwnConsents,
  listOwnDocuments,
  readOwnDocument,
  setOwnRestriction,
} from "./own-data.ts";
import { documentHref, MY_DATA_PATH, myDataPage, ownDocumentPage, type RestrictionNote } from "./pages.tsx";

const DONE: Record<string, RestrictionNote> = { restricted: "restricted", lifted: "lifted" };

function citizenOf(person: SignedInPerson, request: FastifyRequest): Citizen {
  return { personCode: person.personCode, clientAddress: request.ip, correlationId: request.id };
}

const idOf = (request: FastifyRequest) => String((request.params as { id?: unknown }).id ?? "");

export function registerPatientRoutes(
  app: FastifyInstance,
  deps: Pick<EhealthRouteDeps, "db" | "now">,
): void {
  const { db, now } = deps;

  app.get(MY_DATA_PATH, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, "citizen");
    if (!person) return reply;
    const citizen = citizenOf(person, request);
    const documents = await listOwnDocuments(db, citizen, now());
    const consents = await listOwnConsents(db, citizen, now());
    return html(reply, 200, myDataPage({ ctx: contextOf(request), person, documents, consents }));
  });

  app.get(`${MY_DATA_PATH}:id`, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, "citizen");
    if (!person) return reply;
    const done = (request.query as { done?: unknown }).done;
    const note = typeof done === "string" ? DONE[done] : undefined;
    return showDocument(request, reply, person, 200, note);
  });

  app.post(`${MY_DATA_PATH}:id/restriction`, { schema: { hide: true } }, async (request, reply) => {
    const person = await requireSignIn(request, reply, "citizen");
    if (!person) return reply;
    const form = formFields(request, ["restricted", "confirm"], 8);
    const restricted = form.restricted === "yes" ? true : form.restricted === "no" ? false : undefined;
    // The form always sends one of the two; anything else, or no confirmation, changes nothing.
    if (restricted === undefined || form.confirm !== "yes")
      return showDocument(request, reply, person, 400, "confirm-missing");
    try {
      await setOwnRestriction(db, citizenOf(person, request), idOf(request), restricted, now());
    } catch (error) {
      if (error instanceof EhealthError && error.code === "conflict")
        return showDocument(request, reply, person, 409, "conflict");
      return withEhealthErrors(request, reply, () => Promise.reject(error));
    }
    return reply.redirect(`${documentHref(idOf(request))}?done=${restricted ? "restricted" : "lifted"}`, 303);
  });

  async function showDocument(
    request: FastifyRequest,
    reply: FastifyReply,
    person: SignedInPerson,
    status: number,
    note?: RestrictionNote,
  ): Promise<FastifyReply> {
    return withEhealthErrors(request, reply, async () => {
      const view = await readOwnDocument(db, citizenOf(person, request), idOf(request), now());
      return html(
        reply,
        status,
        ownDocumentPage({ ctx: contextOf(request), person, view, ...(note ? { note } : {}) }),
      );
    });
  }
}
