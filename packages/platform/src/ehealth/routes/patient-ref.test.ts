import { describe, expect, it } from "vitest";
import { patientRefs } from "./patient-ref.ts";

describe("patient references in portal addresses", () => {
  const refs = patientRefs("a shared secret");
  const doctor = "PNOLV-010190-10001";

  it("open to the code for the professional they were sealed for, and show nothing of it", () => {
    const ref = refs.seal("290156-11605", doctor);
    expect(ref).not.toContain("290156");
    expect(ref).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(refs.open(ref, doctor)).toBe("290156-11605");
    // A fresh IV each time: the same patient is not recognisable across addresses.
    expect(refs.seal("290156-11605", doctor)).not.toBe(ref);
  });

  it("open nothing in another person's session, under another secret, changed, or not ours", () => {
    const ref = refs.seal("290156-11605", doctor);
    expect(refs.open(ref, "PNOLV-020290-10002")).toBeUndefined();
    expect(patientRefs("another secret").open(ref, doctor)).toBeUndefined();
    const flipped = `${ref.slice(0, 20)}${ref[20] === "A" ? "B" : "A"}${ref.slice(21)}`;
    expect(refs.open(flipped, doctor)).toBeUndefined();
    for (const junk of ["", "290156-11605", "x".repeat(500), "a+b/c=", "AAAA"])
      expect(refs.open(junk, doctor)).toBeUndefined();
  });
});
