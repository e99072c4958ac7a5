/**
 * Coded refusals of a worker pool (a stable catalogue):
 * - `pool-busy`: the queue is full; the caller should answer "try later" (HTTP 503), not wait.
 * - `task-timeout`: a task ran past the pool's time limit; its worker was replaced.
 * - `worker-failed`: the worker died or could not start while running the task.
 * - `pool-closed`: the pool was closed before the task ran.
 * - `task-failed`: the task threw an error of no registered kind; `message` is its message.
 */
export type WorkerPoolErrorCode =
  | "pool-busy"
  | "task-timeout"
  | "worker-failed"
  | "pool-closed"
  | "task-failed";

export class WorkerPoolError extends Error {
  override name = "WorkerPoolError";
  constructor(
    readonly code: WorkerPoolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An error as it crosses the thread boundary: its kind, and the fields that kind needs. */
export interface CrossingError {
  readonly kind: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}
