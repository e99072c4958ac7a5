/**
 * For tests and the benchmark: an HTTPS client with a connection certificate and keep-alive
 * (node:https over real TLS sockets), answering status, headers and the raw body.
 */
import { Agent, request } from "node:https";

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body parsed as JSON (throws when it is not). */
  json(): unknown;
}

export interface SystemClient {
  send(
    method: string,
    path: string,
    options?: { headers?: Record<string, string>; body?: Uint8Array | string },
  ): Promise<HttpsAnswer>;
  close(): void;
}

export function systemClient(port: number, tls: { cert: string; key: string }, maxSockets = 1): SystemClient {
  const agent = new Agent({ ...tls, keepAlive: true, maxSockets, rejectUnauthorized: false });
  return {
    send(method, path, options = {}) {
      return new Promise((resolve, reject) => {
        const body = options.body === undefined ? undefined : Buffer.from(options.body);
        const req = request(
          {
            host: "127.0.0.1",
            port,
            method,
            path,
            agent,
            headers: { ...(body ? { "content-length": String(body.length) } : {}), ...options.headers },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => {
              const all = Buffer.concat(chunks);
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: all,
                json: () => JSON.parse(all.toString("utf8")),
              });
            });
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
