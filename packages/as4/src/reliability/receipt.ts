/**
 * Receipts (ebMS 3.0 Core §5.2.3.3; AS4 §5.1.8; eDelivery AS4 common profile §2.2.7:
 * signed, non-repudiation receipts). The receipt of a signed user message carries
 * `ebbp:NonRepudiationInformation` with one `ebbp:MessagePartNRInformation` per ds:Reference
 * of the received signature — the digests of exactly what was received. The sender checks
 * them against the references it signed: a receipt proves reception only of those bytes.
 */
import { DOMImplementation } from "@xmldom/xmldom";
import { As4Error } from "../errors.ts";
import type { SignalMessage } from "../message/model.ts";
import { parseEnvelope } from "../message/parse-envelope.ts";
import { children, textContent } from "../message/xml-builder.ts";
import { DS_NS, EBBP_NS, EBMS_NS, WSSE_NS } from "../namespaces.ts";
import type { OpenedMessage } from "../open-message.ts";

const XMLNS = "http://www.w3.org/2000/xmlns/";

export interface BuildReceiptInput {
  received: OpenedMessage;
  messageId: string;
  timestamp: Date;
}

/** The receipt signal for a received user message (sign it with `packageSignal`). */
export function buildReceipt(input: BuildReceiptInput): SignalMessage {
  const { received } = input;
  if (received.message.kind !== "user") throw new As4Error("EBMS:0004", "only user messages are receipted");
  const doc = new DOMImplementation().createDocument(null, "", null) as unknown as Document;
  let content: Element;
  if (received.signature) {
    content = doc.createElementNS(EBBP_NS, "ebbp:NonRepudiationInformation");
    content.setAttributeNS(XMLNS, "xmlns:ebbp", EBBP_NS);
    for (const ref of received.signature.referenceElements) {
      const part = doc.createElementNS(EBBP_NS, "ebbp:MessagePartNRInformation");
      part.appendChild(doc.importNode(ref, true));
      content.appendChild(part);
    }
  } else {
    // AS4 §5.1.8: without a signature, the receipt repeats the received eb:UserMessage.
    content = doc.importNode(
      children(received.envelope.messaging, EBMS_NS, "UserMessage")[0]!,
      true,
    ) as Element;
  }
  return {
    kind: "receipt",
    messageId: input.messageId,
    timestamp: input.timestamp,
    refToMessageId: received.message.messageId,
    receiptContent: content,
  };
}

interface DigestedReference {
  uri: string;
  digestMethod: string;
  digestValue: string;
}

function digestsOf(references: Element[]): DigestedReference[] {
  return references.map((r) => ({
    uri: r.getAttribute("URI") ?? "",
    digestMethod: children(r, DS_NS, "DigestMethod")[0]?.getAttribute("Algorithm") ?? "",
    digestValue: textContent(children(r, DS_NS, "DigestValue")[0]).replace(/\s+/g, ""),
  }));
}

/**
 * Checks a received receipt (already opened: its own signature verified by `openMessage`)
 * against the envelope we sent. Any mismatch is EBMS:0302 InvalidReceipt.
 */
export function verifyReceipt(sentEnvelopeXml: string, receipt: OpenedMessage): void {
  const invalid = (detail: string) => new As4Error("EBMS:0302", detail);
  const sent = parseEnvelope(sentEnvelopeXml);
  const r = receipt.message;
  if (r.kind !== "receipt") throw invalid("the signal is not a receipt");
  if (r.refToMessageId !== sent.message.messageId)
    throw invalid(`the receipt refers to ${r.refToMessageId}, not ${sent.message.messageId}`);
  const security = children(sent.header, WSSE_NS, "Security")[0];
  const signature = security ? children(security, DS_NS, "Signature")[0] : undefined;
  if (!signature) {
    checkNonNrReceipt(r.receiptContent, sent.messaging, invalid);
    return;
  }
  // A non-repudiation receipt proves something only if the receiver signed it (AS4 §5.1.8).
  if (!receipt.signature) throw invalid("the receipt of a signed message is not signed");
  const signedInfo = children(signature, DS_NS, "SignedInfo")[0]!;
  const expected = digestsOf(children(signedInfo, DS_NS, "Reference"));
  const nr = r.receiptContent;
  if (!nr || nr.namespaceURI !== EBBP_NS || nr.localName !== "NonRepudiationInformation")
    throw invalid("the receipt of a signed message lacks ebbp:NonRepudiationInformation");
  const got = digestsOf(
    children(nr, EBBP_NS, "MessagePartNRInformation").flatMap((p) => children(p, DS_NS, "Reference")),
  );
  if (got.length !== expected.length)
    throw invalid(`the receipt lists ${got.length} references, we signed ${expected.length}`);
  for (const e of expected) {
    const match = got.find((g) => g.uri === e.uri);
    if (!match || match.digestMethod !== e.digestMethod || match.digestValue !== e.digestValue)
      throw invalid(`the receipt's digest of ${e.uri} differs from what we sent`);
  }
}

function checkNonNrReceipt(
  content: Element | undefined,
  messaging: Element,
  invalid: (d: string) => As4Error,
) {
  const sentId = textContent(messaging.getElementsByTagNameNS(EBMS_NS, "MessageId")[0]);
  const gotId = content ? textContent(content.getElementsByTagNameNS(EBMS_NS, "MessageId")[0]) : "";
  if (content?.localName !== "UserMessage" || gotId !== sentId)
    throw invalid("the receipt does not repeat the user message we sent");
}
