/**
 * The document services (ANX2-12, ANX2-16, ANX2-20): submit a signed CDA, list a patient's
 * documents (metadata only), fetch one. Each goes through the documents module's actions — the
 * same rights decision, checks and access records as the portal, on the "system" channel — so the
 * access reports show system calls beside portal work.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { CopyingSettings } from "../../copying/index.ts";
import type { EhealthDatabase as Database } from "../../database.ts";
import {
  type DocumentSummary,
  listPatientDocuments,
  MAX_DOCUMENT_BYTES,
  readDocument,
  type UploadCheckPorts,
  uploadDocument,
} from "../../documents/index.ts";
import type { SystemBinding } from "../binding-store.ts";
import { actingRequest, patientOf } from "./acting.ts";
import { ProblemError, problemOf } from "./problems.ts";
import { ANX2_20, DocumentList, PatientHeaders, problems, Submitted } from "./schemas.ts";
import type { StatedPurposes } from "./stated-purposes.ts";

export const DOCUMENTS_PATH = "/system/v1/documents";

export interface DocumentRouteDeps {
  db: Kysely<Database>;
  documents: UploadCheckPorts;
  bindingOf: (request: FastifyRequest) => SystemBinding;
  /** The purposes classifier's codes valid today (stated-purposes.ts). */
  purposes: StatedPurposes;
  now: () => Date;
  /** Anti-copying limits and detection (CON-3, ANX2-17): the system counts as a subject too. */
  copying: CopyingSettings;
}

/** What a list shows: metadata only (ANX2-20), never the content. */
export function metadataOf(document: DocumentSummary) {
  return {
    id: document.id,
    institution: document.registrationNumber,
    author: document.authorCode,
    submittedAt: document.uploadedAt.toISOString(),
    title: document.title,
    type: document.typeCode
      ? { code: document.typeCode, system: document.typeCodeSystem, display: document.typeDisplayName }
      : null,
    effectiveTime: document.effectiveTime,
    sizeBytes: document.sizeBytes,
    sha256: document.sha256,
    signature: {
      status: document.signature.status,
      signer: document.signature.signer,
      signedAt: document.signature.signedAt,
      format: document.signature.format,
    },
  };
}

export function registerDocumentRoutes(app: FastifyInstance, deps: DocumentRouteDeps): void {
  const { db } = deps;
  const ports: UploadCheckPorts = { ...deps.documents, requireValidSignature: true };
  const acting = async (request: FastifyRequest) => ({
    ...(await actingRequest(request, deps.bindingOf(request), deps.now(), deps.purposes)),
    copying: deps.copying,
  });

  // The services take XML bodies only: anything else is refused 415 before it is read.
  app.removeAllContentTypeParsers();
  // The document as sent, byte for byte: its signature verifies over exactly these bytes.
  app.addContentTypeParser(
    ["application/xml", "text/xml", "application/hl7-v3+xml"],
    { parseAs: "buffer", bodyLimit: MAX_DOCUMENT_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    DOCUMENTS_PATH,
    {
      bodyLimit: MAX_DOCUMENT_BYTES,
      schema: {
        summary: "Submit a signed clinical document (HL7 CDA R2)",
        description:
          "The body is a CDA R2 ClinicalDocument (application/xml) about the patient named in the header, with an enveloped XML signature (XAdES) by a certificate that chains to a trusted provider and whose revocation status is known (ANX2-10, ANX2-12, SIG-5). Checked in order: size (5 MiB), well-formed XML, CDA root, CDA R2 schema, the patient, the signature. The signature's validation result is stored with the document.",
        tags: ["documents"],
        headers: PatientHeaders,
        body: {
          description: "HL7 CDA R2 ClinicalDocument, signed (enveloped XAdES)",
          examples: [
            '<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">…<ds:Signature>…</ds:Signature></ClinicalDocument>',
          ],
        },
        consumes: ["application/xml"],
        response: {
          201: { ...Submitted, description: "Accepted and stored; Location names the document" },
          ...problems(400, 403, 404, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const bytes = request.body instanceof Buffer ? new Uint8Array(request.body) : new Uint8Array();
      const { id, checked } = await uploadDocument(
        db,
        await acting(request),
        patientOf(request),
        bytes,
        ports,
      );
      return reply
        .code(201)
        .header("location", `${DOCUMENTS_PATH}/${id}`)
        .header("cache-control", "no-store")
        .send({
          id,
          sha256: createHash("sha256").update(checked.bytes).digest("hex"),
          signature: {
            status: checked.signature.status,
            signer: checked.signature.signer,
            signedAt: checked.signature.signedAt,
            format: checked.signature.format,
          },
        });
    },
  );

  app.get(
    DOCUMENTS_PATH,
    {
      schema: {
        summary: "List a patient's documents (metadata only)",
        description: `The documents of the patient named in the header, newest first, without their content. ${ANX2_20}`,
        tags: ["documents"],
        headers: PatientHeaders,
        response: { 200: { ...DocumentList, description: ANX2_20 }, ...problems(400, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { patient, documents } = await listPatientDocuments(
        db,
        await acting(request),
        patientOf(request),
      );
      reply.header("cache-control", "no-store");
      if (!patient)
        throw new ProblemError(
          problemOf(
            404,
            "patient-not-found",
            "No such patient",
            "no registered patient has this personal code",
          ),
        );
      return { documents: documents.map(metadataOf) };
    },
  );

  app.get(
    `${DOCUMENTS_PATH}/:id`,
    {
      schema: {
        summary: "Fetch one document (the CDA as submitted)",
        description: `The document's bytes exactly as submitted, signature included. ${ANX2_20}`,
        tags: ["documents"],
        headers: PatientHeaders,
        params: { type: "object", properties: { id: { type: "string", format: "uuid" } }, required: ["id"] },
        produces: ["application/xml"],
        response: {
          200: {
            description: `The CDA document. ${ANX2_20}`,
            content: { "application/xml": { schema: { type: "string" } } },
          },
          ...problems(400, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const document = await readDocument(db, await acting(request), patientOf(request), id);
      return reply
        .header("cache-control", "no-store")
        .header("etag", `"${document.sha256}"`)
        .type("application/xml")
        .send(Buffer.from(document.content));
    },
  );
}
