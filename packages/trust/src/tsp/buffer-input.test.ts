/**
 * Node Buffers are Uint8Arrays whose slice() is a view, often into a shared pool. A parser that
 * "copies" with slice() then hands out, or modifies, the pool instead of a copy. The token here is
 * given as a Buffer at a non-zero offset inside a larger buffer, as Fastify and fs deliver bytes.
 */
import { expect, it } from "vitest";
import { makeCa } from "../ocsp/testing/fixtures.ts";
import { buildTimeStampToken } from "./time-stamp-token.ts";
import { verifyTimeStampToken } from "./verify-token.ts";

function inPool(bytes: Uint8Array): Buffer {
  const pool = Buffer.alloc(bytes.length + 100, 0x55);
  Buffer.from(bytes).copy(pool, 37);
  return pool.subarray(37, 37 + bytes.length);
}

it("verifies a time-stamp token given as a Buffer view, and leaves the bytes around it untouched", async () => {
  const tsa = await makeCa("CN=Buffer TSA,C=LV");
  const token = buildTimeStampToken({
    policy: "1.2.3.4",
    messageImprint: { hashAlgorithm: "2.16.840.1.101.3.4.2.1", hashedMessage: new Uint8Array(32).fill(7) },
    serialNumber: new Uint8Array([1, 2, 3]),
    genTime: new Date("2026-01-01T00:00:00Z"),
    signerKey: tsa.key,
    signerCertificate: tsa.der,
    certificates: [tsa.der],
  });
  const input = inPool(token);
  const whole = Buffer.from(input.buffer, 0, input.buffer.byteLength);
  const before = Buffer.from(whole);
  const plain = verifyTimeStampToken(token);
  const viaBuffer = verifyTimeStampToken(input);
  const codeOf = (check: typeof plain) => (check.valid ? null : check.code);
  expect(viaBuffer.valid).toBe(plain.valid);
  expect(codeOf(viaBuffer)).toBe(codeOf(plain));
  expect(viaBuffer.info?.serialNumber).toBe("010203");
  expect(whole.equals(before)).toBe(true);
});
