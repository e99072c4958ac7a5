/** The CRL fetcher's limits (a slow or hostile distribution point must not hold a refresh or fill memory). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpCrlFetcher } from "./crl-fetcher.ts";

describe("httpCrlFetcher", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/ok.crl") response.end(Buffer.alloc(1000, 7));
      else if (request.url === "/big.crl") {
        // No content-length: the limit must hold while streaming.
        response.write(Buffer.alloc(1500, 1));
        response.end(Buffer.alloc(1500, 1));
      } else if (request.url === "/declared.crl") {
        response.setHeader("content-length", "999999");
        response.end(Buffer.alloc(10));
      } else if (request.url === "/slow.crl") setTimeout(() => response.end("late"), 2000);
      else if (request.url === "/moved.crl") response.writeHead(302, { location: "/ok.crl" }).end();
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const fetchCrl = httpCrlFetcher({ timeoutMs: 500, maxBytes: 2000 });

  it("returns the body of a CRL within the limits", async () => {
    expect(await fetchCrl(`${base}/ok.crl`)).toEqual(new Uint8Array(1000).fill(7));
  });

  it("refuses a body over the size limit, declared or streamed", async () => {
    await expect(fetchCrl(`${base}/declared.crl`)).rejects.toThrow("the CRL is larger than 2000 bytes");
    await expect(fetchCrl(`${base}/big.crl`)).rejects.toThrow("the CRL is larger than 2000 bytes");
  });

  it("gives up on a slow distribution point, an HTTP error and a redirect", async () => {
    await expect(fetchCrl(`${base}/slow.crl`)).rejects.toThrow(/timeout|aborted/i);
    await expect(fetchCrl(`${base}/missing.crl`)).rejects.toThrow("the distribution point answered HTTP 404");
    await expect(fetchCrl(`${base}/moved.crl`)).rejects.toThrow();
  });
});
