// The first module of every pool worker (pool.ts). The workspace runs TypeScript sources through
// tsx, and a worker thread does not inherit the loader hooks of the thread that started it, so a
// `.ts` entry gets tsx registered here first; a `.js` entry (a build) is imported as it is.
import { workerData } from "node:worker_threads";

const entry = workerData.entry;
if (entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(entry);
