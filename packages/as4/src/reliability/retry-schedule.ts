/**
 * Reception awareness (AS4 §3.2 / §5.1.x "Reception Awareness"): when no receipt arrives, the
 * sender resends on a schedule and gives up after the configured attempts, then reports
 * EBMS:0301 MissingReceipt. The schedule follows Domibus's `retry="timeout;count;strategy"`
 * (minutes; the sample OOTS P-Modes use "12;4;CONSTANT"): CONSTANT spreads `count` resends
 * evenly over `timeout`; PROGRESSIVE doubles the wait each time, scaled to end at `timeout`.
 * Pure: the caller passes the time of the first send and the attempt number.
 */
import { As4Error } from "../errors.ts";

export interface RetryPolicy {
  /** Minutes from the first send after which no further resend is made. */
  timeoutMinutes: number;
  /** Resends after the first send. */
  retries: number;
  strategy: "CONSTANT" | "PROGRESSIVE";
}

export type RetryDecision =
  | { action: "retry"; at: Date; attempt: number }
  | { action: "give-up"; error: As4Error };

/** Parses Domibus's "timeout;count;strategy" (e.g. "12;4;CONSTANT"). */
export function parseRetryPolicy(text: string): RetryPolicy {
  const m = /^\s*(\d+)\s*;\s*(\d+)\s*;\s*(CONSTANT|PROGRESSIVE)\s*$/.exec(text);
  if (!m) throw new As4Error("EBMS:0004", `retry "${text}" is not "timeout;count;CONSTANT|PROGRESSIVE"`);
  return { timeoutMinutes: Number(m[1]), retries: Number(m[2]), strategy: m[3] as RetryPolicy["strategy"] };
}

/** Offsets (ms from the first send) of every resend the policy allows. */
export function retryOffsets(policy: RetryPolicy): number[] {
  const total = policy.timeoutMinutes * 60_000;
  const n = policy.retries;
  if (n <= 0 || total <= 0) return [];
  if (policy.strategy === "CONSTANT")
    return Array.from({ length: n }, (_, i) => Math.round((total * (i + 1)) / n));
  // PROGRESSIVE: waits 1, 2, 4, … units, the sum of all n waits being `total`.
  const unit = total / (2 ** n - 1);
  return Array.from({ length: n }, (_, i) => Math.round(unit * (2 ** (i + 1) - 1)));
}

/**
 * What to do after `sentAttempts` sends (1 = only the first) without a receipt.
 * `messageId` is quoted in the MissingReceipt error.
 */
export function nextRetry(
  policy: RetryPolicy,
  firstSentAt: Date,
  sentAttempts: number,
  messageId: string,
): RetryDecision {
  const offsets = retryOffsets(policy);
  const next = offsets[sentAttempts - 1];
  if (next === undefined)
    return {
      action: "give-up",
      error: new As4Error("EBMS:0301", `no receipt after ${sentAttempts} sends`, {
        refToMessageId: messageId,
      }),
    };
  return { action: "retry", at: new Date(firstSentAt.getTime() + next), attempt: sentAttempts + 1 };
}
