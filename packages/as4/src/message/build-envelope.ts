/**
 * Builds the SOAP 1.2 envelope of an ebMS 3.0 message (Core §5.1–5.2, AS4 §2.1): the
 * eb:Messaging header (mustUnderstand, with a wsu:Id so WS-Security can sign it by reference)
 * and an empty soap:Body with a wsu:Id — eDelivery AS4 carries payloads as MIME parts only.
 */
import { declareNamespaces } from "@tilts/trust";
import { DOMImplementation } from "@xmldom/xmldom";
import { EBMS_NS, SOAP12_NS, WSU_NS } from "../namespaces.ts";
import type { EbmsMessage, MessageInfo, Party, Property, UserMessage } from "./model.ts";
import { el } from "./xml-builder.ts";

/** wsu:Id values of the two signed parts (unique in an envelope: there is one of each). */
export const MESSAGING_ID = "_ebMessaging";
export const BODY_ID = "_soapBody";
const XMLNS = "http://www.w3.org/2000/xmlns/";

/** XML Schema dateTime in UTC with milliseconds (AS4 §3.1: Timestamp in UTC with "Z"). */
export function formatTimestamp(d: Date): string {
  return d.toISOString();
}

export function buildEnvelope(message: EbmsMessage): Document {
  const doc = new DOMImplementation().createDocument(SOAP12_NS, "env:Envelope", null) as unknown as Document;
  const envelope = doc.documentElement!;
  envelope.setAttributeNS(XMLNS, "xmlns:env", SOAP12_NS);
  envelope.setAttributeNS(XMLNS, "xmlns:eb", EBMS_NS);
  envelope.setAttributeNS(XMLNS, "xmlns:wsu", WSU_NS);
  const messaging = el(doc, EBMS_NS, "eb:Messaging", {
    "env:mustUnderstand": "true",
    "wsu:Id": MESSAGING_ID,
  });
  messaging.appendChild(message.kind === "user" ? userMessage(doc, message) : signalMessage(doc, message));
  envelope.appendChild(el(doc, SOAP12_NS, "env:Header", {}, [messaging]));
  envelope.appendChild(el(doc, SOAP12_NS, "env:Body", { "wsu:Id": BODY_ID }));
  // Imported receipt content (ds:Reference copies) keeps its prefixes but not their declarations.
  declareNamespaces(envelope);
  return doc;
}

function messageInfo(doc: Document, info: MessageInfo): Element {
  return el(doc, EBMS_NS, "eb:MessageInfo", {}, [
    el(doc, EBMS_NS, "eb:Timestamp", {}, [formatTimestamp(info.timestamp)]),
    el(doc, EBMS_NS, "eb:MessageId", {}, [info.messageId]),
    info.refToMessageId ? el(doc, EBMS_NS, "eb:RefToMessageId", {}, [info.refToMessageId]) : undefined,
  ]);
}

function party(doc: Document, tag: "eb:From" | "eb:To", p: Party): Element {
  return el(doc, EBMS_NS, tag, {}, [
    ...p.partyIds.map((id) => el(doc, EBMS_NS, "eb:PartyId", { type: id.type }, [id.value])),
    el(doc, EBMS_NS, "eb:Role", {}, [p.role]),
  ]);
}

function properties(doc: Document, tag: string, props: Property[]): Element {
  return el(
    doc,
    EBMS_NS,
    tag,
    {},
    props.map((p) => el(doc, EBMS_NS, "eb:Property", { name: p.name, type: p.type }, [p.value])),
  );
}

function userMessage(doc: Document, m: UserMessage): Element {
  const collaboration = el(doc, EBMS_NS, "eb:CollaborationInfo", {}, [
    m.agreementRef
      ? el(doc, EBMS_NS, "eb:AgreementRef", { type: m.agreementRef.type, pmode: m.agreementRef.pmode }, [
          m.agreementRef.value,
        ])
      : undefined,
    el(doc, EBMS_NS, "eb:Service", { type: m.service.type }, [m.service.value]),
    el(doc, EBMS_NS, "eb:Action", {}, [m.action]),
    el(doc, EBMS_NS, "eb:ConversationId", {}, [m.conversationId]),
  ]);
  return el(doc, EBMS_NS, "eb:UserMessage", { mpc: m.mpc }, [
    messageInfo(doc, m),
    el(doc, EBMS_NS, "eb:PartyInfo", {}, [party(doc, "eb:From", m.from), party(doc, "eb:To", m.to)]),
    collaboration,
    m.properties.length > 0 ? properties(doc, "eb:MessageProperties", m.properties) : undefined,
    m.parts.length > 0
      ? el(
          doc,
          EBMS_NS,
          "eb:PayloadInfo",
          {},
          m.parts.map((p) =>
            el(doc, EBMS_NS, "eb:PartInfo", { href: p.href }, [
              p.properties.length > 0 ? properties(doc, "eb:PartProperties", p.properties) : undefined,
            ]),
          ),
        )
      : undefined,
  ]);
}

function signalMessage(doc: Document, s: Exclude<EbmsMessage, UserMessage>): Element {
  const signal = el(doc, EBMS_NS, "eb:SignalMessage", {}, [messageInfo(doc, s)]);
  if (s.kind === "receipt") {
    const receipt = el(doc, EBMS_NS, "eb:Receipt");
    if (s.receiptContent) receipt.appendChild(doc.importNode(s.receiptContent, true));
    signal.appendChild(receipt);
    return signal;
  }
  for (const e of s.errors) {
    signal.appendChild(
      el(
        doc,
        EBMS_NS,
        "eb:Error",
        {
          errorCode: e.errorCode,
          severity: e.severity,
          category: e.category,
          shortDescription: e.shortDescription,
          origin: e.origin,
          refToMessageInError: e.refToMessageInError,
        },
        [
          e.description
            ? el(doc, EBMS_NS, "eb:Description", { "xml:lang": "en" }, [e.description])
            : undefined,
          e.detail ? el(doc, EBMS_NS, "eb:ErrorDetail", {}, [e.detail]) : undefined,
        ],
      ),
    );
  }
  return signal;
}
