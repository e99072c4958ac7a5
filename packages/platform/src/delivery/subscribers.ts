/**
 * The routing port: delivered user messages go to the subscriber registered for their service
 * and action (the OOTS module registers ExecuteQueryRequest and its answers). In process; a
 * message with no subscriber stays stored as `received` and is handed over once one registers
 * and the delivery pass runs again.
 */
import type { StoredPayload } from "./payload-codec.ts";

export interface DeliveredMessage {
  messageId: string;
  conversationId?: string;
  fromParty: string;
  toParty: string;
  service: string;
  action: string;
  payloads: StoredPayload[];
  /** eb:MessageProperties as received (OOTS: originalSender, finalRecipient; in 2.0 also ExchangeId, SpecificationId). */
  properties: { name: string; value: string; type?: string }[];
}

export type Subscriber = (message: DeliveredMessage) => Promise<void>;

export class SubscriberRegistry {
  readonly #byKey = new Map<string, Subscriber>();

  static key(service: string, action: string): string {
    return `${service}\u0000${action}`;
  }

  /** One subscriber per service/action: a second registration is a wiring mistake. */
  subscribe(service: string, action: string, subscriber: Subscriber): () => void {
    const key = SubscriberRegistry.key(service, action);
    if (this.#byKey.has(key)) throw new Error(`a subscriber for ${service} ${action} is already registered`);
    this.#byKey.set(key, subscriber);
    return () => {
      if (this.#byKey.get(key) === subscriber) this.#byKey.delete(key);
    };
  }

  subscriberFor(service: string, action: string): Subscriber | undefined {
    return this.#byKey.get(SubscriberRegistry.key(service, action));
  }
}
