/**
 * For tests only: an HTTP proxy on loopback between two access points that mistreats the
 * traffic as a bad network does — it drops requests, delays them, delivers them twice and drops
 * the answers (the receipt reaches the recipient's store but never the sender). Faults follow a
 * fixed cycle over the requests, so every kind happens in every run.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const FAULTS = ["drop-request", "delay", "duplicate", "drop-answer", "pass"] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultyProxy {
  url: string;
  /** How many requests met each fault. */
  seen: Record<Fault, number>;
  /** Requests that reached the target (a duplicate counts twice). */
  forwarded(): number;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Proxies every POST to `target` (a full URL), applying `faults` in turn. */
export async function startFaultyProxy(
  target: string,
  faults: readonly Fault[] = FAULTS,
): Promise<FaultyProxy> {
  const seen = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  let next = 0;
  let forwarded = 0;

  const forward = async (request: IncomingMessage, body: Buffer) => {
    forwarded++;
    const answer = await fetch(target, {
      method: "POST",
      headers: { "content-type": request.headers["content-type"] ?? "" },
      body: new Uint8Array(body),
    });
    return {
      status: answer.status,
      contentType: answer.headers.get("content-type") ?? "",
      body: Buffer.from(await answer.arrayBuffer()),
    };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const fault = faults[next++ % faults.length]!;
    seen[fault]++;
    const body = await bodyOf(request);
    if (fault === "drop-request") {
      request.socket.destroy();
      return;
    }
    if (fault === "delay") await sleep(200 + Math.floor(Math.random() * 800));
    const answers = await Promise.all(
      fault === "duplicate" ? [forward(request, body), forward(request, body)] : [forward(request, body)],
    );
    if (fault === "drop-answer") {
      request.socket.destroy();
      return;
    }
    const answer = answers[0]!;
    response.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/as4`,
    seen,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
