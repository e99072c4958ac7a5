/**
 * The outside services `tilts sign`, `tilts verify --online` and `tilts augment` reach over
 * HTTP — in the CLI layer only; the library gets them as functions (ports). Answers are
 * bounded in size and time.
 */
import type { RevocationFetchers, TimeStampAuthority } from "@tilts/trust";

/** Largest HTTP answer accepted from a TSA, OCSP responder, CRL or CA-certificate URL. */
const MAX_HTTP_BYTES = 64 * 1024 * 1024;
const HTTP_TIMEOUT_MS = 20_000;

async function httpBytes(url: string, init: RequestInit): Promise<Uint8Array | undefined> {
  if (!/^https?:\/\//i.test(url)) return undefined;
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  if (!response.ok) return undefined;
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > MAX_HTTP_BYTES) return undefined;
  const body = new Uint8Array(await response.arrayBuffer());
  return body.length > MAX_HTTP_BYTES ? undefined : body;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;

/** OCSP (RFC 6960 App. A.1 POST), CRL and CA-certificate (RFC 5280 §4.2.2.1) over HTTP. */
export function httpFetchers(): RevocationFetchers {
  return {
    fetchOcsp: (url, request) =>
      httpBytes(url, {
        method: "POST",
        headers: { "content-type": "application/ocsp-request", accept: "application/ocsp-response" },
        body: Buffer.from(request),
      }).catch(() => undefined),
    fetchCrl: (url) => httpBytes(url, { method: "GET" }).catch(() => undefined),
    fetchCertificate: async (url) => {
      const bytes = await httpBytes(url, { method: "GET" }).catch(() => undefined);
      if (!bytes) return undefined;
      const pem = PEM_CERTIFICATE.exec(Buffer.from(bytes).toString("latin1"));
      return pem ? new Uint8Array(Buffer.from(pem[1]!.replace(/\s+/g, ""), "base64")) : bytes;
    },
  };
}

/** RFC 3161 §3.4: POST application/timestamp-query, answer application/timestamp-reply. */
export function httpTsa(url: string): TimeStampAuthority {
  return async (request) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
      body: Buffer.from(request),
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`TSA answered HTTP ${response.status}`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length > MAX_HTTP_BYTES) throw new Error("TSA answer too large");
    return body;
  };
}
