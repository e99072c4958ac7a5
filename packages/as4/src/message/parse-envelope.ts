/**
 * Reads the SOAP 1.2 envelope of an ebMS 3.0 message (Core §5.1–5.2) from bytes, through
 * @tilts/trust's hardened `parseXml` (no DTD, size/depth/attribute/node limits). The header
 * must hold exactly one eb:Messaging, and the document no other one anywhere: a second or
 * moved eb:Messaging is how signature wrapping hides a forged header (EBMS:0009).
 */
import { MalformedInputError, type ParsedXml, parseXml, type XmlLimits } from "@tilts/trust";
import { As4Error } from "../errors.ts";
import { EBMS_NS, SOAP12_NS } from "../namespaces.ts";
import type { EbmsErrorEntry, EbmsMessage, MessageInfo, Party, Property, UserMessage } from "./model.ts";
import { children, textContent } from "./xml-builder.ts";

export interface ParsedEnvelope {
  xml: ParsedXml;
  envelope: Element;
  header: Element;
  body: Element;
  /** The one eb:Messaging element the message was read from (what the signature must cover). */
  messaging: Element;
  message: EbmsMessage;
}

/** Envelope limits: the header of an ebMS message is small; payloads travel as MIME parts. */
export const DEFAULT_ENVELOPE_LIMITS: Partial<XmlLimits> = {
  maxBytes: 1024 * 1024,
  maxDepth: 64,
  maxNodes: 50_000,
};

const invalid = (detail: string, cause?: unknown) => new As4Error("EBMS:0009", detail, { cause });

function one(parent: Element, ns: string, local: string, where: string): Element {
  const found = children(parent, ns, local);
  if (found.length !== 1) throw invalid(`${where} must hold exactly one ${local}, found ${found.length}`);
  return found[0]!;
}

function optional(parent: Element, ns: string, local: string): Element | undefined {
  const found = children(parent, ns, local);
  if (found.length > 1) throw invalid(`more than one ${local}`);
  return found[0];
}

function required(parent: Element, local: string): string {
  const value = textContent(one(parent, EBMS_NS, local, parent.localName));
  if (!value) throw invalid(`${local} is empty`);
  return value;
}

export function parseEnvelope(bytes: Uint8Array | string, limits: Partial<XmlLimits> = {}): ParsedEnvelope {
  let xml: ParsedXml;
  try {
    xml = parseXml(bytes, { limits: { ...DEFAULT_ENVELOPE_LIMITS, ...limits } });
  } catch (cause) {
    if (cause instanceof MalformedInputError) throw invalid(`envelope: ${cause.message}`, cause);
    throw cause;
  }
  const envelope = xml.document.documentElement;
  if (!envelope || envelope.namespaceURI !== SOAP12_NS || envelope.localName !== "Envelope")
    throw invalid("the root is not a SOAP 1.2 Envelope");
  const header = one(envelope, SOAP12_NS, "Header", "Envelope");
  const body = one(envelope, SOAP12_NS, "Body", "Envelope");
  const all = xml.document.getElementsByTagNameNS(EBMS_NS, "Messaging");
  if (all.length !== 1) throw invalid(`the document holds ${all.length} eb:Messaging elements, not one`);
  const messaging = one(header, EBMS_NS, "Messaging", "Header");
  const users = children(messaging, EBMS_NS, "UserMessage");
  const signals = children(messaging, EBMS_NS, "SignalMessage");
  // eDelivery AS4 (no bundling, Core §5.2 allows it but the profile does not): one unit per message.
  if (users.length + signals.length !== 1)
    throw invalid(
      `eb:Messaging must hold one UserMessage or SignalMessage, found ${users.length + signals.length}`,
    );
  const message = users[0] ? readUserMessage(users[0]) : readSignal(signals[0]!);
  return { xml, envelope, header, body, messaging, message };
}

function readMessageInfo(parent: Element): MessageInfo {
  const info = one(parent, EBMS_NS, "MessageInfo", parent.localName);
  const stamp = required(info, "Timestamp");
  const timestamp = new Date(/[Zz]|[+-]\d\d:\d\d$/.test(stamp) ? stamp : `${stamp}Z`);
  if (Number.isNaN(timestamp.getTime())) throw invalid("Timestamp is not a dateTime");
  const out: MessageInfo = { messageId: required(info, "MessageId"), timestamp };
  const ref = optional(info, EBMS_NS, "RefToMessageId");
  if (ref) out.refToMessageId = textContent(ref);
  return out;
}

