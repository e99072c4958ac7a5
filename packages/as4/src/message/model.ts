/**
 * The ebMS 3.0 message model (Core §5.2): what one eb:Messaging header says. Plain data, built
 * by `buildEnvelope` and read by `parseEnvelope`; the XML shapes are quoted above each type.
 */

/** `<eb:PartyId type="…">value</eb:PartyId>` (§5.2.2.4); type is required when value is not a URI. */
export interface PartyId {
  value: string;
  type?: string;
}

/** `<eb:From|To><eb:PartyId/>+<eb:Role/></…>` (§5.2.2.3–5). */
export interface Party {
  partyIds: PartyId[];
  role: string;
}

/** `<eb:Property name="…" type="…">value</eb:Property>` (§5.2.2.11–13; `type` from the corrected XSD). */
export interface Property {
  name: string;
  value: string;
  type?: string;
}

/** `<eb:PartInfo href="cid:…"><eb:PartProperties>…</eb:PartProperties></eb:PartInfo>` (§5.2.2.13).
 *  AS4 §3.1 puts `MimeType` and, for compressed parts, `CompressionType` here. */
export interface PartInfo {
  href: string;
  properties: Property[];
}

export interface MessageInfo {
  messageId: string;
  timestamp: Date;
  refToMessageId?: string;
}

/** `<eb:UserMessage mpc="…">` (§5.2.2). */
export interface UserMessage extends MessageInfo {
  kind: "user";
  mpc?: string;
  from: Party;
  to: Party;
  /** `<eb:AgreementRef type="…" pmode="…">` (OOTS sends none). */
  agreementRef?: { value: string; type?: string; pmode?: string };
  service: { value: string; type?: string };
  action: string;
  conversationId: string;
  properties: Property[];
  parts: PartInfo[];
}

/** One `<eb:Error>` of an error signal (§6.2). */
export interface EbmsErrorEntry {
  errorCode: string;
  severity: "failure" | "warning";
  category?: string;
  shortDescription?: string;
  origin?: string;
  refToMessageInError?: string;
  description?: string;
  detail?: string;
}

/** `<eb:SignalMessage>` with `<eb:Receipt>` (§5.2.3.3) or `<eb:Error>`s (§5.2.3.4). */
export type SignalMessage =
  | (MessageInfo & { kind: "receipt"; refToMessageId: string; receiptContent?: Element })
  | (MessageInfo & { kind: "error"; errors: EbmsErrorEntry[] });

export type EbmsMessage = UserMessage | SignalMessage;

/** The value of a property by name, or undefined. */
export function propertyOf(props: readonly Property[], name: string): string | undefined {
  return props.find((p) => p.name === name)?.value;
}

/** The Content-ID a `cid:` URL names (RFC 2392: the URL form is percent-encoded). */
export function contentIdOf(cidUrl: string): string {
  const raw = cidUrl.slice(4);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
