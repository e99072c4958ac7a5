/**
 * Who may reach a route is declared where no handler can forget it: every route the server
 * registers carries `config.access` — `"public"`, or the name of a workplace whose gate runs
 * before the handler (a `preHandler` of the encapsulated scope the workplace's routes live in).
 * A route registered without a declaration stops the server at start-up (`onReady`), and the
 * route × role test reads the declarations from `declaredRoutes(app)`, so a new route cannot
 * ship without a decision.
 *
 *   await workplace(app, { access: "ehealth:operator", gate }, (scope) => {
 *     scope.get("/ehealth/operator/", …);          // gated, declared "ehealth:operator"
 *   });
 *   app.get("/healthz", { config: { access: PUBLIC } }, …);
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";

/** Reachable without sign-in: the page or endpoint protects nothing personal, or protects itself by protocol. */
export const PUBLIC = "public";

declare module "fastify" {
  interface FastifyContextConfig {
    /** `public`, or the workplace whose gate admits the request (see route-access.ts). */
    access?: string;
    /** The handler reads the CSRF token itself (a multipart form: fields are parsed in the handler). */
    csrfCheckedInHandler?: boolean;
  }
}

/**
 * Admits the request (resolves to nothing) or answers it — a redirect to sign in, or a refusal —
 * and resolves to the reply, which stops the route before its handler.
 */
export type AccessGate = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  /** undefined only until the server is ready; a route still without one stops the start. */
  readonly access: string | undefined;
}

const ROUTES = Symbol("tilts.declaredRoutes");
type WithRoutes = FastifyInstance & { [ROUTES]?: RouteOptions[] };

/** Keeps every route's options so `onReady` can refuse an undeclared one. Call on the root instance. */
export function installRouteAccess(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  (app as WithRoutes)[ROUTES] = routes;
  app.addHook("onRoute", (options) => {
    routes.push(options);
  });
  app.addHook("onReady", async () => {
    const undeclared = declaredRoutes(app).filter((route) => route.access === undefined);
    if (undeclared.length > 0) {
      const list = undeclared.map((r) => `${r.method} ${r.url}`).join(", ");
      throw new Error(`routes without an access declaration (public or a workplace): ${list}`);
    }
  });
}

/** Every route registered so far with its declared access (HEAD routes included). */
export function declaredRoutes(app: FastifyInstance): DeclaredRoute[] {
  const routes = (app as WithRoutes)[ROUTES];
  if (!routes) throw new Error("installRouteAccess was not called on this server");
  return routes.flatMap((options) =>
    (Array.isArray(options.method) ? options.method : [options.method]).map((method) => ({
      method,
      url: options.url,
      access: options.config?.access,
    })),
  );
}

export interface WorkplaceOptions {
  /** The declaration stamped on every route of the scope, e.g. `ehealth:operator`. */
  access: string;
  /** Runs before every handler of the scope; none for a public scope. */
  gate?: AccessGate;
}

/**
 * Registers routes in an encapsulated scope whose every route is declared `options.access` and
 * passes `options.gate` first. A route inside that declares another access is a programming
 * error and stops the registration.
 */
export async function workplace(
  app: FastifyInstance,
  options: WorkplaceOptions,
  routes: (scope: FastifyInstance) => void | Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook("onRoute", (route) => {
      const declared = route.config?.access;
      if (declared !== undefined && declared !== options.access) {
        throw new Error(`${route.url} declares ${declared} inside the ${options.access} workplace`);
      }
      route.config = { ...route.config, access: options.access };
    });
    const gate = options.gate;
    if (gate) {
      scope.addHook("preHandler", async (request, reply) => {
        const answered = await gate(request, reply);
        if (answered) return answered;
      });
      // What is behind a gate is about the person signed in (health data, rights, reports): no
      // browser history, shared cache or proxy keeps a copy.
      scope.addHook("onSend", async (_request, reply, payload) => {
        reply.header("cache-control", "no-store");
        return payload;
      });
    }
    await routes(scope);
  });
}
