import { describe, expect, it } from "vitest";
import { RefusalThrottle } from "./refusal-throttle.ts";

describe("RefusalThrottle", () => {
  const limits = { perWindow: 3, windowMs: 1000, maxAddresses: 2 };

  it("records the first refusals of a window, counts the rest, and reports them with the next record", () => {
    const throttle = new RefusalThrottle(limits);
    const decisions = [0, 1, 2, 3, 4].map((t) => throttle.decide("10.0.0.1", t));
    expect(decisions.map((d) => d.record)).toEqual([true, true, true, false, false]);
    expect(throttle.decide("10.0.0.1", 999)).toEqual({ record: false });
    expect(throttle.decide("10.0.0.1", 1000)).toEqual({ record: true, suppressedBefore: 3 });
    expect(throttle.decide("10.0.0.1", 1001)).toEqual({ record: true, suppressedBefore: 0 });
  });

  it("keeps addresses apart and forgets the oldest beyond its bound", () => {
    const throttle = new RefusalThrottle(limits);
    for (let i = 0; i < 4; i++) throttle.decide("a", i);
    expect(throttle.decide("b", 5)).toEqual({ record: true, suppressedBefore: 0 });
    expect(throttle.decide("c", 6)).toEqual({ record: true, suppressedBefore: 0 }); // "a" forgotten
    expect(throttle.decide("a", 7)).toEqual({ record: true, suppressedBefore: 0 });
  });
});
