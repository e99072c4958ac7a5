/**
 * One GET to a Common Services search endpoint with the bounds every outside call gets: a
 * time-out over the whole exchange (headers and body), a size limit enforced while reading,
 * no redirects, and only HTTP 200 accepted (DIGEST §5: the binding always answers 200).
 */
import { CommonServicesClientError } from "./errors.ts";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface FetchBounds {
  timeoutMs: number;
  maxBytes: number;
}

export async function fetchAnswer(
  fetchFn: FetchLike,
  url: string,
  headers: Record<string, string>,
  bounds: FetchBounds,
): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(bounds.timeoutMs);
  try {
    const response = await fetchFn(url, { method: "GET", headers, redirect: "error", signal });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new CommonServicesClientError(
        "oots-cs-http-status",
        `the service answered HTTP ${response.status}`,
      );
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > bounds.maxBytes) {
      await response.body?.cancel();
      throw tooLarge(bounds);
    }
    return await readBounded(response, bounds);
  } catch (error) {
    if (error instanceof CommonServicesClientError) throw error;
    if (signal.aborted)
      throw new CommonServicesClientError("oots-cs-timeout", `no answer within ${bounds.timeoutMs} ms`);
    throw new CommonServicesClientError(
      "oots-cs-unreachable",
      "the service could not be reached",
      String(error),
    );
  }
}

async function readBounded(response: Response, bounds: FetchBounds): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > bounds.maxBytes) {
      await reader.cancel();
      throw tooLarge(bounds);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(bounds: FetchBounds): CommonServicesClientError {
  return new CommonServicesClientError("oots-cs-too-large", `the answer exceeds ${bounds.maxBytes} bytes`);
}
