/** Property tests of the multipart reader (house style: parsers of outside input get fast-check). */

import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadServer } from "./multipart-testing.ts";

const BOUNDARY = "----tiltsBoundary0123";
const CT = `multipart/form-data; boundary=${BOUNDARY}`;

function encode(fields: Record<string, string>, file: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="document"; filename="d.xml"\r\n\r\n`),
    Buffer.from(file),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  );
  return Buffer.concat(parts);
}

let app: FastifyInstance;
beforeAll(async () => {
  app = await uploadServer();
});
afterAll(() => app.close());

const post = (payload: Buffer) =>
  app.inject({ method: "POST", url: "/upload", payload, headers: { "content-type": CT } });

describe("multipart reader properties", () => {
  it("any bytes: a result or a typed refusal (400, or 413 over the limit), never a server error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), async (bytes, framed) => {
        const body = framed ? Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n`), bytes]) : Buffer.from(bytes);
        const response = await post(body);
        expect([200, 400]).toContain(response.statusCode);
        if (response.statusCode === 400) expect(response.json().refused).toBe("bad-multipart");
      }),
      { numRuns: 300 },
    );
  });

  it("round trip: fields and file bytes come back unchanged (file bytes without the delimiter)", async () => {
    const name = fc
      .stringMatching(/^[a-z_][a-z0-9_]{0,10}$/) // Names of Object.prototype's members are refused (a typed 400, tested in multipart.test.ts).
      .filter((n) => n !== "document" && !(n in Object.prototype));
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          name,
          fc.string({ maxLength: 100 }).filter((v) => !v.includes(BOUNDARY)),
          { maxKeys: 5 },
        ),
        fc.uint8Array({ maxLength: 3000 }).filter((b) => !Buffer.from(b).includes(`\r\n--${BOUNDARY}`)),
        async (fields, file) => {
          const response = await post(encode(fields, file));
          expect(response.statusCode).toBe(200);
          const read = response.json();
          expect(read.fields).toEqual(fields);
          expect(Buffer.from(read.files.document.data, "base64").equals(Buffer.from(file))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
