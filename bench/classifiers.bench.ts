/**
 * Loading an operator's classifier file (ANX2-17) of national size: 20,000 codes (ICD-10 with its
 * Latvian names is about that) loaded as a new version, then a next file that renames 2,000
 * codes and drops 1,000; and reading the ValueSet expansion of the codes valid today.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/run.ts classifiers
 *
 * PGlite in memory always; PostgreSQL in a throwaway database when TEST_DATABASE_URL is set.
 */
import { performance } from "node:perf_hooks";
import { testDatabaseKinds } from "../packages/platform/src/db/testing.ts";
import { loadClassifier, validCodes } from "../packages/platform/src/ehealth/classifiers/index.ts";

const CODES = 20_000;
const HEADER = "code,display_lv,display_en,valid_from,valid_to";

function csv(renamed: number, dropped: number): Uint8Array {
  const lines = [HEADER];
  for (let i = dropped; i < CODES; i++) {
    const code = `C${String(i).padStart(5, "0")}`;
    const suffix = i < dropped + renamed ? " (labots)" : "";
    lines.push(`${code},Valsts kods ${i}${suffix},Country code ${i},2024-01-01,`);
  }
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

export default async function classifiersBench(): Promise<void> {
  const first = csv(0, 0);
  const next = csv(2_000, 1_000);
  for (const kind of testDatabaseKinds()) {
    const database = await kind.open();
    try {
      const load = (bytes: Uint8Array) =>
        loadClassifier(database.db, {
          name: "countries",
          bytes,
          source: "bench.csv",
          actor: "cli",
          now: new Date(),
        });
      const [v2, msFirst] = await timed(() => load(first));
      const [v3, msNext] = await timed(() => load(next));
      const [, msSame] = await timed(() => load(next));
      const [codes, msValueSet] = await timed(() => validCodes(database.db, "countries", "2026-12-07"));
      console.log(
        `${kind.name.padEnd(10)} load ${CODES} codes (${(first.length / 1024).toFixed(0)} KiB): ${msFirst.toFixed(0)} ms ` +
          `(+${v2.added} −${v2.retired}); next version (${v3.changed} changed, ${v3.retired} retired): ${msNext.toFixed(0)} ms; ` +
          `same file again: ${msSame.toFixed(0)} ms; ValueSet expansion (${codes.length} codes): ${msValueSet.toFixed(0)} ms`,
      );
    } finally {
      await database.close();
    }
  }
}
