/** Payloads at rest: exact bytes back, and altered or truncated records refused with a typed error. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CorruptPayloadsError, decodePayloads, encodePayloads, payloadHashes } from "./payload-codec.ts";

const payload = fc.record({
  contentId: fc.string({ maxLength: 40 }),
  mimeType: fc.string({ maxLength: 40 }),
  bytes: fc.uint8Array({ maxLength: 200 }),
});

describe("payload codec", () => {
  it("gives back exactly what was stored", () => {
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 5 }), (payloads) => {
        expect(decodePayloads(encodePayloads(payloads))).toEqual(payloads);
      }),
    );
  });

  it("refuses every truncation and any trailing byte", () => {
    const encoded = encodePayloads([
      { contentId: "a@x", mimeType: "text/plain", bytes: new Uint8Array([1, 2, 3]) },
      { contentId: "b@x", mimeType: "application/pdf", bytes: new Uint8Array(10) },
    ]);
    for (let n = 0; n < encoded.length; n++)
      expect(() => decodePayloads(encoded.subarray(0, n))).toThrow(CorruptPayloadsError);
    expect(() => decodePayloads(new Uint8Array([...encoded, 0]))).toThrow(CorruptPayloadsError);
  });

  it("refuses a length that runs past the end", () => {
    const encoded = encodePayloads([{ contentId: "a", mimeType: "t", bytes: new Uint8Array(4) }]);
    const altered = new Uint8Array(encoded);
    altered[8] = 0xff; // the first field's length: about 4 GiB
    expect(() => decodePayloads(altered)).toThrow(CorruptPayloadsError);
  });

  it("hashes each payload with SHA-256 in order", () => {
    expect(payloadHashes([{ contentId: "a", mimeType: "t", bytes: new TextEncoder().encode("abc") }])).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
