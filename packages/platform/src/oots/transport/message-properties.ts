/**
 * The EDM exchange's eb:MessageProperties and back (DIGEST §3.1): EDM 1.x carries exactly
 * originalSender and finalRecipient (R-EDM-ebMS-018/019); 2.0 adds ExchangeId and SpecificationId
 * `oots-edm:v2.0` (R-EDM-ebMS-037/038). A ConversationId property would be a fatal violation: the
 * conversation travels in eb:ConversationId.
 */
import { EDM_VERSIONS, type EdmVersion } from "../edm/version.ts";
import { type CornerId, OotsTransportError } from "./transport.ts";

export interface Property {
  name: string;
  value: string;
  type?: string;
}

export function propertiesOf(exchange: {
  originalSender: CornerId;
  finalRecipient: CornerId;
  version: EdmVersion;
  exchangeId?: string;
}): Property[] {
  const corners: Property[] = [
    { name: "originalSender", value: exchange.originalSender.value, type: exchange.originalSender.scheme },
    { name: "finalRecipient", value: exchange.finalRecipient.value, type: exchange.finalRecipient.scheme },
  ];
  if (exchange.version !== "2.0") return corners;
  if (!exchange.exchangeId) throw new OotsTransportError("an EDM 2.0 exchange needs its ExchangeId");
  return [
    ...corners,
    { name: "ExchangeId", value: exchange.exchangeId },
    { name: "SpecificationId", value: "oots-edm:v2.0" },
  ];
}

/** The corners, the version (2.0 when SpecificationId says so) and the ExchangeId of received properties. */
export function readProperties(
  properties: readonly Property[],
  versionOfBody: EdmVersion,
): { originalSender: CornerId; finalRecipient: CornerId; version: EdmVersion; exchangeId?: string } {
  const one = (name: string) => {
    const found = properties.filter((p) => p.name === name);
    if (found.length !== 1) throw new OotsTransportError(`the message needs exactly one ${name} property`);
    return found[0]!;
  };
  const corner = (name: string): CornerId => {
    const p = one(name);
    if (!p.type) throw new OotsTransportError(`the ${name} property has no scheme (type)`);
    return { value: p.value, scheme: p.type };
  };
  const specification = properties.find((p) => p.name === "SpecificationId")?.value;
  const version: EdmVersion = specification === "oots-edm:v2.0" ? "2.0" : versionOfBody;
  if (!(EDM_VERSIONS as readonly string[]).includes(version))
    throw new OotsTransportError(`unknown EDM version ${version}`);
  if (version === "2.0") {
    return {
      originalSender: corner("originalSender"),
      finalRecipient: corner("finalRecipient"),
      version,
      exchangeId: one("ExchangeId").value,
    };
  }
  return { originalSender: corner("originalSender"), finalRecipient: corner("finalRecipient"), version };
}
