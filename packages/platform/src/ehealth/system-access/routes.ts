/**
 * The system web services' routes. So far `GET /system/v1/whoami`: the institution and system
 * the connection's certificate is bound to — what a developer checks first when connecting (DEV-1).
 */
import type { FastifyInstance } from "fastify";
import type { SystemBinding } from "./binding-store.ts";

export const WHOAMI_PATH = "/system/v1/whoami";

export interface WhoamiAnswer {
  institution: { registrationNumber: string; name: string };
  system: { name: string };
  certificate: { serial: string; sha256: string };
}

/** `bindingOf` answers for the request's connection; the listener admits only bound ones. */
export function registerSystemRoutes(
  app: FastifyInstance,
  bindingOf: (request: { raw: { socket: unknown } }) => SystemBinding | undefined,
): void {
  app.get(WHOAMI_PATH, async (request, reply) => {
    const binding = bindingOf(request);
    if (!binding)
      // Unreachable while the listener admits only bound connections; kept as a second lock.
      return reply
        .code(403)
        .type("application/problem+json")
        .send({ type: "about:blank", title: "Forbidden", status: 403, code: "system-not-bound" });
    const answer: WhoamiAnswer = {
      institution: { registrationNumber: binding.registrationNumber, name: binding.institutionName },
      system: { name: binding.systemName },
      certificate: { serial: binding.serial, sha256: binding.fingerprint },
    };
    return reply.header("cache-control", "no-store").send(answer);
  });
}
