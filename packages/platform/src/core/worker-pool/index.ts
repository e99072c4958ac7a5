/** Worker threads for CPU-bound work (pool.ts): the pool, the worker's side, the refusals. */
export { type CrossingError, WorkerPoolError, type WorkerPoolErrorCode } from "./errors.ts";
export { createWorkerPool, platformSourceUrl, type WorkerPool, type WorkerPoolOptions } from "./pool.ts";
export { serveTasks } from "./serve-tasks.ts";
