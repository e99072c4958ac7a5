/**
 * Injected time for long-running components (the revocation cache): a clock and one-shot timers,
 * so tests drive hours of refresh cycles without waiting.
 */
export interface Scheduler {
  now(): Date;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  now: () => new Date(),
  setTimer: (callback, delayMs) => {
    // setTimeout's limit is 2^31-1 ms (~24.8 days); longer waits are chained by the caller's refresh logic.
    const timer = setTimeout(callback, Math.min(delayMs, 2 ** 31 - 1));
    // A cache must not keep a process alive on its own.
    timer.unref?.();
    return timer;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A scheduler whose time only moves when told — for tests. */
export class ManualScheduler implements Scheduler {
  private time: number;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  constructor(start: Date = new Date("2026-01-01T00:00:00Z")) {
    this.time = start.getTime();
  }

  now(): Date {
    return new Date(this.time);
  }

  setTimer(callback: () => void, delayMs: number): number {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Pending timers' due times (ms since epoch), soonest first. */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.at).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order and letting their async work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
