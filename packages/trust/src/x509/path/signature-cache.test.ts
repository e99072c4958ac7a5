import { describe, expect, it } from "vitest";
import { SignatureCheckCache } from "./signature-cache.ts";

describe("SignatureCheckCache", () => {
  it("keeps at most its limit, dropping the oldest entry first", () => {
    const cache = new SignatureCheckCache(3);
    for (const k of ["a", "b", "c", "d"]) cache.set(k, "ok");
    expect(cache.size).toBe(3);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("d")).toBe("ok");
  });

  it("overwriting a key does not evict another", () => {
    const cache = new SignatureCheckCache(2);
    cache.set("a", "ok");
    cache.set("b", "bad");
    cache.set("b", "weak");
    expect(cache.get("a")).toBe("ok");
    expect(cache.get("b")).toBe("weak");
  });
});
