// CON-3, ANX2-17: the anti-copying limits as a pure policy.
import { describe, expect, it } from "vitest";
import {
  type CopyingLimits,
  copyingGuard,
  DEFAULT_COPYING_LIMITS,
  formatCopyingLimits,
  parseCopyingLimits,
  type WindowCount,
  windowStartOf,
} from "./copying-policy.ts";
import { nextRun, sequenceKeyOf, successorsOf } from "./sequential-codes.ts";

const NOW = new Date("2026-12-07T10:04:30Z");
const LIMITS: CopyingLimits = {
  professional: [
    { max: 10, measure: "patients", window: "10min" },
    { max: 50, measure: "requests", window: "day" },
  ],
  system: [],
  institution: [{ max: 100, measure: "patients", window: "day" }],
};

function count(partial: Partial<WindowCount> & Pick<WindowCount, "kind" | "window">): WindowCount {
  return { windowStart: windowStartOf(NOW, partial.window), requests: 1, patients: 1, ...partial };
}

describe("copyingGuard", () => {
  it("allows counts at the limit and refuses one past it, with the seconds to the window's end", () => {
    expect(
      copyingGuard([count({ kind: "professional", window: "10min", patients: 10 })], LIMITS, NOW),
    ).toEqual({
      allowed: true,
    });
    const verdict = copyingGuard(
      [count({ kind: "professional", window: "10min", patients: 11 })],
      LIMITS,
      NOW,
    );
    expect(verdict).toEqual({
      allowed: false,
      kind: "professional",
      limit: { max: 10, measure: "patients", window: "10min" },
      retryAfterSeconds: 330, // 10:04:30 → 10:10:00
    });
  });

  it("names the crossed limit whose window ends last", () => {
    const verdict = copyingGuard(
      [
        count({ kind: "professional", window: "10min", patients: 11 }),
        count({ kind: "professional", window: "day", requests: 51 }),
      ],
      LIMITS,
      NOW,
    );
    expect(verdict.allowed ? undefined : verdict.limit.window).toBe("day");
    expect(verdict.allowed ? 0 : verdict.retryAfterSeconds).toBe(86_400 - (10 * 3600 + 4 * 60 + 30));
  });

  it("judges each subject kind by its own limits only", () => {
    expect(
      copyingGuard([count({ kind: "system", window: "10min", patients: 10_000 })], LIMITS, NOW).allowed,
    ).toBe(true);
    expect(
      copyingGuard([count({ kind: "institution", window: "day", patients: 101 })], LIMITS, NOW),
    ).toMatchObject({
      allowed: false,
      kind: "institution",
    });
  });

  it("windows are fixed, aligned to the epoch", () => {
    expect(windowStartOf(NOW, "10min").toISOString()).toBe("2026-12-07T10:00:00.000Z");
    expect(windowStartOf(NOW, "hour").toISOString()).toBe("2026-12-07T10:00:00.000Z");
    expect(windowStartOf(NOW, "day").toISOString()).toBe("2026-12-07T00:00:00.000Z");
  });
});

describe("limits in the configuration's form", () => {
  it("parse and print round trip, the defaults included", () => {
    for (const kind of ["professional", "system", "institution"] as const)
      expect(parseCopyingLimits(formatCopyingLimits(DEFAULT_COPYING_LIMITS[kind]))).toEqual(
        DEFAULT_COPYING_LIMITS[kind],
      );
    expect(parseCopyingLimits(" 25 patients / 10min ,3000 requests/day")).toEqual([
      { max: 25, measure: "patients", window: "10min" },
      { max: 3000, measure: "requests", window: "day" },
    ]);
    expect(parseCopyingLimits("")).toEqual([]);
  });

  it("refuse unknown measures and windows, zero, and a limit given twice", () => {
    expect(() => parseCopyingLimits("25 documents/day")).toThrow(/not "<number>/);
    expect(() => parseCopyingLimits("25 patients/week")).toThrow(/not "<number>/);
    expect(() => parseCopyingLimits("0 patients/day")).toThrow(/at least 1/);
    expect(() => parseCopyingLimits("5 patients/day, 6 patients/day")).toThrow(/twice/);
  });
});

describe("sequential personal codes (ANX2-18)", () => {
  it("a code's successors are the next few sequence keys, check digit dropped", () => {
    expect(successorsOf("010190-12345")).toEqual(["0101901235", "0101901236", "0101901237"]);
    expect(sequenceKeyOf("010190-12367")).toBe("0101901236");
    expect(successorsOf("010190-12345")).toContain(sequenceKeyOf("010190-12367"));
    expect(successorsOf("not a code")).toEqual([]);
  });

  it("a run grows only while each patient continues the last", () => {
    expect(nextRun(4, true)).toBe(5);
    expect(nextRun(4, false)).toBe(1);
  });
});
