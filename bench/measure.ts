/**
 * Small helpers shared by benchmarks: run a function repeatedly and report the median of
 * several rounds (the machines are shared and noisy, so one round means little).
 */
import { spawnSync } from "node:child_process";
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
  const typical = median(rates);
  return { opsPerSecond: typical, msPerOp: 1000 / typical };
}

export function formatRate(label: string, rate: Rate): string {
  return `${label.padEnd(48)} ${rate.opsPerSecond.toFixed(1).padStart(10)} ops/s  ${rate.msPerOp.toFixed(3).padStart(9)} ms/op`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Median wall time in ms of running an outside program (openssl, xmlsec1) `runs` times, process
 * start-up included: callers time `--version` too and report the difference.
 */
export function timeProcess(program: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(program, args, { encoding: "utf8" });
    times.push(performance.now() - start);
    if (result.status !== 0)
      throw new Error(`${program} ${args.join(" ")} failed: ${result.stdout}${result.stderr}`);
  }
  return median(times);
}
