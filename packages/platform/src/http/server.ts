/**
 * Builds the platform's HTTP server: security headers, logs without personal data, metrics,
 * health, OpenAPI, the web shell and every composed module. Pure composition: no listening,
 * no signals (see cli/commands/start.ts), so tests drive it with `inject`.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { PlatformConfig } from "../config/config.ts";
import type { OpenDatabase } from "../db/database.ts";
import { type Language, negotiateLanguage } from "../web/i18n.ts";
import { pageContext } from "../web/layout.tsx";
import { notFoundPage, serverErrorPage } from "../web/pages/errors.tsx";
import { homePage } from "../web/pages/home.tsx";
import { ServiceDirectory } from "../web/services.ts";
import { registerHealthRoutes } from "./health-routes.ts";
import { logSafeError } from "./log-safe-error.ts";
import { registerMetrics } from "./metrics.ts";
import { installRouteAccess, PUBLIC, workplace } from "./route-access.ts";

declare module "fastify" {
  interface FastifyRequest {
    language: Language;
  }
}

/** A part of the platform composed into the server (a domain module, or the testbed). */
export interface ServerModule {
  name: string;
  /**
   * `public` when every route of the module is reachable without sign-in (the broker's own
   * protocol endpoints, the testbed's stand-ins): they are declared so in one encapsulated scope.
   * Otherwise the module declares each route's access itself (http/route-access.ts).
   */
  access?: typeof PUBLIC;
  register(app: FastifyInstance, context: ServerContext): Promise<void> | void;
}

export interface ServerContext {
  config: PlatformConfig;
  database: OpenDatabase;
  services: ServiceDirectory;
}

export interface ServerOptions {
  config: PlatformConfig;
  database: OpenDatabase;
  modules?: ServerModule[];
  /** Logger settings; tests pass false, or a stream to read what would be logged. */
  logger?: LoggerSetting;
}

const version: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
).version;
const stylesheet = readFileSync(new URL("../web/tilts.css", import.meta.url), "utf8");
const favicon = readFileSync(new URL("../web/favicon.svg", import.meta.url), "utf8");

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: loggerOptions(options.logger ?? { level: config.logLevel }),
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    // Explicit Ajv settings (STACK-NOTES: Fastify's default coerces types silently).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  // First, so that every route registered after it is checked for an access declaration.
  installRouteAccess(app);
  // Over https (production), every cookie we set is Secure.
  const secureCookies = config.publicUrl.startsWith("https:");

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
  });
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Tilts platform API",
        version,
        description:
          "Latvia's e-health and e-government integration layer: sign-in broker, e-signatures, e-health, OOTS, e-service registry.",
      },
    },
  });

  // Cookies are parsed once for every route (request.cookies) and set with reply.setCookie.
  await app.register(cookie);
  app.decorateRequest("language", "lv");
  app.addHook("onRequest", async (request, reply) => {
    const query = (request.query as Record<string, unknown> | undefined)?.lang;
    const cookie = request.cookies.lang;
    request.language = negotiateLanguage({
      query: typeof query === "string" ? query : undefined,
      cookie,
      acceptLanguage: request.headers["accept-language"],
    });
    if (typeof query === "string" && query === request.language && cookie !== query) {
      reply.setCookie("lang", request.language, {
        path: "/",
        maxAge: 31_536_000,
        sameSite: "lax",
        httpOnly: true,
        secure: secureCookies,
      });
    }
  });

  registerMetrics(app);
  registerHealthRoutes(app, database);

  const services = new ServiceDirectory();
  for (const module of options.modules ?? []) {
    const context = { config, database, services };
    if (module.access === PUBLIC)
      await workplace(app, { access: PUBLIC }, (scope) => module.register(scope, context));
    else await module.register(app, context);
  }

  const open = { schema: { hide: true }, config: { access: PUBLIC } };
  app.get("/openapi.json", open, async () => app.swagger());
  app.get("/assets/tilts.css", open, async (_request, reply) => {
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600");
    return stylesheet;
  });
  // Browsers ask for /favicon.ico whatever the page links; both names serve the same SVG.
  for (const path of ["/favicon.ico", "/assets/favicon.svg"]) {
    app.get(path, open, async (_request, reply) => {
      reply.type("image/svg+xml").header("cache-control", "public, max-age=86400");
      return favicon;
    });
  }
  app.get("/", open, async (request, reply) => {
    reply.type("text/html; charset=utf-8");
    return homePage(pageContext(request.language, request.url), services.list());
  });

  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404);
    if (wantsHtml(request)) {
      reply.type("text/html; charset=utf-8");
      return notFoundPage(pageContext(request.language, "/"));
    }
    return { error: "not_found", message: "No such resource" };
  });

  app.setErrorHandler(
    async (error: Error & { statusCode?: number; validation?: unknown; code?: string }, request, reply) => {
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status < 500) {
        reply.code(status);
        return {
          error: error.validation ? "invalid_request" : (error.code ?? "bad_request"),
          message: error.message,
        };
      }
      // The cause goes to the log (with the request id); the person sees only the reference.
      request.log.error({ err: error }, "request failed");
      reply.code(500);
      if (wantsHtml(request)) {
        reply.type("text/html; charset=utf-8");
        return serverErrorPage(pageContext(request.language ?? "lv", "/"), request.id);
      }
      return {
        error: "internal_error",
        message: "The request could not be completed",
        reference: request.id,
      };
    },
  );

  return app;
}

/**
 * Logs carry no personal or health data: requests are logged by method and path only (query
 * strings may hold personal codes; bodies are never logged), never with headers or cookies.
 */
type LoggerSetting = boolean | { level: string; stream?: NodeJS.WritableStream };

function loggerOptions(setting: LoggerSetting) {
  if (setting === false) return false;
  const level = setting === true ? "info" : setting.level;
  return {
    level,
    ...(setting !== true && setting.stream ? { stream: setting.stream } : {}),
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split("?")[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: logSafeError,
    },
  };
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? "").includes("text/html");
}
