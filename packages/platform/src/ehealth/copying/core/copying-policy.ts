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

export const COPYING_SUBJECT_KINDS = ["professional", "system", "institution"] as const;
export type CopyingSubjectKind = (typeof COPYING_SUBJECT_KINDS)[number];

export const COPYING_MEASURES = ["patients", "requests"] as const;
export type CopyingMeasure = (typeof COPYING_MEASURES)[number];

/** Window lengths in seconds, by the names the configuration uses. */
export const COPYING_WINDOWS = { "10min": 600, hour: 3600, day: 86_400 } as const;
export type CopyingWindow = keyof typeof COPYING_WINDOWS;

export interface CopyingLimit {
  readonly max: number;
  readonly measure: CopyingMeasure;
  readonly window: CopyingWindow;
}

export type CopyingLimits = Readonly<Record<CopyingSubjectKind, readonly CopyingLimit[]>>;

/**
 * Defaults drawn from a busy GP's day: some 60 patients, each opened a few times (find, list,
 * read two or three documents), in bursts of up to ~10 patients in 10 minutes. A professional's
 * limits are about 2.5 times that, so a long day never meets them, while a script reading
 * hundreds of patients is stopped within minutes. A system and an institution serve many
 * professionals: a large hospital's day (~2,000 patients) fits under their limits.
 */
export const DEFAULT_COPYING_LIMITS: CopyingLimits = {
  professional: [
    { max: 25, measure: "patients", window: "10min" },
    { max: 150, measure: "patients", window: "day" },
    { max: 200, measure: "requests", window: "10min" },
    { max: 1500, measure: "requests", window: "day" },
  ],
  system: [
    { max: 600, measure: "patients", window: "10min" },
    { max: 5000, measure: "patients", window: "day" },
    { max: 50_000, measure: "requests", window: "day" },
  ],
  institution: [
    { max: 8000, measure: "patients", window: "day" },
    { max: 80_000, measure: "requests", window: "day" },
  ],
};

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

/** Why a limit text does not parse (the configuration reports it with the key's name). */
export class CopyingLimitSyntaxError extends Error {
  override name = "CopyingLimitSyntaxError";
}

const LIMIT_ITEM = /^(\d{1,7})\s+(patients|requests)\s*\/\s*(10min|hour|day)$/;

/**
 * Limits as the configuration writes them: `25 patients/10min, 150 patients/day, 200
 * requests/10min` — a comma-separated list; an empty text means no limit for the subject.
 */
export function parseCopyingLimits(text: string): CopyingLimit[] {
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const limits = items.map((item) => {
    const match = LIMIT_ITEM.exec(item);
    if (!match)
      throw new CopyingLimitSyntaxError(`"${item}" is not "<number> patients|requests/10min|hour|day"`);
    const max = Number(match[1]);
    if (max < 1) throw new CopyingLimitSyntaxError(`"${item}": a limit must be at least 1`);
    return { max, measure: match[2] as CopyingMeasure, window: match[3] as CopyingWindow };
  });
  const seen = new Set<string>();
  for (const l of limits) {
    const key = `${l.measure}/${l.window}`;
    if (seen.has(key)) throw new CopyingLimitSyntaxError(`${key} is given twice`);
    seen.add(key);
  }
  return limits;
}

/** The configuration's form of a list of limits (defaults in the README and `--help`). */
export function formatCopyingLimits(limits: readonly CopyingLimit[]): string {
  return limits.map((l) => `${l.max} ${l.measure}/${l.window}`).join(", ");
}
