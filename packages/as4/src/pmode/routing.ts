/**
 * Routing decisions over a P-Mode configuration (ebMS 3.0 Core §4.1 P-Mode determination).
 * Incoming: the user message's service, action, agreement, parties and roles select one
 * process and leg; no match, or a sender that is not an initiator, is EBMS:0010
 * ProcessingModeMismatch; several matches are refused too (an ambiguous configuration must
 * not be resolved by file order). Outgoing: the recipient's party id, service and action.
 */
import { As4Error } from "../errors.ts";
import type { PartyId, UserMessage } from "../message/model.ts";
import type { ReceptionPolicy } from "../open-message.ts";
import type { SigningCredentials } from "../security/sign-envelope.ts";
import type { PModeConfiguration, PModeLeg, PModeParty, PModeProcess } from "./model.ts";

export interface RoutedLeg {
  process: PModeProcess;
  leg: PModeLeg;
  from: PModeParty;
  to: PModeParty;
}

const mismatch = (detail: string) => new As4Error("EBMS:0010", detail);

export function partyByIds(config: PModeConfiguration, ids: readonly PartyId[]): PModeParty | undefined {
  return config.parties.find((p) =>
    p.partyIds.some((own) =>
      ids.some((id) => id.value === own.value && (id.type ?? "") === (own.type ?? "")),
    ),
  );
}

function sameService(leg: PModeLeg, service: { value: string; type?: string }) {
  return leg.service.value === service.value && (leg.service.type ?? "") === (service.type ?? "");
}

function sameAgreement(process: PModeProcess, ref: UserMessage["agreementRef"]) {
  // Domibus writes agreement="" for "none" (the OOTS P-Modes do).
  const want = process.agreement?.value ?? "";
  return (
    want === (ref?.value ?? "") && (want === "" || (process.agreement?.type ?? "") === (ref?.type ?? ""))
  );
}

/** Incoming user message → its process and leg. */
export function routeIncoming(config: PModeConfiguration, message: UserMessage): RoutedLeg {
  const from = partyByIds(config, message.from.partyIds);
  const to = partyByIds(config, message.to.partyIds);
  if (!from) throw mismatch("the sending party is not in the P-Mode configuration");
  if (!to || to.name !== config.self) throw mismatch("the message is not addressed to this access point");
  const found: RoutedLeg[] = [];
  for (const process of config.processes) {
    if (!sameAgreement(process, message.agreementRef)) continue;
    if (process.initiatorRole !== message.from.role || process.responderRole !== message.to.role) continue;
    if (!process.initiators.includes(from.name) || !process.responders.includes(to.name)) continue;
    for (const leg of process.legs)
      if (sameService(leg, message.service) && leg.action === message.action)
        found.push({ process, leg, from, to });
  }
  if (found.length === 0)
    throw mismatch(`no leg for service ${message.service.value}, action ${message.action}`);
  if (found.length > 1)
    throw mismatch(`${found.length} legs match service ${message.service.value}, action ${message.action}`);
  const routed = found[0]!;
  for (const name of routed.leg.requiredProperties)
    if (!message.properties.some((p) => p.name === name))
      throw mismatch(`required message property ${name} is missing`);
  return routed;
}

/** Outgoing: to the party with `toPartyId`, for `service`/`action` → process, leg, parties. */
export function routeOutgoing(
  config: PModeConfiguration,
  toPartyId: PartyId,
  service: { value: string; type?: string },
  action: string,
): RoutedLeg {
  const to = partyByIds(config, [toPartyId]);
  const from = config.parties.find((p) => p.name === config.self);
  if (!to) throw mismatch(`no party has the id ${toPartyId.value}`);
  if (!from) throw mismatch(`our own party ${config.self} is not in the configuration`);
  const found: RoutedLeg[] = [];
  for (const process of config.processes) {
    if (!process.initiators.includes(from.name) || !process.responders.includes(to.name)) continue;
    for (const leg of process.legs)
      if (sameService(leg, service) && leg.action === action) found.push({ process, leg, from, to });
  }
  if (found.length !== 1)
    throw mismatch(`${found.length} legs send ${service.value}/${action} to ${to.name}`);
  return found[0]!;
}

/** How to send on the routed leg (for `packageUserMessage`): compression, signature with our
 *  credentials, encryption to the responder's first certificate. */
export function sendingOptionsOf(
  routed: RoutedLeg,
  credentials: Omit<SigningCredentials, "algorithm">,
): { compress: boolean; signing?: SigningCredentials; encryptFor?: Uint8Array } {
  const { security } = routed.leg;
  const out: { compress: boolean; signing?: SigningCredentials; encryptFor?: Uint8Array } = {
    compress: routed.leg.compressPayloads,
  };
  if (security.sign) out.signing = { ...credentials, algorithm: security.signatureAlgorithm };
  if (security.encrypt) {
    const certificate = routed.to.certificates[0];
    if (!certificate)
      throw mismatch(`leg ${routed.leg.name} encrypts, but party ${routed.to.name} has no certificate`);
    out.encryptFor = certificate;
  }
  return out;
}

/** What the routed leg requires of a received message (for `openMessage`). */
export function receptionPolicyOf(routed: RoutedLeg): ReceptionPolicy {
  return {
    signature: { required: routed.leg.security.sign, allowedCertificates: routed.from.certificates },
    encryptionRequired: routed.leg.security.encrypt,
  };
}
