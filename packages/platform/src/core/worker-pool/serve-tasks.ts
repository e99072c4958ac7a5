/**
 * The worker's side of a pool (pool.ts): answers each task message with the handler's result,
 * or with its error turned into a CrossingError by the first `encodeError` that knows it (typed
 * errors keep their kind and code across the boundary; anything else crosses as its message
 * alone — no stack, nor any data the error may hold).
 */
import { parentPort } from "node:worker_threads";
import type { CrossingError } from "./errors.ts";

export interface TaskMessage<I> {
  readonly id: number;
  readonly input: I;
}

export type ReplyMessage<O> =
  | { readonly id: number; readonly ok: true; readonly output: O }
  | { readonly id: number; readonly ok: false; readonly error: CrossingError };

export function serveTasks<I, O>(
  handler: (input: I) => O | Promise<O>,
  encodeError: (error: unknown) => CrossingError | undefined = () => undefined,
): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks runs only in a worker thread");
  port.on("message", async ({ id, input }: TaskMessage<I>) => {
    let reply: ReplyMessage<O>;
    try {
      reply = { id, ok: true, output: await handler(input) };
    } catch (error) {
      reply = {
        id,
        ok: false,
        error: encodeError(error) ?? {
          kind: "unknown",
          message: error instanceof Error ? error.message : String(error),
          fields: {},
        },
      };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true });
}
