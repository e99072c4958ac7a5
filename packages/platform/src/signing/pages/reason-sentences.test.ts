/**
 * Every sub-indication the validator of @tilts/trust can produce has a reason and advice in both
 * languages: the sub-indications are read from the validator's own sources (its SubIndication
 * type and every literal its non-test files use), so one added there fails here until explained.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SubIndication } from "@tilts/trust";
import { describe, expect, it } from "vitest";
import { EXPLAINED_SUB_INDICATIONS, reasonSentence } from "./reason-sentences.ts";

const TRUST_SOURCE = fileURLToPath(new URL("../../../../trust/src/", import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The members of `type SubIndication = | "…" | …` in the validator's report model. */
function declaredSubIndications(): string[] {
  const types = readFileSync(join(TRUST_SOURCE, "validation", "types.ts"), "utf8");
  const union = /export type SubIndication =([^;]+);/.exec(types)?.[1] ?? "";
  return [...union.matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]!);
}

describe("reason sentences for sub-indications", () => {
  const declared = declaredSubIndications();

  it("the validator declares the EN 319 102-1 sub-indications (the reading of its source works)", () => {
    expect(declared).toContain("HASH_FAILURE");
    expect(declared).toContain("REVOKED_NO_POE");
    expect(declared.length).toBeGreaterThanOrEqual(20);
  });

  it("every sub-indication the validator declares or uses has sentences", () => {
    const used = new Set<string>();
    const literal = new RegExp(`"(${declared.join("|")})"`, "g");
    for (const file of sourceFiles(TRUST_SOURCE))
      for (const m of readFileSync(file, "utf8").matchAll(literal)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(10);
    expect([...EXPLAINED_SUB_INDICATIONS].sort()).toEqual([...new Set([...declared, ...used])].sort());
  });

  it("each has a distinct reason and advice in Latvian and English", () => {
    const reasons = new Set<string>();
    for (const sub of EXPLAINED_SUB_INDICATIONS as SubIndication[]) {
      for (const language of ["lv", "en"] as const) {
        const sentence = reasonSentence(sub, language);
        expect(sentence.reason.length, `${sub} ${language}`).toBeGreaterThan(20);
        expect(sentence.advice.length, `${sub} ${language}`).toBeGreaterThan(15);
        expect(reasons.has(sentence.reason), `${sub} ${language} repeats another reason`).toBe(false);
        reasons.add(sentence.reason);
      }
      // Latvian sentences carry no code of the standard.
      expect(reasonSentence(sub, "lv").reason).not.toMatch(/[A-Z]{2,}_/);
    }
  });

  it("a signature without a sub-indication still gets an explanation", () => {
    expect(reasonSentence(null, "lv").reason).toMatch(/pārbaudīt/);
    expect(reasonSentence(null, "en").advice).toMatch(/sign/);
  });
});
