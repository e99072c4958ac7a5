/**
 * OOTS over the platform's AS4 access point (OOTS-10; DIGEST §3): an exchange becomes one ebMS
 * user message — service QueryManager, the action of its EDM message, the RegRep XML as the first
 * MIME part (`application/x-ebrs+xml`) and the attachments after it, the conversation in
 * eb:ConversationId and the corners in eb:MessageProperties. The access point stores, signs,
 * encrypts, sends with retries and audits each message (`as4.message.*`); evidence content is
 * never logged. A delivered user message of the service comes back as a ReceivedOotsExchange.
 */
import { randomUUID } from "node:crypto";
import { parseXml } from "@tilts/trust";
import type { DeliveredMessage, Delivery } from "../../delivery/index.ts";
import { detectMessage } from "../edm/check.ts";
import { propertiesOf, readProperties } from "./message-properties.ts";
import {
  OOTS_QUERY_SERVICE,
  type OotsAction,
  type OotsExchange,
  type OotsHandler,
  type OotsTransport,
  OotsTransportError,
  REGREP_MIME_TYPE,
  type ReceivedOotsExchange,
} from "./transport.ts";

/** The part holding the RegRep body: named so in PartInfo and in nothing else. */
const REGREP_PART = "regrep";

export function as4OotsTransport(
  delivery: Pick<Delivery, "send" | "subscribers" | "partyIdOf">,
): OotsTransport {
  return {
    send(exchange: OotsExchange): Promise<string> {
      return delivery.send({
        to: exchange.accessPoint,
        service: OOTS_QUERY_SERVICE,
        action: exchange.action,
        conversationId: exchange.conversationId,
        properties: propertiesOf(exchange),
        payloads: [
          {
            contentId: `${REGREP_PART}-${randomUUID()}@tilts`,
            mimeType: REGREP_MIME_TYPE,
            bytes: new TextEncoder().encode(exchange.regrep),
          },
          ...(exchange.attachments ?? []),
        ],
      });
    },
    onReceive(action: OotsAction, handler: OotsHandler): () => void {
      return delivery.subscribers.subscribe(OOTS_QUERY_SERVICE.value, action, async (message) =>
        handler(exchangeOf(message, action, delivery.partyIdOf(message.fromParty))),
      );
    },
  };
}

function exchangeOf(
  message: DeliveredMessage,
  action: OotsAction,
  sender: { value: string; type?: string } | undefined,
): ReceivedOotsExchange {
  const [body, ...attachments] = message.payloads;
  if (body?.mimeType !== REGREP_MIME_TYPE)
    throw new OotsTransportError(`the first part of an OOTS message must be ${REGREP_MIME_TYPE}`);
  if (!sender) throw new OotsTransportError(`the P-Mode gives ${message.fromParty} no party id`);
  if (!message.conversationId) throw new OotsTransportError("the message has no conversation id");
  const regrep = new TextDecoder("utf-8", { fatal: true }).decode(body.bytes);
  const detected = detectMessage(parseXml(regrep).document);
  if (!detected.version)
    throw new OotsTransportError("the RegRep body announces no EDM version this node speaks");
  const corners = readProperties(message.properties, detected.version);
  return {
    messageId: message.messageId,
    action,
    accessPoint: sender,
    conversationId: message.conversationId,
    ...corners,
    regrep,
    attachments,
  };
}
