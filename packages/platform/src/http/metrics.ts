/** Prometheus metrics at /metrics: process defaults plus request counts and durations per route. */

import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { PUBLIC } from "./route-access.ts";

export function registerMetrics(app: FastifyInstance): Registry {
  // One registry per server, so several servers in one process (tests) don't collide.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tilts_" });
  const duration = new Histogram({
    name: "tilts_http_request_duration_seconds",
    help: "HTTP request duration by route template and status class",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: "tilts_http_server_errors_total",
    help: "Responses with a 5xx status",
    labelNames: ["route"],
    registers: [registry],
  });

  app.addHook("onResponse", async (request, reply) => {
    // The route template, never the raw URL: URLs may carry identifiers.
    const route = request.routeOptions.url ?? "(unmatched)";
    const status = `${Math.floor(reply.statusCode / 100)}xx`;
    duration.observe({ method: request.method, route, status }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc({ route });
  });

  app.get("/metrics", { schema: { hide: true }, config: { access: PUBLIC } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
