import { describe, expect, it } from "vitest";
import { createPrng } from "./prng.ts";

const take = (seed: number | string, n: number) => {
  const prng = createPrng(seed);
  return Array.from({ length: n }, () => prng.nextUint32());
};

describe("createPrng (xoshiro128** seeded by splitmix32)", () => {
  it("repeats for the same seed and differs for other seeds", () => {
    expect(take(42, 50)).toEqual(take(42, 50));
    expect(take("demo", 50)).toEqual(take("demo", 50));
    expect(take(42, 50)).not.toEqual(take(43, 50));
    expect(take("demo", 50)).not.toEqual(take("demo2", 50));
    expect(take(0, 50)).not.toEqual(take(2 ** 32, 50)); // high bits of large seeds count
  });

  it("yields unsigned 32-bit integers that are not stuck", () => {
    const values = take(0, 1000);
    for (const v of values) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });

  it("int(min, max) stays in range and reaches both ends, roughly uniformly", () => {
    const prng = createPrng(7);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const v = prng.int(0, 9);
      counts[v]++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(1700); // expected 2000 each
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20_000);
  });

  it("refuses nonsense ranges and seeds", () => {
    const prng = createPrng(1);
    expect(() => prng.int(5, 4)).toThrow(RangeError);
    expect(() => prng.int(0, 2 ** 33)).toThrow(RangeError);
    expect(() => prng.pick([])).toThrow(RangeError);
    expect(() => createPrng(1.5)).toThrow(RangeError);
    expect(() => createPrng(Number.NaN)).toThrow(RangeError);
  });
});
