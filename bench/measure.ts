/**
 * Small helpers shared by benchmarks: run a function repeatedly and report the median of
 * several rounds (the machines are shared and noisy, so one round means little).
 */
import { performance } from "node:perf_hooks";

export interface Rate {
  opsPerSecond: number;
  msPerOp: number;
}

/** Median ops/s over `rounds` rounds of at least `minMs` each. */
export async function measure(fn: () => unknown | Promise<unknown>, rounds = 5, minMs = 300): Promise<Rate> {
  const rates: number[] = [];
  await fn(); // warm-up
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < minMs) {
      await fn();
      n++;
      elapsed = performance.now() - start;
    }
    rates.push((n * 1000) / elapsed);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  return { opsPerSecond: median, msPerOp: 1000 / median };
}

export function formatRate(label: string, rate: Rate): string {
  return `${label.padEnd(48)} ${rate.opsPerSecond.toFixed(1).padStart(10)} ops/s  ${rate.msPerOp.toFixed(3).padStart(9)} ms/op`;
}
