import Fastify from "fastify";
import { expect, it } from "vitest";
import { WorkerPoolError } from "../../../core/worker-pool/index.ts";
import { registerProblemHandlers } from "./error-handler.ts";
import { PROBLEM_TYPE_PREFIX } from "./problems.ts";

const app = Fastify();
registerProblemHandlers(app);
app.get("/busy", async () => {
  throw new WorkerPoolError("pool-busy", "the queue is full");
});
app.get("/stuck", async () => {
  throw new WorkerPoolError("task-timeout", "the task ran too long");
});

it("answers a full document-check queue 503 with Retry-After, as a problem document (RFC 9457)", async () => {
  const reply = await app.inject({ method: "GET", url: "/busy" });
  expect(reply.statusCode).toBe(503);
  expect(reply.headers["retry-after"]).toBe("2");
  expect(reply.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(reply.json()).toEqual({
    type: `${PROBLEM_TYPE_PREFIX}checks-busy`,
    title: "The document checks are busy",
    status: 503,
    code: "checks-busy",
    detail: "try again in 2 seconds",
  });
});

it("keeps a stuck check a 500 without detail and without Retry-After", async () => {
  const reply = await app.inject({ method: "GET", url: "/stuck" });
  expect(reply.statusCode).toBe(500);
  expect(reply.headers["retry-after"]).toBeUndefined();
  expect(reply.json()).toMatchObject({ code: "internal-error" });
  expect(reply.json().detail).toBeUndefined();
});
