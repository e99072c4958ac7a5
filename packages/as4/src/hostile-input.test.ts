/**
 * Hostile input to the reception pipeline (DESIGN: parsers have size, depth and time limits
 * and fail with a typed error): truncated and random MIME, huge part counts, gzip bombs,
 * deeply nested and oversized envelopes. Every outcome must be an As4Error with an ebMS code
 * (EBMS:0004 over a limit, 0007 MIME, 0009 header, 0303 decompression) — never another
 * exception, a crash or a hang (each property runs many cases in vitest's time-out).
 */
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decompressPayload } from "./compression.ts";
import { As4Error, type EbmsErrorCode } from "./errors.ts";
import { parseEnvelope } from "./message/parse-envelope.ts";
import { buildMultipart, type MimeMessage, parseMultipart } from "./mime/multipart.ts";
import { openMessage } from "./open-message.ts";
import { packageUserMessage } from "./package-message.ts";
import { AT, ootsRequestHeader, testAccessPoints } from "./testing/test-access-points.ts";

const aps = testAccessPoints();
const options = {
  policyFor: () => ({ signature: { required: false }, encryptionRequired: false }),
  trust: aps.trust,
  at: AT,
};

async function codeOf(f: () => unknown): Promise<EbmsErrorCode | "ok"> {
  try {
    await f();
    return "ok";
  } catch (e) {
    if (e instanceof As4Error) return e.code;
    throw e;
  }
}

const sample = await packageUserMessage({
  message: ootsRequestHeader(),
  payloads: [
    { contentId: "a@x", mimeType: "application/x-ebrs+xml", bytes: new TextEncoder().encode("<a/>") },
    { contentId: "b@x", mimeType: "application/pdf", bytes: new Uint8Array(500).fill(1) },
  ],
  compress: true,
});

