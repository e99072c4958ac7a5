/**
 * The test PKI's revocation sources over real HTTP on 127.0.0.1, so that an outside checker
 * (NSS inside poppler's `pdfsig`) can follow the certificates' AIA OCSP URL (RFC 6960 §A.1:
 * POST, or GET with the base64 request in the path) and CRL distribution points (RFC 5280
 * §4.2.1.13). The certificates must name this server: start it first, then build the PKI with
 * `edocTestPki({ base: server.base })`; `fetchers` is read per request for that reason.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { RevocationFetchers } from "../../xades/ports.ts";

export interface RevocationServer {
  base: string;
  close(): Promise<void>;
}

export async function serveRevocation(fetchers: () => RevocationFetchers): Promise<RevocationServer> {
  let base = "";
  const server = createServer((req, res) => {
    answer(req, base, fetchers())
      .then((reply) => {
        if (!reply) {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.setHeader("content-type", reply.type);
        res.end(Buffer.from(reply.body));
      })
      .catch(() => {
        res.statusCode = 500;
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function answer(
  req: IncomingMessage,
  base: string,
  fetchers: RevocationFetchers,
): Promise<{ type: string; body: Uint8Array } | undefined> {
  const path = req.url ?? "/";
  const ocsp = (request: Uint8Array) => fetchers.fetchOcsp?.(`${base}/ocsp`, request);
  if (req.method === "POST" && path === "/ocsp") {
    const body = await readBody(req);
    const r = await ocsp(body);
    return r && { type: "application/ocsp-response", body: r };
  }
  if (req.method === "GET" && path.startsWith("/ocsp/")) {
    const r = await ocsp(new Uint8Array(Buffer.from(decodeURIComponent(path.slice(6)), "base64")));
    return r && { type: "application/ocsp-response", body: r };
  }
  if (req.method === "GET") {
    const r = await fetchers.fetchCrl?.(`${base}${path}`);
    return r && { type: "application/pkix-crl", body: r };
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // An OCSP request is a few hundred bytes; anything far larger is not one.
    if (size > 64 * 1024) throw new Error("request too large");
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
