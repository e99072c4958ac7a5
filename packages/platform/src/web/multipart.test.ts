import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMIT, uploadServer } from "./multipart-testing.ts";

const B = "----formBoundary7MA4YWxkTrZu0gW";
const CT = `multipart/form-data; boundary=${B}`;

function body(parts: string[]): Buffer {
  return Buffer.from(`${parts.map((p) => `--${B}\r\n${p}\r\n`).join("")}--${B}--\r\n`);
}

let app: FastifyInstance;
beforeAll(async () => {
  app = await uploadServer();
});
afterAll(() => app.close());

async function post(payload: Buffer, contentType = CT, headers: Record<string, string> = {}) {
  const response = await app.inject({
    method: "POST",
    url: "/upload",
    payload,
    headers: { "content-type": contentType, ...headers },
  });
  return { status: response.statusCode, json: response.json() };
}

describe("multipart/form-data through @fastify/multipart (RFC 7578)", () => {
  it("reads fields and a file, bytes unchanged", async () => {
    const xml = '<?xml version="1.0"?>\r\n<a>ā\r\n--not-the-boundary</a>';
    const { status, json } = await post(
      body([
        'Content-Disposition: form-data; name="_csrf"\r\n\r\ntoken-1',
        `Content-Disposition: form-data; name="document"; filename="izraksts.xml"\r\nContent-Type: text/xml\r\n\r\n${xml}`,
      ]),
    );
    expect(status).toBe(200);
    expect(json.fields).toEqual({ _csrf: "token-1" });
    expect(json.files.document.filename).toBe("izraksts.xml");
    expect(json.files.document.contentType).toBe("text/xml");
    expect(Buffer.from(json.files.document.data, "base64").toString("utf8")).toBe(xml);
  });

  it("takes a quoted boundary", async () => {
    const { status, json } = await post(
      body(['Content-Disposition: form-data; name="a"\r\n\r\nx']),
      `multipart/form-data; boundary="${B}"`,
    );
    expect(status).toBe(200);
    expect(json.fields).toEqual({ a: "x" });
  });

  it.each([
    ["no boundary", "multipart/form-data", body([])],
    ["unclosed part", CT, Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx`)],
    ["part without a name", CT, body(["Content-Disposition: form-data\r\n\r\nx"])],
    [
      "field given twice",
      CT,
      body([
        'Content-Disposition: form-data; name="a"\r\n\r\nx',
        'Content-Disposition: form-data; name="a"\r\n\r\ny',
      ]),
    ],
    [
      "file given twice",
      CT,
      body([
        'Content-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nx',
        'Content-Disposition: form-data; name="f"; filename="b.txt"\r\n\r\ny',
      ]),
    ],
    ["no part at all", CT, Buffer.from("hello")],
    [
      "a field named after a prototype member",
      CT,
      body(['Content-Disposition: form-data; name="__proto__"\r\n\r\nx']),
    ],
    [
      "a field name over 100 bytes",
      CT,
      body([`Content-Disposition: form-data; name="${"n".repeat(120)}"\r\n\r\nx`]),
    ],
  ])("refuses %s with a MultipartError (400)", async (_name, contentType, bytes) => {
    const { status, json } = await post(bytes, contentType);
    expect(status).toBe(400);
    expect(json.refused).toBe("bad-multipart");
  });

  it("reads at most 8 header lines of a part and ignores the rest", async () => {
    const headers = (junk: number) =>
      `Content-Disposition: form-data; name="f"; filename="a.xml"\r\n${"X-A: 1\r\n".repeat(junk)}Content-Type: text/xml`;
    expect((await post(body([`${headers(6)}\r\n\r\nx`]))).json.files.f.contentType).toBe("text/xml");
    const cut = await post(body([`${headers(7)}\r\n\r\nx`]));
    // The cut-off Content-Type is not seen: RFC 7578 §4.4's default applies.
    expect(cut.json.files.f.contentType).toBe("text/plain");
  });

  it("refuses a body that is not multipart with a MultipartError", async () => {
    const response = await app.inject({ method: "POST", url: "/upload", payload: { a: 1 } });
    expect(response.statusCode).toBe(400);
    expect(response.json().refused).toBe("bad-multipart");
  });

  it("bounds the number of parts and the size of fields", async () => {
    const part = (i: number) => `Content-Disposition: form-data; name="f${i}"\r\n\r\nx`;
    expect((await post(body(Array.from({ length: 10 }, (_, i) => part(i))))).status).toBe(200);
    const many = await post(body(Array.from({ length: 11 }, (_, i) => part(i))));
    expect(many.status).toBe(400);
    expect(many.json.message).toMatch(/more than 10 parts/);
    const fits = await post(body([`Content-Disposition: form-data; name="f"\r\n\r\n${"x".repeat(4096)}`]));
    expect(fits.json.fields.f).toHaveLength(4096);
    const long = await post(body([`Content-Disposition: form-data; name="f"\r\n\r\n${"x".repeat(4097)}`]));
    expect(long.status).toBe(400);
    expect(long.json.message).toMatch(/too long/);
  });

  it("refuses a body declared over the route's limit with 413 before reading it", async () => {
    const big = body([
      `Content-Disposition: form-data; name="f"; filename="a"\r\n\r\n${"x".repeat(BODY_LIMIT)}`,
    ]);
    const { status } = await post(big);
    expect(status).toBe(413);
  });

  it("refuses with 413 a body over the limit that does not declare its length", async () => {
    const file = "x".repeat(BODY_LIMIT + 1);
    const big = body([`Content-Disposition: form-data; name="f"; filename="a"\r\n\r\n${file}`]);
    const response = await app.inject({
      method: "POST",
      url: "/upload",
      // A stream: sent chunked, without Content-Length.
      payload: (await import("node:stream")).Readable.from([big]),
      headers: { "content-type": CT },
    });
    expect(response.headers["content-length"] === undefined || response.statusCode === 413).toBe(true);
    expect(response.statusCode).toBe(413);
  });

  it("counts files and fields together against the route's limit", async () => {
    const half = "x".repeat(BODY_LIMIT / 2 + 10);
    const response = await app.inject({
      method: "POST",
      url: "/upload",
      payload: (await import("node:stream")).Readable.from([
        body([
          `Content-Disposition: form-data; name="a"; filename="a"\r\n\r\n${half}`,
          `Content-Disposition: form-data; name="b"; filename="b"\r\n\r\n${half}`,
        ]),
      ]),
      headers: { "content-type": CT },
    });
    expect(response.statusCode).toBe(413);
  });

  it("does not read multipart bodies outside the scope that accepts them", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/elsewhere",
      payload: body(['Content-Disposition: form-data; name="a"\r\n\r\nx']),
      headers: { "content-type": CT },
    });
    expect(response.statusCode).toBe(415);
  });
});