describe("MIME parser", () => {
  it("every truncation of a valid message is refused with a code, or opens", async () => {
    const body = sample.mime.body;
    for (let n = 0; n < body.length; n += 7) {
      const code = await codeOf(() => openMessage({ ...sample.mime, body: body.subarray(0, n) }, options));
      expect(["EBMS:0007", "EBMS:0009", "EBMS:0011", "EBMS:0303", "ok"]).toContain(code);
    }
    expect(await codeOf(() => openMessage(sample.mime, options))).toBe("ok");
  });

  it("random bodies and Content-Types give only typed errors", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom(
          sample.mime.contentType,
          "multipart/related; boundary=x",
          "application/soap+xml",
          "text/plain",
        ),
        async (body, contentType) => {
          const code = await codeOf(() => openMessage({ contentType, body }, options));
          expect(code).toMatch(/^EBMS:|^ok$/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("random edits (bytes flipped, inserted, deleted) of a valid message give only typed errors", async () => {
    const body = sample.mime.body;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.nat(body.length - 1),
            fc.integer({ min: 0, max: 255 }),
            fc.constantFrom("set", "cut", "ins"),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        async (edits) => {
          let bytes = Buffer.from(body);
          for (const [at, value, op] of edits) {
            const i = Math.min(at, bytes.length - 1);
            if (op === "set") bytes[i] = value;
            else if (op === "cut") bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
            else bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([value]), bytes.subarray(i)]);
          }
          const code = await codeOf(() =>
            openMessage({ ...sample.mime, body: new Uint8Array(bytes) }, options),
          );
          expect(code).toMatch(/^EBMS:|^ok$/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a huge number of parts stops at the part limit (EBMS:0004)", () => {
    const boundary = "b";
    const part = `--${boundary}\r\nContent-ID: <p>\r\n\r\nx\r\n`;
    const body = new TextEncoder().encode(`${part.repeat(200_000)}--${boundary}--\r\n`);
    const message: MimeMessage = { contentType: `multipart/related; boundary=${boundary}`, body };
    expect(() => parseMultipart(message)).toThrow(expect.objectContaining({ code: "EBMS:0004" }));
  });

  it("size limits: total, one part, part headers (EBMS:0004)", () => {
    const big = buildMultipart(
      new Uint8Array(10),
      [{ contentId: "a@x", contentType: "x/y", bytes: new Uint8Array(5000) }],
      "b",
    );
    expect(() => parseMultipart(big, { maxTotalBytes: 4000 })).toThrow(
      expect.objectContaining({ code: "EBMS:0004" }),
    );
    expect(() => parseMultipart(big, { maxPartBytes: 4000 })).toThrow(
      expect.objectContaining({ code: "EBMS:0004" }),
    );
    const header = `--b\r\nX-Long: ${"a".repeat(10_000)}\r\n\r\nx\r\n--b--\r\n`;
    expect(() =>
      parseMultipart({
        contentType: "multipart/related; boundary=b",
        body: new TextEncoder().encode(header),
      }),
    ).toThrow(expect.objectContaining({ code: "EBMS:0004" }));
  });

  it("duplicate Content-IDs and a missing start part are MIME inconsistencies (EBMS:0007)", () => {
    const dup = buildMultipart(
      new Uint8Array(1),
      [
        { contentId: "a@x", contentType: "x/y", bytes: new Uint8Array(1) },
        { contentId: "a@x", contentType: "x/y", bytes: new Uint8Array(1) },
      ],
      "b",
    );
    expect(() => parseMultipart(dup)).toThrow(expect.objectContaining({ code: "EBMS:0007" }));
    const noStart = { ...dup, contentType: 'multipart/related; boundary="b"; start="<nope>"' };
    expect(() => parseMultipart(noStart)).toThrow(expect.objectContaining({ code: "EBMS:0007" }));
  });
});

describe("security pipeline under random edits", () => {
  it("edits of a signed and encrypted envelope give only typed errors", async () => {
    const secured = await packageUserMessage({
      message: ootsRequestHeader(),
      payloads: [
        { contentId: "a@x", mimeType: "application/x-ebrs+xml", bytes: new TextEncoder().encode("<a/>") },
      ],
      compress: true,
      signing: {
        privateKey: aps.sender.key.privateKey,
        certificate: aps.sender.certificate,
        algorithm: "rsa-sha256",
      },
      encryptFor: aps.receiver.certificate,
    });
    const { root, attachments } = parseMultipart(secured.mime);
    const text = new TextDecoder().decode(root.bytes);
    const strict = {
      ...options,
      policyFor: () => ({ signature: { required: true }, encryptionRequired: true }),
      decryptionKey: aps.receiver.key.privateKey,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.nat(text.length - 1),
        fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("A", "=", "<", '"', "#", "cid:", "x")),
        fc.nat(6),
        async (at, insert, cut) => {
          const edited = new TextEncoder().encode(text.slice(0, at) + insert + text.slice(at + cut));
          const mime = buildMultipart(edited, attachments, "b");
          const code = await codeOf(() => openMessage(mime, strict));
          expect(code).toMatch(/^EBMS:|^ok$/);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("gzip", () => {
  it("a gzip bomb (64 MiB of zeros in ~64 KiB) stops at the ratio limit with EBMS:0303", () => {
    // 64 MiB of zeros compresses to ~64 KiB; the ratio limit (200) stops it after ~13 MiB.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(() => decompressPayload(bomb)).toThrow(expect.objectContaining({ code: "EBMS:0303" }));
    expect(() => decompressPayload(gzipSync(Buffer.alloc(5000)), { maxBytes: 4000 })).toThrow(
      expect.objectContaining({ code: "EBMS:0303" }),
    );
  });

  it("a bomb inside a message is refused by openMessage with EBMS:0303", async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
    const { root } = parseMultipart(sample.mime);
    const mime = buildMultipart(
      root.bytes,
      [
        { contentId: "a@x", contentType: "application/gzip", bytes: new Uint8Array(bomb) },
        {
          contentId: "b@x",
          contentType: "application/gzip",
          bytes: new Uint8Array(gzipSync(Buffer.from("x"))),
        },
      ],
      "b",
    );
    expect(await codeOf(() => openMessage(mime, options))).toBe("EBMS:0303");
  });

  it("the decompressed parts of one message share one budget (EBMS:0303)", async () => {
    const { root } = parseMultipart(sample.mime);
    const part = (id: string) => ({
      contentId: id,
      contentType: "application/gzip",
      bytes: new Uint8Array(gzipSync(Buffer.alloc(3000, 65))),
    });
    const mime = buildMultipart(root.bytes, [part("a@x"), part("b@x")], "b");
    expect(await codeOf(() => openMessage(mime, options))).toBe("ok");
    const limited = { ...options, limits: { decompression: { maxTotalBytes: 5000 } } };
    expect(await codeOf(() => openMessage(mime, limited))).toBe("EBMS:0303");
  });

  it("random bytes and truncated gzip are EBMS:0303", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        try {
          decompressPayload(bytes);
        } catch (e) {
          expect((e as As4Error).code).toBe("EBMS:0303");
        }
      }),
      { numRuns: 300 },
    );
    const good = gzipSync(Buffer.from("hello hello hello"));
    expect(() => decompressPayload(good.subarray(0, good.length - 5))).toThrow(
      expect.objectContaining({ code: "EBMS:0303" }),
    );
  });
});

describe("envelope parser", () => {
  const envelopeOf = (inner: string) =>
    `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Header>${inner}</env:Header><env:Body/></env:Envelope>`;

  it("deep nesting is refused by the depth limit (EBMS:0009), quickly", () => {
    const deep = envelopeOf(`${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}`);
    expect(() => parseEnvelope(deep)).toThrow(expect.objectContaining({ code: "EBMS:0009" }));
  });

  it("a DOCTYPE (entity expansion) and oversized input are refused (EBMS:0009)", () => {
    const laughs = `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>${envelopeOf("&b;")}`;
    expect(() => parseEnvelope(laughs)).toThrow(expect.objectContaining({ code: "EBMS:0009" }));
    expect(() => parseEnvelope(envelopeOf(`<x>${"a".repeat(2_000_000)}</x>`))).toThrow(
      expect.objectContaining({ code: "EBMS:0009" }),
    );
  });

  it("a SOAP 1.1 envelope, no Messaging, or an incomplete UserMessage are EBMS:0009", () => {
    expect(() => parseEnvelope(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>`)).toThrow(
      expect.objectContaining({ code: "EBMS:0009" }),
    );
    expect(() => parseEnvelope(envelopeOf(""))).toThrow(expect.objectContaining({ code: "EBMS:0009" }));
    const eb = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/";
    expect(() =>
      parseEnvelope(
        envelopeOf(
          `<eb:Messaging xmlns:eb="${eb}"><eb:UserMessage><eb:MessageInfo/></eb:UserMessage></eb:Messaging>`,
        ),
      ),
    ).toThrow(expect.objectContaining({ code: "EBMS:0009" }));
  });

  it("random edits of a valid envelope give EBMS:0009 or a message, never another error", () => {
    const text = new TextDecoder().decode(parseMultipart(sample.mime).root.bytes);
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.string({ maxLength: 5 }), fc.nat(10), (at, insert, cut) => {
        const edited = text.slice(0, at) + insert + text.slice(at + cut);
        try {
          parseEnvelope(edited);
        } catch (e) {
          expect((e as As4Error).code).toBe("EBMS:0009");
        }
      }),
      { numRuns: 500 },
    );
  });
});
