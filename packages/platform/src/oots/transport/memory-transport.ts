/**
 * Two linked in-memory transports (a requester's and a provider's side) for testing OOTS logic
 * without AS4: what one sends, the other's handler for that action receives, with the same
 * conversation, corners and parts — as the AS4 transport hands them over.
 */
import { randomUUID } from "node:crypto";
import type {
  OotsAction,
  OotsExchange,
  OotsHandler,
  OotsTransport,
  ReceivedOotsExchange,
} from "./transport.ts";

export interface MemoryTransportPair {
  a: OotsTransport;
  b: OotsTransport;
}

/** `aId`, `bId`: the access-point ids each side is known by (what the receiver sees as the sender). */
export function memoryTransportPair(
  aId: { value: string; type?: string },
  bId: { value: string; type?: string },
): MemoryTransportPair {
  const handlers = { a: new Map<OotsAction, OotsHandler>(), b: new Map<OotsAction, OotsHandler>() };
  const side = (
    own: "a" | "b",
    other: "a" | "b",
    ownId: { value: string; type?: string },
  ): OotsTransport => ({
    async send(exchange: OotsExchange): Promise<string> {
      const handler = handlers[other].get(exchange.action);
      if (!handler) throw new Error(`no handler for ${exchange.action} on the other side`);
      const messageId = `${randomUUID()}@memory`;
      const received: ReceivedOotsExchange = { ...exchange, accessPoint: ownId, messageId };
      await handler(received);
      return messageId;
    },
    onReceive(action, handler) {
      if (handlers[own].has(action)) throw new Error(`a handler for ${action} is already registered`);
      handlers[own].set(action, handler);
      return () => handlers[own].delete(action);
    },
  });
  return { a: side("a", "b", aId), b: side("b", "a", bId) };
}
