/**
 * A small seeded pseudo-random generator for reproducible test data: xoshiro128** (Blackman &
 * Vigna), its 128-bit state filled from the seed by splitmix32. Not for anything secret —
 * test persons only. Math.random is never used: same seed, same persons, on every machine.
 */

export interface Prng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** Seeds may be numbers or strings ("demo", "ci-run-7"); strings are hashed with FNV-1a. */
export type Seed = number | string;

function seedToUint32(seed: Seed): number {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) throw new RangeError("seed must be a safe integer or a string");
    // Fold the high bits in so seeds above 2^32 still differ.
    return (seed ^ Math.floor(seed / 0x1_0000_0000)) >>> 0;
  }
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** splitmix32: spreads one 32-bit seed over the four state words, never all zero in practice. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) >>> 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export function createPrng(seed: Seed): Prng {
  const sm = { s: seedToUint32(seed) };
  let a = splitmix32(sm);
  let b = splitmix32(sm);
  let c = splitmix32(sm);
  let d = splitmix32(sm);
  if ((a | b | c | d) === 0) a = 1; // xoshiro's one forbidden state

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    return result;
  };

  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min || max - min >= 0x1_0000_0000) {
      throw new RangeError("int(min, max) needs integers with min <= max and a range below 2^32");
    }
    const range = max - min + 1;
    // Rejection sampling: no modulo bias, so every serial and date is equally likely.
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % range);
    let x = nextUint32();
    while (x >= limit) x = nextUint32();
    return min + (x % range);
  };

  return {
    nextUint32,
    int,
    chance: (p) => nextUint32() / 0x1_0000_0000 < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError("pick() from an empty list");
      return items[int(0, items.length - 1)] as T;
    },
  };
}
