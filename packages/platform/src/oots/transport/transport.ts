/**
 * How OOTS messages travel between member states (OOTS-10; DIGEST §3): an EDM message (RegRep
 * XML) with its attachments, addressed to the other side's access point (C2/C3, from the DSD's
 * `sdg:AccessService/sdg:Identifier`), in a conversation that the answer continues, carrying the
 * four-corner ids (originalSender C1, finalRecipient C4; swapped on the answer) and, in EDM 2.0,
 * the ExchangeId and SpecificationId. The OOTS logic talks only to this interface: over eDelivery
 * AS4 in the platform (as4-transport.ts), in memory in its own tests (memory-transport.ts).
 */
import type { EdmVersion } from "../edm/version.ts";

/** The eb:Service of every EDM exchange between access points. */
export const OOTS_QUERY_SERVICE = {
  value: "QueryManager",
  type: "urn:oasis:names:tc:ebcore:ebrs:ebms:binding:1.0",
} as const;

/** eb:Action per EDM message: request, evidence (or deferred) response, error or preview response. */
export const OOTS_ACTIONS = ["ExecuteQueryRequest", "ExecuteQueryResponse", "ExceptionResponse"] as const;
export type OotsAction = (typeof OOTS_ACTIONS)[number];

/** The RegRep body's part: its MIME type is fixed by the profile (DIGEST §3.1). */
export const REGREP_MIME_TYPE = "application/x-ebrs+xml";

/** A four-corner id: value and its EAS scheme (`urn:cef.eu:names:identifier:EAS:<code>`). */
export interface CornerId {
  value: string;
  scheme: string;
}

export interface OotsAttachment {
  /** Referenced from the RegRep XML as `cid:<contentId>`. */
  contentId: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface OotsExchange {
  action: OotsAction;
  /** The other side's access point: on sending, the recipient; on receiving, the sender. */
  accessPoint: { value: string; type?: string };
  /** The same UUID on a request and its answers (R-EDM-ebMS-017). */
  conversationId: string;
  originalSender: CornerId;
  finalRecipient: CornerId;
  version: EdmVersion;
  /** EDM 2.0: the exchange's id, reused by the second request of a preview (R-EDM-ebMS-037). */
  exchangeId?: string;
  regrep: string;
  attachments?: readonly OotsAttachment[];
}

export interface ReceivedOotsExchange extends OotsExchange {
  /** The transport's id of the message (AS4: eb:MessageId). */
  messageId: string;
}

export type OotsHandler = (received: ReceivedOotsExchange) => Promise<void>;

export interface OotsTransport {
  /** Hands the message to the transport (AS4: stored, then sent with retries); its message id. */
  send(exchange: OotsExchange): Promise<string>;
  /** The one handler for an action; returns the unsubscribe. */
  onReceive(action: OotsAction, handler: OotsHandler): () => void;
}

export class OotsTransportError extends Error {
  override name = "OotsTransportError";
}
