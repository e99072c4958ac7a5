/** Verified documents stay only for their time and within the byte bound (the oldest go first). */
import { describe, expect, it } from "vitest";
import { VerifiedDocuments } from "./verified-documents.ts";
import type { VerificationOutcome } from "./verify-upload.ts";

const outcome = (bytes: number): VerificationOutcome => ({
  documentName: "a.edoc",
  levelSource: "certificate",
  verifiedAt: new Date(0),
  report: { container: "ASiC-E", files: [], valid: false, signatures: [], errors: [] },
  files: [{ name: "a.txt", mediaType: "text/plain", content: new Uint8Array(bytes) }],
});

describe("VerifiedDocuments", () => {
  it("forgets a document after its time", () => {
    let now = 1_000;
    const kept = new VerifiedDocuments({ ttlMs: 60_000, maxBytes: 1_000, now: () => now });
    const id = kept.keep(outcome(10));
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    now += 59_999;
    expect(kept.find(id)).toBeDefined();
    now += 1;
    expect(kept.find(id)).toBeUndefined();
    expect(kept.size).toBe(0);
  });

  it("drops the oldest when the bytes kept would pass the bound", () => {
    const kept = new VerifiedDocuments({ ttlMs: 60_000, maxBytes: 1_000, now: () => 0 });
    const first = kept.keep(outcome(600));
    const second = kept.keep(outcome(300));
    const third = kept.keep(outcome(300));
    expect(kept.find(first)).toBeUndefined();
    expect(kept.find(second)).toBeDefined();
    expect(kept.find(third)).toBeDefined();
  });
});
