/**
 * Times (RFC 5280 §4.1.2.5, X.690 §11.7): GeneralizedTime with fractional seconds is read to the
 * millisecond — OCSP and RFC 3161 use it, and certificates in the wild carry it (the strict
 * profile refuses it in certificates: see path/strict-profile.test.ts).
 */
import { describe, expect, it } from "vitest";
import { decodeTime, hasFractionalSeconds } from "./decode.ts";
import { readRoot, TAG } from "./reader.ts";
import * as D from "./writer.ts";

const generalized = (s: string) => readRoot(D.tlv(TAG.GENERALIZED_TIME, Buffer.from(s, "latin1")));
const utc = (s: string) => readRoot(D.tlv(TAG.UTC_TIME, Buffer.from(s, "latin1")));

describe("decodeTime", () => {
  it("reads fractional seconds to the millisecond", () => {
    expect(decodeTime(generalized("20250101120000.5Z")).toISOString()).toBe("2025-01-01T12:00:00.500Z");
    expect(decodeTime(generalized("20250101120000.123456Z")).toISOString()).toBe("2025-01-01T12:00:00.123Z");
    expect(decodeTime(generalized("20250101120000.05Z")).toISOString()).toBe("2025-01-01T12:00:00.050Z");
    expect(hasFractionalSeconds(generalized("20250101120000.5Z"))).toBe(true);
    expect(hasFractionalSeconds(generalized("20250101120000Z"))).toBe(false);
  });

  it("whole seconds and UTCTime are unchanged", () => {
    expect(decodeTime(generalized("20500101120001Z")).toISOString()).toBe("2050-01-01T12:00:01.000Z");
    expect(decodeTime(utc("250101120001Z")).toISOString()).toBe("2025-01-01T12:00:01.000Z");
    expect(hasFractionalSeconds(utc("250101120001Z"))).toBe(false);
  });

  it("refuses a dangling point, a comma, a local time or too many digits", () => {
    for (const bad of [
      "20250101120000.Z",
      "20250101120000,5Z",
      "20250101120000.5",
      "20250101120000.1234567890Z",
    ]) {
      expect(() => decodeTime(generalized(bad)), bad).toThrow(/GeneralizedTime/);
    }
  });
});
