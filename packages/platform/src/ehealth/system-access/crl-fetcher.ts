/**
 * Fetches a CRL over HTTP for the revocation cache, with a time and a size limit so a slow or
 * hostile distribution point cannot hold a refresh or fill memory (the last good CRL stays in use).
 */
export interface CrlFetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_CRL_FETCH_LIMITS: CrlFetchLimits = { timeoutMs: 10_000, maxBytes: 64 * 1024 * 1024 };

export function httpCrlFetcher(
  limits: CrlFetchLimits = DEFAULT_CRL_FETCH_LIMITS,
): (url: string) => Promise<Uint8Array | undefined> {
  return async (url) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(limits.timeoutMs), redirect: "error" });
    if (!response.ok) throw new Error(`the distribution point answered HTTP ${response.status}`);
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > limits.maxBytes) throw new Error(`the CRL is larger than ${limits.maxBytes} bytes`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > limits.maxBytes) throw new Error(`the CRL is larger than ${limits.maxBytes} bytes`);
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  };
}
