/**
 * The background sealer: a checkpoint every interval while the server runs, and one more when it
 * stops (after the last records of the shutdown). One seal at a time; a failed seal (TSA down)
 * is logged and retried at the next tick — the records stay protected by the chain meanwhile.
 */
import type { SealResult } from "./seal-checkpoint.ts";

export interface CheckpointSealer {
  /** Seals now (waiting for a seal in progress first). */
  sealNow(): Promise<SealResult>;
  /** Stops the timer; waits for a seal in progress. */
  stop(): Promise<void>;
}

export function startCheckpointSealer(options: {
  intervalMs: number;
  seal: () => Promise<SealResult>;
  onError: (error: unknown) => void;
}): CheckpointSealer {
  let running: Promise<SealResult> | undefined;
  const sealNow = async (): Promise<SealResult> => {
    while (running) await running.catch(() => {});
    running = options.seal();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };
  const timer = setInterval(() => {
    if (running) return; // a slow TSA: skip this tick rather than queue seals
    sealNow().catch(options.onError);
  }, options.intervalMs);
  timer.unref();
  return {
    sealNow,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