function readParty(info: Element, local: "From" | "To"): Party {
  const p = one(info, EBMS_NS, local, "PartyInfo");
  const ids = children(p, EBMS_NS, "PartyId").map((e) => {
    const id: { value: string; type?: string } = { value: textContent(e) };
    const type = e.getAttribute("type");
    if (type) id.type = type;
    if (!id.value) throw invalid(`${local} has an empty PartyId`);
    return id;
  });
  if (ids.length === 0) throw invalid(`${local} has no PartyId`);
  return { partyIds: ids, role: required(p, "Role") };
}

function readProperties(parent: Element | undefined): Property[] {
  if (!parent) return [];
  return children(parent, EBMS_NS, "Property").map((e) => {
    const name = e.getAttribute("name");
    if (!name) throw invalid("a Property has no name");
    const p: Property = { name, value: textContent(e) };
    const type = e.getAttribute("type");
    if (type) p.type = type;
    return p;
  });
}

function readUserMessage(um: Element): UserMessage {
  const info = readMessageInfo(um);
  const partyInfo = one(um, EBMS_NS, "PartyInfo", "UserMessage");
  const collab = one(um, EBMS_NS, "CollaborationInfo", "UserMessage");
  const serviceEl = one(collab, EBMS_NS, "Service", "CollaborationInfo");
  const message: UserMessage = {
    kind: "user",
    ...info,
    from: readParty(partyInfo, "From"),
    to: readParty(partyInfo, "To"),
    service: { value: textContent(serviceEl) },
    action: required(collab, "Action"),
    conversationId: required(collab, "ConversationId"),
    properties: readProperties(optional(um, EBMS_NS, "MessageProperties")),
    parts: [],
  };
  const serviceType = serviceEl.getAttribute("type");
  if (serviceType) message.service.type = serviceType;
  if (!message.service.value) throw invalid("Service is empty");
  const mpc = um.getAttribute("mpc");
  if (mpc) message.mpc = mpc;
  const agreement = optional(collab, EBMS_NS, "AgreementRef");
  if (agreement) {
    message.agreementRef = { value: textContent(agreement) };
    const type = agreement.getAttribute("type");
    const pmode = agreement.getAttribute("pmode");
    if (type) message.agreementRef.type = type;
    if (pmode) message.agreementRef.pmode = pmode;
  }
  const payloadInfo = optional(um, EBMS_NS, "PayloadInfo");
  for (const part of payloadInfo ? children(payloadInfo, EBMS_NS, "PartInfo") : []) {
    const href = part.getAttribute("href") ?? "";
    // eDelivery AS4 (common profile §2.2.6): payloads are MIME attachments, named by cid:.
    if (!href.startsWith("cid:") || href.length < 5)
      throw invalid(`PartInfo href "${href}" is not a cid: URI`);
    if (message.parts.some((p) => p.href === href)) throw invalid(`two PartInfo name ${href}`);
    message.parts.push({ href, properties: readProperties(optional(part, EBMS_NS, "PartProperties")) });
  }
  return message;
}

function readSignal(signal: Element): EbmsMessage {
  const info = readMessageInfo(signal);
  const receipt = optional(signal, EBMS_NS, "Receipt");
  const errors = children(signal, EBMS_NS, "Error");
  if (receipt && errors.length === 0) {
    if (!info.refToMessageId) throw invalid("a Receipt signal lacks RefToMessageId");
    const content = children(receipt)[0];
    return {
      kind: "receipt",
      ...info,
      refToMessageId: info.refToMessageId,
      ...(content ? { receiptContent: content } : {}),
    };
  }
  if (receipt || errors.length === 0) throw invalid("a SignalMessage must hold a Receipt or Errors");
  return { kind: "error", ...info, errors: errors.map(readError) };
}

function readError(e: Element): EbmsErrorEntry {
  const code = e.getAttribute("errorCode");
  const severity = e.getAttribute("severity");
  if (!code || (severity !== "failure" && severity !== "warning"))
    throw invalid("an Error lacks errorCode or severity");
  const out: EbmsErrorEntry = { errorCode: code, severity };
  for (const a of ["category", "shortDescription", "origin", "refToMessageInError"] as const) {
    const v = e.getAttribute(a);
    if (v) out[a] = v;
  }
  const description = optional(e, EBMS_NS, "Description");
  if (description) out.description = textContent(description);
  const detail = optional(e, EBMS_NS, "ErrorDetail");
  if (detail) out.detail = textContent(detail);
  return out;
}
