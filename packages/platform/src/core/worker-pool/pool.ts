/**
 * A small pool of worker threads (node:worker_threads) for CPU-bound work that would otherwise
 * hold a server's one event loop — e.g. the schema and signature checks of uploaded documents —
 * so that both cores of the machine work and the listener's thread stays free for TLS, HTTP and
 * the database.
 *
 * - Size: one worker per core by default (`availableParallelism`); workers start at once and
 *   live until `close`.
 * - Bounded queue: beyond `maxQueue` waiting tasks `run` refuses at once (`pool-busy`) instead
 *   of letting latency grow without bound.
 * - Time limit per task: a task past `taskTimeoutMs` is refused (`task-timeout`) and its worker
 *   terminated and replaced — a runaway task cannot keep a worker.
 * - Errors cross the boundary typed: the worker encodes (serve-tasks.ts), `decodeError` turns a
 *   CrossingError back into the caller's own error class.
 * - A worker that dies while ready is replaced; one that dies before it was ready (its module
 *   does not load) is not restarted, and once none is left every task is refused
 *   (`worker-failed`).
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { type CrossingError, WorkerPoolError } from "./errors.ts";
import type { ReplyMessage } from "./serve-tasks.ts";

export interface WorkerPoolOptions {
  /** The worker's module (a file URL), which calls `serveTasks`. */
  entry: URL;
  /** Structured-cloneable set-up for every worker (its `workerData.options`). */
  options?: unknown;
  size?: number;
  maxQueue?: number;
  taskTimeoutMs: number;
  decodeError?: (error: CrossingError) => Error | undefined;
}

export interface WorkerPool<I, O> {
  run(input: I): Promise<O>;
  readonly size: number;
  close(): Promise<void>;
}

interface Task {
  readonly id: number;
  readonly input: unknown;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
  /** The slot's worker is being replaced or stopped: its exit is expected. */
  retired?: boolean;
}

/**
 * A file of the platform's sources (`packages/platform/src/…`) as a URL, for a worker's module.
 * Found through the package's own name, not this file's URL: the compiled CLI (bin/build-cli.js)
 * bundles the sources into chunks of its own, beside which no worker module lies, while the
 * package's `exports` still lead to its sources; workers run those through tsx (bootstrap.mjs).
 */
export function platformSourceUrl(path: string): URL {
  const index = createRequire(import.meta.url).resolve("@tilts/platform");
  return new URL(path, pathToFileURL(`${dirname(index)}/`));
}

const BOOTSTRAP = platformSourceUrl("core/worker-pool/bootstrap.mjs");

export function createWorkerPool<I, O>(options: WorkerPoolOptions): WorkerPool<I, O> {
  const size = Math.max(1, options.size ?? availableParallelism());
  const maxQueue = Math.max(0, options.maxQueue ?? size * 8);
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const decode = (error: CrossingError): Error =>
    options.decodeError?.(error) ?? new WorkerPoolError("task-failed", error.message);

  const finish = (slot: Slot): Task | undefined => {
    const task = slot.task;
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.timer = undefined;
    return task;
  };

  const dispatch = (slot: Slot, task: Task): void => {
    slot.task = task;
    slot.timer = setTimeout(() => {
      finish(slot)?.reject(
        new WorkerPoolError("task-timeout", `the task ran longer than ${options.taskTimeoutMs} ms`),
      );
      replace(slot);
    }, options.taskTimeoutMs);
    slot.worker.postMessage({ id: task.id, input: task.input });
  };

  const next = (slot: Slot): void => {
    const task = queue.shift();
    if (task) dispatch(slot, task);
  };

  const start = (slot: Slot): void => {
    const worker = new Worker(BOOTSTRAP, {
      workerData: { entry: options.entry.href, options: options.options },
    });
    slot.worker = worker;
    slot.ready = false;
    slot.retired = false;
    worker.on("message", (message: ReplyMessage<O> | { ready: true }) => {
      if ("ready" in message) {
        slot.ready = true;
        return;
      }
      const task = slot.task;
      if (!task || task.id !== message.id) return; // the answer of a task already timed out
      finish(slot);
      if (message.ok) task.resolve(message.output);
      else task.reject(decode(message.error));
      next(slot);
    });
    worker.on("error", () => {}); // followed by "exit", handled there
    worker.on("exit", (exitCode) => {
      if (slot.worker !== worker || slot.retired) return;
      const wasReady = slot.ready;
      finish(slot)?.reject(
        new WorkerPoolError("worker-failed", `a pool worker stopped (exit code ${exitCode})`),
      );
      if (closed) return;
      if (wasReady) {
        start(slot);
        next(slot);
        return;
      }
      slots.splice(slots.indexOf(slot), 1);
      if (slots.length === 0) rejectQueued("worker-failed", "no pool worker could start");
    });
  };

  const replace = (slot: Slot): void => {
    slot.retired = true;
    void slot.worker.terminate();
    if (closed) return;
    start(slot);
    next(slot);
  };

  const rejectQueued = (code: "worker-failed" | "pool-closed", message: string): void => {
    for (const task of queue.splice(0)) task.reject(new WorkerPoolError(code, message));
  };

  for (let i = 0; i < size; i++) {
    const slot = { ready: false } as Slot;
    slots.push(slot);
    start(slot);
  }

  return {
    size,
    run(input) {
      if (closed) return Promise.reject(new WorkerPoolError("pool-closed", "the worker pool is closed"));
      if (slots.length === 0)
        return Promise.reject(new WorkerPoolError("worker-failed", "no pool worker could start"));
      return new Promise<O>((resolve, reject) => {
        const task: Task = { id: nextId++, input, resolve: resolve as (output: unknown) => void, reject };
        const idle = slots.find((slot) => !slot.task);
        if (idle) dispatch(idle, task);
        else if (queue.length >= maxQueue)
          reject(new WorkerPoolError("pool-busy", `${queue.length} tasks are already waiting`));
        else queue.push(task);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      rejectQueued("pool-closed", "the worker pool was closed");
      await Promise.all(
        slots.map((slot) => {
          slot.retired = true;
          finish(slot)?.reject(new WorkerPoolError("pool-closed", "the worker pool was closed"));
          return slot.worker.terminate();
        }),
      );
    },
  };
}
