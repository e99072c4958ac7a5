/**
 * The AS4 access point as a server module (OOTS-10): `POST /as4` (AS4_PATH) takes the raw
 * multipart/related (or bare SOAP) body, bounded by AS4_MAX_MESSAGE_BYTES, and answers with the
 * signed receipt or an ebMS error signal (reception.ts). The route is public: the message
 * protects itself by WS-Security, the sender's certificate is checked against the P-Mode and
 * the trust anchors. The sender loop (sender.ts) runs while the server does.
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { createUnauthenticatedAuditGate } from "../audit/index.ts";
import { PUBLIC } from "../http/route-access.ts";
import type { ServerModule } from "../http/server.ts";
import type { AccessPoint } from "./access-point.ts";
import type { DeliveryDatabase as Database } from "./database.ts";
import { deliverPending } from "./delivery-pass.ts";
import { receiveAs4 } from "./reception.ts";
import { type As4Sender, createAs4Sender, type OutgoingUserMessage, send } from "./sender.ts";
import { SubscriberRegistry } from "./subscribers.ts";

export interface DeliveryModuleOptions {
  accessPoint: AccessPoint;
  /** Default `/as4`. */
  path?: string;
  /** Largest accepted message; default 64 MiB (the library's MIME limit). */
  maxMessageBytes?: number;
  /** Sender poll interval; default 2 s. */
  senderIntervalMs?: number;
  /** Start the sender loop with the server (default true; tests may drive `runOnce`). */
  startSender?: boolean;
}

/** What the rest of the platform uses: the subscriber registry and `send`. */
export interface Delivery {
  module: ServerModule;
  subscribers: SubscriberRegistry;
  /** Stores the message for sending; resolves to its MessageId. Available once the server is built. */
  send(message: OutgoingUserMessage): Promise<string>;
  /** The sender (its loop runs while the server does). */
  sender(): As4Sender;
  /** The first party id the P-Mode gives a party name (a delivered message names its sender so). */
  partyIdOf(name: string): { value: string; type?: string } | undefined;
}

export function deliveryModule(options: DeliveryModuleOptions): Delivery {
  const subscribers = new SubscriberRegistry();
  let db: Kysely<Database> | undefined;
  let sender: As4Sender | undefined;
  const ready = () => {
    if (!db || !sender) throw new Error("the AS4 module is not registered in a server yet");
    return { db, sender };
  };
  const module: ServerModule = {
    name: "as4",
    async register(app: FastifyInstance, { database }) {
      db = database.db;
      const log = app.log.child({ module: "as4" });
      // Refusals come from unidentified senders: a few per source are recorded, the rest counted.
      const refusals = createUnauthenticatedAuditGate(database.db);
      const context = {
        db: database.db,
        accessPoint: options.accessPoint,
        subscribers,
        onDeliveryError: (error: unknown, messageId: string) =>
          log.warn({ err: error, messageId }, "AS4 message stored but not handed to its subscriber"),
        refusals,
      };
      sender = createAs4Sender({
        db: database.db,
        accessPoint: options.accessPoint,
        ...(options.senderIntervalMs !== undefined ? { intervalMs: options.senderIntervalMs } : {}),
        alsoEachTick: async () => {
          await refusals.flush(options.accessPoint.now());
          return deliverPending(context);
        },
        onError: (error, info) =>
          log.warn({ err: error, ...info }, info.gaveUp ? "AS4 send gave up" : "AS4 send failed, will retry"),
      });
      const maxBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
      await app.register(async (scope) => {
        // The body stays bytes: the MIME parser and the signature need them exactly as sent.
        scope.addContentTypeParser(
          ["multipart/related", "application/soap+xml"],
          { parseAs: "buffer", bodyLimit: maxBytes },
          (_request, body, done) => done(null, body),
        );
        scope.post(
          options.path ?? "/as4",
          { config: { access: PUBLIC }, bodyLimit: maxBytes, schema: { hide: true } },
          async (request, reply) => {
            const body = request.body;
            if (!Buffer.isBuffer(body)) return reply.code(415).send();
            const answer = await receiveAs4(
              context,
              {
                contentType: request.headers["content-type"] ?? "",
                body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
              },
              { clientAddress: request.ip },
            );
            if (answer.outcome === "refused")
              log.info({ code: answer.error?.code, detail: answer.error?.detail }, "AS4 message refused");
            return reply.code(answer.status).type(answer.contentType).send(Buffer.from(answer.body));
          },
        );
      });
      const activeSender = sender;
      if (options.startSender !== false) app.addHook("onReady", async () => activeSender.start());
      app.addHook("onClose", async () => {
        await activeSender.stop();
        await refusals.flush(options.accessPoint.now(), true);
      });
    },
  };
  return {
    module,
    subscribers,
    send: (message) => send({ db: ready().db, accessPoint: options.accessPoint }, message),
    sender: () => ready().sender,
    partyIdOf: (name) => options.accessPoint.pmode.parties.find((p) => p.name === name)?.partyIds[0],
  };
}
