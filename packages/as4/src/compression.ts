/**
 * AS4 payload compression (AS4 §3.1; eDelivery AS4 common profile §2.2.6.3): GZIP (RFC 1952)
 * of a part before it is signed and encrypted, announced by the part properties
 * `CompressionType=application/gzip` and `MimeType=<type before compression>`.
 * Decompression is bounded in absolute size and in ratio to the compressed input, so a gzip
 * bomb stops with EBMS:0303 after producing at most the limit, never exhausting memory.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { As4Error } from "./errors.ts";

export interface DecompressionLimits {
  /** Largest decompressed part. */
  maxBytes: number;
  /** Largest sum of the decompressed parts of one message (applied by `openMessage`). */
  maxTotalBytes: number;
  /** Largest allowed decompressed/compressed ratio. Honest XML stays well under 100:1;
   *  deflate's own ceiling is about 1032:1, which is what bombs approach. */
  maxRatio: number;
}

export const DEFAULT_DECOMPRESSION_LIMITS: Readonly<DecompressionLimits> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  maxRatio: 500,
});

export function compressPayload(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

export function decompressPayload(bytes: Uint8Array, limits: Partial<DecompressionLimits> = {}): Uint8Array {
  const l = { ...DEFAULT_DECOMPRESSION_LIMITS, ...limits };
  // Below 1 KiB of input the ratio bound would be too tight for honest small payloads.
  const cap = Math.min(l.maxBytes, Math.max(1024, bytes.length) * l.maxRatio);
  try {
    return new Uint8Array(gunzipSync(bytes, { maxOutputLength: cap }));
  } catch (cause) {
    const tooLarge = (cause as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
    throw new As4Error(
      "EBMS:0303",
      tooLarge ? `decompressed payload exceeds ${cap} bytes` : "the payload is not valid GZIP",
      { cause },
    );
  }
}
