import { describe, expect, it } from "vitest";
import { OWN_ISSUER, SerialIndex } from "./serial-index.ts";

describe("SerialIndex", () => {
  it("finds every serial, keeps the first of duplicates, and separates issuers", () => {
    // Serials laid out back to back: 1..3 octets each.
    const serials = [[1], [2], [1, 0], [0x7f, 0xff, 0xff], [2], [1]];
    const data = Uint8Array.from(serials.flat());
    const index = new SerialIndex(data, serials.length);
    let at = 0;
    serials.forEach((s, i) => {
      index.add(i * 100, at, s.length, i === 5 ? 1 : OWN_ISSUER);
      at += s.length;
    });
    expect(index.seal()).toBe(5); // [2] twice under the same issuer; [1] under two issuers
    expect(index.find(Uint8Array.of(1), OWN_ISSUER)).toBe(0);
    expect(index.find(Uint8Array.of(1), 1)).toBe(500);
    expect(index.find(Uint8Array.of(2), OWN_ISSUER)).toBe(100);
    expect(index.find(Uint8Array.of(1, 0), OWN_ISSUER)).toBe(200);
    expect(index.find(Uint8Array.of(0x7f, 0xff, 0xff), OWN_ISSUER)).toBe(300);
    expect(index.find(Uint8Array.of(0, 1), OWN_ISSUER)).toBeUndefined();
    expect(index.find(Uint8Array.of(3), OWN_ISSUER)).toBeUndefined();
  });

  it("refuses more entries than announced", () => {
    const index = new SerialIndex(Uint8Array.of(1), 1);
    index.add(0, 0, 1, OWN_ISSUER);
    expect(() => index.add(0, 0, 1, OWN_ISSUER)).toThrow(/more entries/);
  });
});
