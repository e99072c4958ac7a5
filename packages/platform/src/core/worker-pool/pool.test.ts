/**
 * The worker pool with real worker threads (testing/test-worker.ts): results, typed errors across
 * the boundary, the bounded queue, the time limit with its worker replaced, a dying worker.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type WorkerPool, WorkerPoolError } from "./index.ts";
import { createWorkerPool, platformSourceUrl } from "./pool.ts";

class Refusal extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const ENTRY = new URL("./testing/test-worker.ts", import.meta.url);

it("finds the platform's sources by the package's name (as the compiled CLI must)", () => {
  expect(platformSourceUrl("core/worker-pool/pool.ts").href).toBe(new URL("./pool.ts", import.meta.url).href);
});
let pool: WorkerPool<unknown, string> | undefined;

function open(options: { size?: number; maxQueue?: number; taskTimeoutMs?: number } = {}) {
  pool = createWorkerPool<unknown, string>({
    entry: ENTRY,
    options: { prefix: "> " },
    taskTimeoutMs: 20_000,
    ...options,
    decodeError: (e) => (e.kind === "test-refusal" ? new Refusal(String(e.fields.code)) : undefined),
  });
  return pool;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the task should have been refused"),
    (error: unknown) => error,
  );
}

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("worker pool", () => {
  it("runs tasks in its workers, with their set-up", async () => {
    const p = open({ size: 2 });
    expect(p.size).toBe(2);
    const answers = await Promise.all(["a", "b", "c", "d", "e"].map((echo) => p.run({ echo })));
    expect(answers).toEqual(["> a", "> b", "> c", "> d", "> e"]);
  }, 60_000);

  it("typed errors cross the boundary as the caller's class; others as a coded task-failed", async () => {
    const p = open({ size: 1 });
    const refused = await failure(p.run({ refuse: "wrong-patient" }));
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).code).toBe("wrong-patient");
    const failed = await failure(p.run({ fail: "boom" }));
    expect(failed).toBeInstanceOf(WorkerPoolError);
    expect(failed).toMatchObject({ code: "task-failed", message: "boom" });
    expect(await p.run({ echo: "still here" })).toBe("> still here");
  }, 60_000);

  it("refuses at once when the queue is full (pool-busy), and runs the queued tasks", async () => {
    const p = open({ size: 1, maxQueue: 1, taskTimeoutMs: 2_000 });
    expect(await p.run({ echo: "ready" })).toBe("> ready");
    const spinning = failure(p.run({ spin: true }));
    const queued = p.run({ echo: "queued" });
    expect(await failure(p.run({ echo: "one too many" }))).toMatchObject({ code: "pool-busy" });
    expect(await spinning).toMatchObject({ code: "task-timeout" });
    // The spinning worker was replaced; the queued task ran on its successor.
    expect(await queued).toBe("> queued");
  }, 60_000);

  it("replaces a worker that dies, refusing only its task (worker-failed)", async () => {
    const p = open({ size: 1 });
    expect(await p.run({ echo: "ready" })).toBe("> ready");
    expect(await failure(p.run({ exit: true }))).toMatchObject({ code: "worker-failed" });
    expect(await p.run({ echo: "after" })).toBe("> after");
  }, 60_000);

  it("refuses every task when no worker can start, and after close", async () => {
    const broken = createWorkerPool<unknown, string>({
      entry: new URL("./testing/no-such-worker.ts", import.meta.url),
      size: 1,
      taskTimeoutMs: 20_000,
    });
    expect(await failure(broken.run({ echo: "x" }))).toMatchObject({ code: "worker-failed" });
    await broken.close();
    const p = open({ size: 1 });
    await p.close();
    expect(await failure(p.run({ echo: "late" }))).toMatchObject({ code: "pool-closed" });
  }, 60_000);
});
