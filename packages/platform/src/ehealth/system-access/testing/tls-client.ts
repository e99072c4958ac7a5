/**
 * For tests: a raw TLS client that keeps one HTTP/1.1 connection open (keep-alive) and reads
 * whole responses, so a test can see a live connection being cut.
 */
import { type ConnectionOptions, connect, type TLSSocket } from "node:tls";

export interface OpenConnection {
  socket: TLSSocket;
  /** Resolves when the connection is closed (by either side). */
  closed: Promise<void>;
  /** Sends GET and resolves to status and JSON body; rejects if the connection closes first. */
  get(path: string): Promise<{ status: number; body: unknown }>;
}

export function openConnection(port: number, options: ConnectionOptions): Promise<OpenConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, rejectUnauthorized: false, ...options });
    let buffered = Buffer.alloc(0);
    let waiting: ((chunk?: Buffer) => void) | undefined;
    const closed = new Promise<void>((done) => socket.once("close", () => done()));
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      waiting?.();
    });
    socket.once("close", () => waiting?.());
    // Before secureConnect these end the attempt; afterwards the promise is settled and they are moot.
    socket.once("error", reject);
    socket.once("close", () => reject(new Error("the connection closed before the handshake completed")));
    socket.once("secureConnect", () =>
      resolve({
        socket,
        closed,
        get(path) {
          socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n`);
          return new Promise((answer, fail) => {
            waiting = () => {
              const text = buffered.toString("latin1");
              const end = text.indexOf("\r\n\r\n");
              const length = /\r\ncontent-length: *(\d+)/i.exec(text)?.[1];
              if (end >= 0 && length !== undefined && buffered.length >= end + 4 + Number(length)) {
                const body = buffered.subarray(end + 4, end + 4 + Number(length)).toString("utf8");
                buffered = buffered.subarray(end + 4 + Number(length));
                waiting = undefined;
                answer({ status: Number(text.slice(9, 12)), body: JSON.parse(body) });
              } else if (socket.destroyed) {
                waiting = undefined;
                fail(new Error("the server closed the connection without an answer"));
              }
            };
            waiting();
          });
        },
      }),
    );
  });
}
