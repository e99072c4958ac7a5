/**
 * `npm run bench [name…]`: runs every `bench/*.bench.ts` (or those named) one after another
 * and prints their reports. Benchmarks are never timed tests: they print figures, with a
 * baseline (raw crypto, openssl, xmlsec1) measured in the same run, for docs/performance.md.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const folder = fileURLToPath(new URL(".", import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(folder)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const mod = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<void> };
  await mod.default();
}
