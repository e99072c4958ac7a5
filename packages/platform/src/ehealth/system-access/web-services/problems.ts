/**
 * RFC 9457 problem documents for the system web services: every refusal answers
 * `application/problem+json` with a stable `code` (the catalogue in ../README.md), a title that
 * never changes for the code, and a detail safe to show (no personal data, no document content).
 * The `type` is a URN built from the code, so a client can switch on either.
 */
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { CdaSchemaError } from "../../core/cda-schema.ts";
import type { DocumentError, DocumentErrorCode } from "../../documents/index.ts";

export const PROBLEM_TYPE_PREFIX = "urn:tilts:system-services:problem:";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  /** The right that would allow a refused action (rights refusals). */
  missingRight?: string;
  /** Where the CDA schema refuses the document (`schema-invalid`; at most 50). */
  schemaErrors?: { line: number | null; message: string }[];
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ format: "uri" }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String({ description: "Stable refusal code (see the service description)" }),
    missingRight: Type.Optional(Type.String()),
    schemaErrors: Type.Optional(
      Type.Array(Type.Object({ line: Type.Union([Type.Integer(), Type.Null()]), message: Type.String() })),
    ),
  },
  { $id: "Problem", description: "RFC 9457 problem document" },
);

/** HTTP status of each document refusal (the documents module's catalogue). */
const DOCUMENT_STATUS: Record<DocumentErrorCode, number> = {
  "document-empty": 400,
  "document-too-large": 413,
  "document-malformed": 400,
  "not-cda": 422,
  "schema-invalid": 422,
  "patient-id-missing": 422,
  "wrong-patient": 422,
  "patient-not-found": 404,
  "document-not-found": 404,
  "signature-missing": 422,
  "signature-invalid": 422,
  "signature-indeterminate": 422,
  "document-type-unknown": 422,
  // The preservation job's own failure; no web service raises it, but the catalogue is total.
  "archive-renewal-failed": 500,
};

/** A refusal decided in a route, answered as its problem document by the error handler. */
export class ProblemError extends Error {
  override name = "ProblemError";
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

const MAX_SCHEMA_ERRORS = 50;

/** When a client refused `checks-busy` should try again: a full queue drains within a second or two. */
export const BUSY_RETRY_AFTER_SECONDS = 2;

export function problemOf(status: number, code: string, title: string, detail?: string): Problem {
  return { type: `${PROBLEM_TYPE_PREFIX}${code}`, title, status, code, ...(detail ? { detail } : {}) };
}

export function documentProblem(error: DocumentError): Problem {
  const problem = problemOf(
    DOCUMENT_STATUS[error.code],
    error.code,
    "The document is refused",
    error.message,
  );
  if (error.schemaErrors.length > 0)
    problem.schemaErrors = error.schemaErrors.slice(0, MAX_SCHEMA_ERRORS).map(schemaErrorOf);
  return problem;
}

function schemaErrorOf(error: CdaSchemaError): { line: number | null; message: string } {
  return { line: error.line, message: error.message };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .header("cache-control", "no-store")
    .type("application/problem+json")
    .send(problem);
}
