/**
 * One error handler turns every refusal of the system services into its problem document
 * (RFC 9457): the documents module's coded errors, the rights policy's refusals, malformed
 * headers, Fastify's own body and validation errors. Anything else is a 500 without detail,
 * logged without personal data.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { WorkerPoolError } from "../../../core/worker-pool/index.ts";
import { CopyingRefusal } from "../../copying/index.ts";
import { DocumentError, PortalInputError, PortalRefusal } from "../../documents/index.ts";
import { ActingError } from "./acting.ts";
import {
  BUSY_RETRY_AFTER_SECONDS,
  documentProblem,
  type Problem,
  ProblemError,
  problemOf,
  sendProblem,
} from "./problems.ts";

export function problemFor(error: unknown): Problem | undefined {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof DocumentError) return documentProblem(error);
  if (error instanceof ActingError)
    return problemOf(400, error.code, "A required header is malformed", error.message);
  if (error instanceof PortalInputError)
    return problemOf(400, error.code, "A required header is malformed", error.message);
  if (error instanceof CopyingRefusal)
    // CON-3, ANX2-17: a crossed limit passes with its window (429); a suspension waits for the operator (403).
    return problemOf(
      error.crossed ? 429 : 403,
      error.code,
      error.crossed ? "An anti-copying limit is reached" : "Reading patient data is suspended",
      error.message,
    );
  if (error instanceof WorkerPoolError && error.code === "pool-busy")
    // The document checks' queue is full: a refusal to retry shortly, not a failure (RFC 9110 §15.6.4).
    return problemOf(
      503,
      "checks-busy",
      "The document checks are busy",
      `try again in ${BUSY_RETRY_AFTER_SECONDS} seconds`,
    );
  if (error instanceof PortalRefusal) {
    const problem = problemOf(
      403,
      error.decision.reason,
      "The rights policy refuses the action",
      error.message,
    );
    problem.missingRight = error.decision.missingRight;
    return problem;
  }
  const fastify = error as Partial<FastifyError>;
  if (fastify.code === "FST_ERR_CTP_BODY_TOO_LARGE")
    return problemOf(413, "document-too-large", "The document is refused", "the body is larger than 5 MiB");
  if (fastify.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
    return problemOf(
      415,
      "unsupported-media-type",
      "Unsupported media type",
      "send the document as application/xml",
    );
  if (fastify.validation)
    return problemOf(
      400,
      "bad-request",
      "The request does not match the service description",
      fastify.message,
    );
  if (typeof fastify.statusCode === "number" && fastify.statusCode >= 400 && fastify.statusCode < 500)
    return problemOf(fastify.statusCode, "bad-request", "The request is malformed", fastify.message);
  return undefined;
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = problemFor(error);
    if (error instanceof CopyingRefusal && error.crossed)
      reply.header("retry-after", String(error.crossed.retryAfterSeconds));
    if (problem?.status === 503) reply.header("retry-after", String(BUSY_RETRY_AFTER_SECONDS));
    if (problem) return sendProblem(reply, problem);
    request.log.error(
      { err: { name: (error as Error).name, code: (error as FastifyError).code } },
      "system service failed",
    );
    return sendProblem(reply, problemOf(500, "internal-error", "Internal error"));
  });
  app.setNotFoundHandler((_request, reply) =>
    sendProblem(reply, problemOf(404, "not-found", "No such service", "see /system/v1/openapi.json")),
  );
}
