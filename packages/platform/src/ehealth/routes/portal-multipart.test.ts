import { describe, expect, it } from "vitest";
import { boundaryOf, MultipartError, parseMultipart } from "./portal-multipart.ts";

const B = "----formBoundary7MA4YWxkTrZu0gW";
const CT = `multipart/form-data; boundary=${B}`;

function body(parts: string[]): Uint8Array {
  return new TextEncoder().encode(`${parts.map((p) => `--${B}\r\n${p}\r\n`).join("")}--${B}--\r\n`);
}

describe("multipart/form-data reader (RFC 7578)", () => {
  it("reads fields and a file, bytes unchanged", () => {
    const xml = '<?xml version="1.0"?>\r\n<a>ā\r\n--not-the-boundary</a>';
    const parsed = parseMultipart(
      body([
        'Content-Disposition: form-data; name="_csrf"\r\n\r\ntoken-1',
        `Content-Disposition: form-data; name="document"; filename="izraksts.xml"\r\nContent-Type: text/xml\r\n\r\n${xml}`,
      ]),
      CT,
    );
    expect(parsed.fields).toEqual({ _csrf: "token-1" });
    expect(parsed.files.document?.filename).toBe("izraksts.xml");
    expect(parsed.files.document?.contentType).toBe("text/xml");
    expect(new TextDecoder().decode(parsed.files.document?.data)).toBe(xml);
  });

  it("takes a quoted boundary", () => {
    expect(boundaryOf(`multipart/form-data; boundary="${B}"`)).toBe(B);
  });

  it.each([
    ["not multipart", "application/x-www-form-urlencoded", body([])],
    ["no boundary", "multipart/form-data", body([])],
    [
      "unclosed part",
      CT,
      new TextEncoder().encode(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx`),
    ],
    ["part without a name", CT, body(["Content-Disposition: form-data\r\n\r\nx"])],
    ["part without disposition", CT, body(["Content-Type: text/plain\r\n\r\nx"])],
    [
      "field given twice",
      CT,
      body([
        'Content-Disposition: form-data; name="a"\r\n\r\nx',
        'Content-Disposition: form-data; name="a"\r\n\r\ny',
      ]),
    ],
    ["no part at all", CT, new TextEncoder().encode("hello")],
  ])("refuses %s with a MultipartError", (_name, contentType, bytes) => {
    expect(() => parseMultipart(bytes, contentType)).toThrow(MultipartError);
  });

  it("bounds the number of parts and the size of fields", () => {
    const many = Array.from(
      { length: 11 },
      (_, i) => `Content-Disposition: form-data; name="f${i}"\r\n\r\nx`,
    );
    expect(() => parseMultipart(body(many), CT)).toThrow(/more than 10 parts/);
    const long = `Content-Disposition: form-data; name="f"\r\n\r\n${"x".repeat(5000)}`;
    expect(() => parseMultipart(body([long]), CT)).toThrow(/too long/);
  });
});
