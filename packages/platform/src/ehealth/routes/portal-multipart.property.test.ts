/** Property tests of the multipart reader (house style: parsers of outside input get fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MultipartError, parseMultipart } from "./portal-multipart.ts";

const BOUNDARY = "----tiltsBoundary0123";
const CT = `multipart/form-data; boundary=${BOUNDARY}`;

function encode(fields: Record<string, string>, file: Uint8Array): Uint8Array {
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
  return new Uint8Array(Buffer.concat(parts));
}

describe("multipart reader properties", () => {
  it("any bytes: a result or a MultipartError, never another exception", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (bytes, framed) => {
        const body = framed
          ? new Uint8Array(Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n`), Buffer.from(bytes)]))
          : bytes;
        try {
          parseMultipart(body, CT);
        } catch (error) {
          expect(error).toBeInstanceOf(MultipartError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("round trip: fields and file bytes come back unchanged (file bytes without the delimiter)", () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/).filter((n) => n !== "document");
    fc.assert(
      fc.property(
        fc.dictionary(
          name,
          fc.string({ maxLength: 100 }).filter((v) => !v.includes(BOUNDARY)),
          { maxKeys: 5 },
        ),
        fc.uint8Array({ maxLength: 3000 }).filter((b) => !Buffer.from(b).includes(`\r\n--${BOUNDARY}`)),
        (fields, file) => {
          const parsed = parseMultipart(encode(fields, file), CT);
          expect(parsed.fields).toEqual(fields);
          expect(Buffer.from(parsed.files.document!.data).equals(Buffer.from(file))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
