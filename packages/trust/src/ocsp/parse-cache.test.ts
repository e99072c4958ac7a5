import { describe, expect, it } from "vitest";
import { parseOcspResponseCached } from "./parse-cache.ts";
import { parseOcspResponse } from "./parse-response.ts";

describe("parseOcspResponseCached", () => {
  // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED } — an unsuccessful answer (RFC 6960 §4.2.1).
  const unsuccessful = (status: number) => new Uint8Array([0x30, 0x03, 0x0a, 0x01, status]);

  it("reuses the parse of an unchanged buffer", () => {
    const der = unsuccessful(1);
    expect(parseOcspResponseCached(der)).toBe(parseOcspResponseCached(der));
    expect(parseOcspResponseCached(der)).toEqual(parseOcspResponse(der));
  });

  it("parses a buffer changed in place afresh", () => {
    const der = unsuccessful(1);
    const first = parseOcspResponseCached(der);
    der[4] = 3;
    const second = parseOcspResponseCached(der);
    expect(first).toEqual(parseOcspResponse(unsuccessful(1)));
    expect(second).toEqual(parseOcspResponse(unsuccessful(3)));
    expect(second).not.toEqual(first);
  });
});
