/**
 * CPU profiles of a benchmark's measured part, for "where does the time go" (docs/performance.md):
 * with BENCH_CPU_PROFILE=<folder> set, `profiled(name, fn)` records `fn` through an inspector
 * session of this process (node refuses --cpu-prof in NODE_OPTIONS, and a whole-run profile would
 * mix warm-up and set-up in), writes `<folder>/<name>.cpuprofile` for Chrome's or VS Code's
 * profiler, and prints the self time summed per source file, busiest first. Without the variable
 * it only runs `fn`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_CPU_PROFILE;
  if (!folder) return fn();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
    session.disconnect();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    printSummary(name, profile);
  }
}

/** Where a sample's code lives: a file of ours, a package, node's own code, or V8 (GC, idle). */
function placeOf(frame: ProfileNode["callFrame"]): string {
  const url = frame.url;
  if (!url) return `(${frame.functionName || "anonymous"})`;
  const inModules = url.lastIndexOf("/node_modules/");
  if (inModules >= 0) {
    const rest = url.slice(inModules + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const inPackages = url.indexOf("/packages/");
  if (inPackages >= 0) return url.slice(inPackages + "/packages/".length);
  return url.startsWith("node:") ? url : url.replace(/^.*\//, "");
}

function printSummary(name: string, profile: Profile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    if (!node) continue;
    const place = placeOf(node.callFrame);
    totals.set(place, (totals.get(place) ?? 0) + (deltas[i] ?? 0));
  }
  const all = (profile.endTime - profile.startTime) / 1000;
  console.log(`CPU profile "${name}": ${all.toFixed(0)} ms, self time by file (top 25):`);
  const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [place, micros] of rows)
    console.log(`  ${((100 * micros) / 1000 / all).toFixed(1).padStart(5)} %  ${place}`);
}
