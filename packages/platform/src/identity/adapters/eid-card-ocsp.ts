/**
 * The OCSP port of the eID card check: POST application/ocsp-request to the responder named in
 * the certificate's AIA (RFC 6960 Appendix A.1), with a timeout and a size cap. A failure
 * answers undefined, which path validation turns into `revocation-unavailable` (fail closed).
 */
const MAX_RESPONSE_BYTES = 64 * 1024;

export function httpOcspFetcher(
  timeoutMs: number,
): (url: string, request: Uint8Array) => Promise<Uint8Array | undefined> {
  return async (url, request) => {
    if (!/^https?:\/\//i.test(url)) return undefined;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/ocsp-request", accept: "application/ocsp-response" },
        body: Buffer.from(request),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      if (!response.ok) return undefined;
      const declared = Number(response.headers.get("content-length") ?? "0");
      if (declared > MAX_RESPONSE_BYTES) return undefined;
      const body = new Uint8Array(await response.arrayBuffer());
      return body.length > MAX_RESPONSE_BYTES ? undefined : body;
    } catch {
      return undefined;
    }
  };
}
