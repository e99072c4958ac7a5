/**
 * The public verification routes (issue "Signing", verification without sign-in), each declared
 * `config.access: PUBLIC` (reviewed in route-access.int.test.ts):
 *   GET  /verify                         the upload form
 *   POST /verify                         multipart upload → the result page (or a refusal page)
 *   GET  /verify/:id/files/:index        one file of the verified document, kept minutes in memory
 *   GET  /verify/:id/report.pdf          the validation report, sealed by the service (PAdES B-T)
 * Nobody is signed in, so there is no session a forged form could ride on: no CSRF token. The
 * upload is bounded (SIGNING_MAX_UPLOAD_BYTES, refused before the body is read), the validator's
 * own limits apply inside, and neither the document nor who signed it is logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { PUBLIC } from "../../http/route-access.ts";
import { pageContext } from "../../web/layout.tsx";
import { acceptMultipart, MultipartError, readMultipart } from "../../web/multipart.ts";
import {
  expiredPage,
  type Refusal,
  refusalPage,
  resultPage,
  VERIFY_PATH,
  verifyFormPage,
} from "../pages/verify-page.tsx";
import { renderReportPdf } from "../report/report-pdf.ts";
import { type ReportSeal, sealReport } from "../report/report-seal.ts";
import { reportLines, reportTitle } from "../report/report-text.ts";
import { inlineContentType } from "../verification/file-kind.ts";
import { summariseSignature } from "../verification/signature-summary.ts";
import type { VerifiedDocuments } from "../verification/verified-documents.ts";
import {
  UnreadableDocumentError,
  type VerificationPorts,
  verifyUpload,
} from "../verification/verify-upload.ts";

export interface VerifyRouteOptions {
  ports: VerificationPorts;
  documents: VerifiedDocuments;
  /** Absent: no report PDF is offered. */
  reportSeal: ReportSeal | undefined;
  maxUploadBytes: number;
}

/** Room for the multipart framing around the document. */
const FRAMING_BYTES = 16 * 1024;
const REFUSAL_STATUS: Record<Refusal, number> = { "too-large": 413, "no-file": 400, unreadable: 422 };

/**
 * A file opened from the result page runs nothing: no script, no plug-in but the PDF viewer, no
 * framing by others; `sandbox` for everything but PDF (browsers refuse to show a PDF in a sandbox).
 */
function fileSecurityPolicy(contentType: string | undefined): string {
  const base = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";
  return contentType === "application/pdf" ? base : `${base}; sandbox`;
}

/** Content-Disposition with the name in both forms (RFC 6266 §4.3, RFC 8187). */
function disposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function verifyRoutes(app: FastifyInstance, options: VerifyRouteOptions): Promise<void> {
  const { ports, documents, maxUploadBytes, reportSeal } = options;
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).type("text/html; charset=utf-8").header("cache-control", "no-store").send(body);
  const contextOf = (request: FastifyRequest) => pageContext(request.language, request.url);
  const refuse = (request: FastifyRequest, reply: FastifyReply, refusal: Refusal) =>
    html(reply, REFUSAL_STATUS[refusal], refusalPage(contextOf(request), refusal, maxUploadBytes));

  app.get(VERIFY_PATH, { config: { access: PUBLIC }, schema: { hide: true } }, async (request, reply) =>
    html(reply, 200, verifyFormPage(contextOf(request), maxUploadBytes)),
  );

  await app.register(async (scope) => {
    // Only this scope reads multipart bodies: the upload form works without JavaScript.
    await acceptMultipart(scope);
    // Over the limit, the body is refused before it is read: answer with the form and the reason.
    scope.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
      if (error.statusCode !== 413) throw error;
      reply.header("connection", "close");
      return refuse(request, reply, "too-large");
    });

    scope.post(
      VERIFY_PATH,
      { config: { access: PUBLIC }, bodyLimit: maxUploadBytes + FRAMING_BYTES, schema: { hide: true } },
      async (request, reply) => {
        let file: { filename: string; data: Uint8Array } | undefined;
        try {
          file = (await readMultipart(request)).files.document;
        } catch (error) {
          if (!(error instanceof MultipartError)) throw error;
          return refuse(request, reply, "no-file");
        }
        if (!file || file.data.length === 0) return refuse(request, reply, "no-file");
        if (file.data.length > maxUploadBytes) return refuse(request, reply, "too-large");
        const name = file.filename.replace(/^.*[\\/]/, "") || "document";
        try {
          const outcome = await verifyUpload(file.data, name, ports);
          const id = documents.keep(outcome);
          return html(
            reply,
            200,
            resultPage(contextOf(request), {
              id,
              documentName: name,
              verifiedAt: outcome.verifiedAt,
              valid: outcome.report.valid,
              files: outcome.files,
              signatures: outcome.report.signatures.map(summariseSignature),
              reportOffered: reportSeal !== undefined,
              levelSource: outcome.levelSource,
            }),
          );
        } catch (error) {
          if (error instanceof UnreadableDocumentError) return refuse(request, reply, "unreadable");
          throw error;
        }
      },
    );
  });

  app.get<{ Params: { id: string; index: string }; Querystring: { download?: string } }>(
    `${VERIFY_PATH}/:id/files/:index`,
    {
      config: { access: PUBLIC },
      schema: {
        hide: true,
        params: Type.Object({
          id: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" }),
          index: Type.String({ pattern: "^[0-9]{1,6}$" }),
        }),
        querystring: Type.Object({
          download: Type.Optional(Type.Literal("1")),
          lang: Type.Optional(Type.String({ maxLength: 5 })),
        }),
      },
    },
    async (request, reply) => {
      const file = documents.find(request.params.id)?.files[Number(request.params.index)];
      if (!file) return html(reply, 404, expiredPage(contextOf(request)));
      const inline =
        request.query.download === undefined ? inlineContentType(file.name, file.mediaType) : undefined;
      return reply
        .header("content-type", inline ?? "application/octet-stream")
        .header("content-disposition", disposition(inline ? "inline" : "attachment", file.name))
        .header("content-security-policy", fileSecurityPolicy(inline))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "no-store")
        .header("referrer-policy", "no-referrer")
        .send(Buffer.from(file.content));
    },
  );

  app.get<{ Params: { id: string } }>(
    `${VERIFY_PATH}/:id/report.pdf`,
    {
      config: { access: PUBLIC },
      schema: {
        hide: true,
        params: Type.Object({ id: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 5 })) }),
      },
    },
    async (request, reply) => {
      const outcome = documents.find(request.params.id);
      if (!outcome || !reportSeal) return html(reply, 404, expiredPage(contextOf(request)));
      const language = request.language;
      const now = ports.now();
      const pdf = await renderReportPdf(reportLines(outcome, language), {
        title: reportTitle(language),
        language,
        createdAt: now,
      });
      const sealed = await sealReport(pdf, reportSeal, now);
      const name = language === "lv" ? "parbaudes-parskats.pdf" : "validation-report.pdf";
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", disposition("attachment", name))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "no-store")
        .send(Buffer.from(sealed));
    },
  );
}
