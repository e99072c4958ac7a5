import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { declaredRoutes, installRouteAccess, PUBLIC, workplace } from "./route-access.ts";

function server() {
  const app = Fastify({ logger: false });
  installRouteAccess(app);
  return app;
}

describe("route access declarations", () => {
  it("a route registered without a declaration stops the server before it serves", async () => {
    const app = server();
    app.get("/declared", { config: { access: PUBLIC } }, async () => "ok");
    app.get("/forgotten", async () => "personal data");
    await expect(app.ready()).rejects.toThrow(/GET \/forgotten/);
  });

  it("a workplace stamps its access on every route in it and runs its gate before the handler", async () => {
    const app = server();
    await workplace(
      app,
      {
        access: "test:staff",
        gate: async (request, reply) =>
          request.headers["x-staff"] === "yes" ? undefined : reply.code(403).send("not staff"),
      },
      (scope) => {
        scope.get("/staff", async () => "inside");
      },
    );
    await app.ready();
    expect(declaredRoutes(app)).toContainEqual({ method: "GET", url: "/staff", access: "test:staff" });
    expect((await app.inject("/staff")).statusCode).toBe(403);
    const admitted = await app.inject({ url: "/staff", headers: { "x-staff": "yes" } });
    expect(admitted.body).toBe("inside");
    // Pages behind a gate are personal: never cached.
    expect(admitted.headers["cache-control"]).toBe("no-store");
  });

  it("a route may not declare another access inside a workplace", async () => {
    const app = server();
    await expect(
      workplace(app, { access: "test:staff" }, (scope) => {
        scope.get("/sneaky", { config: { access: PUBLIC } }, async () => "x");
      }),
    ).rejects.toThrow(/declares public inside the test:staff workplace/);
  });
});
