/**
 * Anti-mass-copying limits (CON-3, ANX2-17): how many reads of patient data, and how many distinct
 * patients, a professional, an institution's system and an institution may reach in a window. Pure:
 * the counts after the read in question come in, a verdict goes out; the store (../copying-store.ts)
 * keeps the counts where every server process sees them.
 *
 * Windows are fixed (aligned to the Unix epoch, so a day is a UTC day): cheap to share between
 * nodes with one upsert per window, at the price that a burst straddling a boundary may reach
 * twice a limit once. The limits below leave that margin anyway.
 */

// The limits' vocabulary lives with the module's configuration keys (the manifest loads only
// those), re-exported here for the policy's users.
export {
  COPYING_MEASURES,
  COPYING_SUBJECT_KINDS,
  COPYING_WINDOWS,
  type CopyingLimit,
  CopyingLimitSyntaxError,
  type CopyingLimits,
  type CopyingMeasure,
  type CopyingSubjectKind,
  type CopyingWindow,
  DEFAULT_COPYING_LIMITS,
  parseCopyingLimits,
} from "../../config-keys.ts";

import {
  COPYING_WINDOWS,
  type CopyingLimit,
  type CopyingLimits,
  type CopyingSubjectKind,
  type CopyingWindow,
} from "../../config-keys.ts";

/** One subject's counts in one window, this read included. */
export interface WindowCount {
  readonly kind: CopyingSubjectKind;
  readonly window: CopyingWindow;
  readonly windowStart: Date;
  readonly requests: number;
  readonly patients: number;
}

export type CopyingVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly kind: CopyingSubjectKind;
      readonly limit: CopyingLimit;
      /** Seconds until the window that was crossed ends (what `Retry-After` says). */
      readonly retryAfterSeconds: number;
    };

/** Where the window of `length` seconds that holds `now` starts. */
export function windowStartOf(now: Date, window: CopyingWindow): Date {
  const length = COPYING_WINDOWS[window] * 1000;
  return new Date(Math.floor(now.getTime() / length) * length);
}

/** The windows the limits need, per subject kind (each counted once even if two limits share it). */
export function windowsOf(limits: CopyingLimits, kind: CopyingSubjectKind): CopyingWindow[] {
  return [...new Set(limits[kind].map((l) => l.window))];
}

/**
 * The guard: refused when any count passed its limit. Of several crossed limits the one whose
 * window ends last is named, so a client that waits `retryAfterSeconds` is not refused again at
 * once by another.
 */
export function copyingGuard(
  counts: readonly WindowCount[],
  limits: CopyingLimits,
  now: Date,
): CopyingVerdict {
  let worst: Extract<CopyingVerdict, { allowed: false }> | undefined;
  for (const count of counts) {
    for (const limit of limits[count.kind]) {
      if (limit.window !== count.window) continue;
      if (count[limit.measure] <= limit.max) continue;
      const endsAt = count.windowStart.getTime() + COPYING_WINDOWS[limit.window] * 1000;
      const retryAfterSeconds = Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));
      if (!worst || retryAfterSeconds > worst.retryAfterSeconds)
        worst = { allowed: false, kind: count.kind, limit, retryAfterSeconds };
    }
  }
  return worst ?? { allowed: true };
}

/** The configuration's form of a list of limits (defaults in the README and `--help`). */
export function formatCopyingLimits(limits: readonly CopyingLimit[]): string {
  return limits.map((l) => `${l.max} ${l.measure}/${l.window}`).join(", ");
}
