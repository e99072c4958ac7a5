import { describe, expect, it } from "vitest";
import { cacheFor, ShortLivedCache } from "./short-lived-cache.ts";

describe("the short-lived cache", () => {
  it("forgets an entry once its age reaches the bound, and on delete", () => {
    let t = 0;
    const cache = new ShortLivedCache<string>(5_000, 10, () => t);
    cache.set("rp-1", "row");
    t = 4_999;
    expect(cache.get("rp-1")).toBe("row");
    t = 5_000;
    expect(cache.get("rp-1")).toBeUndefined();
    cache.set("rp-1", "changed");
    cache.delete("rp-1");
    expect(cache.get("rp-1")).toBeUndefined();
  });

  it("holds at most its limit, the oldest going first", () => {
    const cache = new ShortLivedCache<number>(5_000, 2, () => 0);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
  });

  it("keeps one cache per database handle, so two databases never share rows", () => {
    const make = () => new ShortLivedCache<string>(5_000, 10);
    const first = cacheFor({}, "identity_client", make);
    const second = cacheFor({}, "identity_client", make);
    first.set("rp-1", "row of the first database");
    expect(second.get("rp-1")).toBeUndefined();
    const handle = {};
    expect(cacheFor(handle, "identity_client", make)).toBe(cacheFor(handle, "identity_client", make));
  });
});
