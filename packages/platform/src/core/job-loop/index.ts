/**
 * A background job loop of one process (the mail outbox, the AS4 sender): passes run one at a
 * time — the loop's and a caller's `runOnce` share the pass in flight —, the next pass follows at
 * once while the last one did work and after `intervalMs` when it found none; a failing pass is
 * reported and retried at the interval. Claiming rows safely across processes is the pass's job
 * (`FOR UPDATE SKIP LOCKED`).
 */
export interface JobLoop {
  /** One pass now (or the one in flight); resolves to the number of items it handled. */
  runOnce(): Promise<number>;
  /** Starts the loop; its first pass after `firstDelayMs` (default at once). */
  start(firstDelayMs?: number): void;
  /** Stops scheduling and waits for the pass in flight. */
  stop(): Promise<void>;
}

export function jobLoop(options: {
  pass: () => Promise<number>;
  intervalMs: number;
  onError: (error: unknown) => void;
}): JobLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  const runOnce = (): Promise<number> => {
    running ??= options.pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .then((handled) => schedule(handled > 0 ? 0 : options.intervalMs))
        .catch((error: unknown) => {
          options.onError(error);
          schedule(options.intervalMs);
        });
    }, delay);
    timer.unref();
  };

  return {
    runOnce,
    start(firstDelayMs = 0) {
      stopped = false;
      schedule(firstDelayMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
