/**
 * Bounds the audit records a refusing client can cause. Each audit append takes the chain head's
 * lock (audit/audit-log.ts), so a client hammering the port with bad handshakes would slow every
 * audited action of the platform. Per client address, the first `perWindow` refusals of a window
 * are recorded one by one; the rest are counted and reported as one summary when the address is
 * next refused after the window. Pure: the clock is passed in.
 */
export interface ThrottleLimits {
  perWindow: number;
  windowMs: number;
  /** Addresses remembered at most (the oldest window is forgotten first). */
  maxAddresses: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  perWindow: 20,
  windowMs: 60_000,
  maxAddresses: 10_000,
};

interface Window {
  startedAt: number;
  recorded: number;
  suppressed: number;
}

export type ThrottleDecision =
  /** Record this refusal; `suppressedBefore` refusals of the last window went unrecorded. */
  { record: true; suppressedBefore: number } | { record: false };

export class RefusalThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS) {}

  decide(address: string, now: number): ThrottleDecision {
    let window = this.windows.get(address);
    let suppressedBefore = 0;
    if (!window || now - window.startedAt >= this.limits.windowMs) {
      suppressedBefore = window?.suppressed ?? 0;
      this.windows.delete(address);
      window = { startedAt: now, recorded: 0, suppressed: 0 };
      if (this.windows.size >= this.limits.maxAddresses) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      this.windows.set(address, window);
    }
    if (window.recorded < this.limits.perWindow) {
      window.recorded++;
      return { record: true, suppressedBefore };
    }
    window.suppressed++;
    return { record: false };
  }
}
