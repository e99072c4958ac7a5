/** How a workplace's routes answer and read forms, the same for every module. */
import type { FastifyReply, FastifyRequest } from "fastify";

/** Answers with a rendered page. */
export function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type("text/html; charset=utf-8").send(body);
}

/** A form's text fields (urlencoded body), each trimmed and cut at `max` + 1 (so "too long" shows). */
export function formFields(request: FastifyRequest, names: string[], max = 2000): Record<string, string> {
  const body = (request.body && typeof request.body === "object" ? request.body : {}) as Record<
    string,
    unknown
  >;
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = body[name];
    out[name] = typeof value === "string" ? value.trim().slice(0, max + 1) : "";
  }
  return out;
}
